import { useMutation } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import type { NextStep } from './login';

/** POST /api/v1/auth/totp (verify-totp): a TOTP or recovery code completes sign-in. */
export async function verifyTotp(code: string): Promise<NextStep> {
  const { next } = await unwrap(api.POST('/api/v1/auth/totp', { body: { code } }));
  return next === 'change_password' ? 'change_password' : 'done';
}

export function useVerifyTotp() {
  return useMutation({ mutationFn: verifyTotp });
}
