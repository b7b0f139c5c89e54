import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';

import { ApiError } from './problem';
import { meQueryKey } from './session';

function isMeQuery(queryKey: readonly unknown[]): boolean {
  return queryKey.length === meQueryKey.length && queryKey.every((k, i) => k === meQueryKey[i]);
}

/**
 * The client the app uses: a request the server refused (4xx) is not retried,
 * and any 401 (the session ended: idle, signed out elsewhere, disabled) asks
 * GET /me again, so the route guard sends the user to the sign-in page.
 */
export function createQueryClient(): QueryClient {
  const sessionEnded = (error: unknown) => {
    if (error instanceof ApiError && error.status === 401) {
      void client.invalidateQueries({ queryKey: meQueryKey });
    }
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (!isMeQuery(query.queryKey)) sessionEnded(error);
      },
    }),
    mutationCache: new MutationCache({ onError: sessionEnded }),
    defaultOptions: {
      queries: {
        retry: (failureCount, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
        refetchOnWindowFocus: true,
      },
    },
  });
  return client;
}
