import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';

import type { components } from '@/api/schema';

import { api, rememberCsrfToken, unwrapEmpty } from './api-client';
import { ApiError, toProblem } from './problem';

/**
 * The signed-in person as GET /api/v1/me describes them: roles held in a
 * hospital or region, and how far sign-in has got (`state`). Several parts of
 * the console need it (route guard, header, access flags, profile), so it
 * lives here rather than in a feature.
 */
export type Me = components['schemas']['Me'];
export type Grant = components['schemas']['Grant'];
export type SessionState = Me['state'];

export const meQueryKey = ['session', 'me'] as const;

/** GET /api/v1/me (get-me); null when nobody is signed in (401). */
export async function getMe(): Promise<Me | null> {
  const { data, error, response } = await api.GET('/api/v1/me');
  if (data !== undefined) {
    rememberCsrfToken(data.csrf_token);
    return data;
  }
  if (response.status === 401) {
    rememberCsrfToken(undefined);
    return null;
  }
  throw new ApiError(toProblem(error, response));
}

export function meQueryOptions() {
  return {
    queryKey: meQueryKey,
    queryFn: getMe,
    staleTime: 30_000,
    retry: (failures: number, error: unknown) =>
      !(error instanceof ApiError && error.status < 500) && failures < 2,
  };
}

/** The current user (null: signed out); refreshed when the window regains focus. */
export function useMe() {
  return useQuery(meQueryOptions());
}

/** Reads GET /me afresh (after a sign-in step), ignoring the cache. */
export function refreshMe(queryClient: QueryClient): Promise<Me | null> {
  return queryClient.fetchQuery({ ...meQueryOptions(), staleTime: 0 });
}

/** POST /api/v1/auth/logout (logout). */
export async function logout(): Promise<void> {
  await unwrapEmpty(api.POST('/api/v1/auth/logout'));
}

/**
 * Signs out and forgets everything cached for this user, so the next person
 * at the screen sees nothing of theirs. A session that already ended (401)
 * counts as signed out.
 */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await logout();
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 401)) throw err;
      }
    },
    onSuccess: () => {
      rememberCsrfToken(undefined);
      queryClient.removeQueries();
      queryClient.setQueryData(meQueryKey, null);
    },
  });
}
