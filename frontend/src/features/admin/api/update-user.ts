import { useMutation, useQueryClient } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { adminKeys } from './keys';
import type { User } from './list-users';

export type UserPatch = components['schemas']['UserPatch'];

/** PATCH /api/v1/users/{userId} (update-user): rename, disable, enable; 409 when `version` is stale. */
export async function updateUser({ id, patch }: { id: string; patch: UserPatch }): Promise<User> {
  return unwrap(api.PATCH('/api/v1/users/{userId}', { params: { path: { userId: id } }, body: patch }));
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateUser,
    onSettled: () => void queryClient.invalidateQueries({ queryKey: adminKeys.users() }),
  });
}
