import { useMutation } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrapEmpty } from '@/lib/api-client';

export type PasswordInput = components['schemas']['PasswordInputBody'];

/** POST /api/v1/me/password (change-password); 422 names the field at fault. */
export async function changePassword(body: PasswordInput): Promise<void> {
  await unwrapEmpty(api.POST('/api/v1/me/password', { body }));
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
