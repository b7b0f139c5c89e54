import { useMutation } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, rememberCsrfToken, unwrap } from '@/lib/api-client';

export type LoginInput = components['schemas']['LoginInputBody'];
export type LoginResult = components['schemas']['LoginResult'];
/** What sign-in still needs after a step. */
export type NextStep = LoginResult['next'];

/** POST /api/v1/auth/login (login): sets the session and CSRF cookies. */
export async function login(body: LoginInput): Promise<LoginResult> {
  const result = await unwrap(api.POST('/api/v1/auth/login', { body }));
  rememberCsrfToken(result.csrf_token);
  return result;
}

export function useLogin() {
  return useMutation({ mutationFn: login });
}
