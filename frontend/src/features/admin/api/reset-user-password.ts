import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { adminKeys } from './keys';

/** POST /api/v1/users/{userId}/password-reset (reset-user-password): a new one-time password. */
export async function resetUserPassword(id: string): Promise<string> {
  const body = await unwrap(api.POST('/api/v1/users/{userId}/password-reset', { params: { path: { userId: id } } }));
  return body.temporary_password;
}

export function useResetUserPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resetUserPassword,
    onSettled: () => void queryClient.invalidateQueries({ queryKey: adminKeys.users() }),
  });
}
