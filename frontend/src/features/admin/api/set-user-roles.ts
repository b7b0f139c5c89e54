import { useMutation, useQueryClient } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { adminKeys } from './keys';
import type { User } from './list-users';

export type RolesInput = components['schemas']['RolesInput'];

/** PUT /api/v1/users/{userId}/roles (set-user-roles): replaces the roles; the user's sessions end. */
export async function setUserRoles({ id, body }: { id: string; body: RolesInput }): Promise<User> {
  return unwrap(api.PUT('/api/v1/users/{userId}/roles', { params: { path: { userId: id } }, body }));
}

export function useSetUserRoles() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setUserRoles,
    onSettled: () => void queryClient.invalidateQueries({ queryKey: adminKeys.users() }),
  });
}
