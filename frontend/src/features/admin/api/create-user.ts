import { useMutation, useQueryClient } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { adminKeys } from './keys';

export type UserInput = components['schemas']['UserInput'];
export type CreatedUser = components['schemas']['CreatedUser'];

/** POST /api/v1/users (create-user): the answer carries the one-time password. */
export async function createUser(body: UserInput): Promise<CreatedUser> {
  return unwrap(api.POST('/api/v1/users', { body }));
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: adminKeys.users() }),
  });
}
