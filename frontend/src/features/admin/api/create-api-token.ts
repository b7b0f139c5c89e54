import { useMutation, useQueryClient } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { adminKeys } from './keys';

export type TokenInput = components['schemas']['TokenInput'];
export type CreatedToken = components['schemas']['CreatedTokenOutputBody'];

/** POST /api/v1/api-tokens (create-api-token): the secret comes back once. */
export async function createApiToken(body: TokenInput): Promise<CreatedToken> {
  return unwrap(api.POST('/api/v1/api-tokens', { body }));
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApiToken,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: adminKeys.apiTokens() }),
  });
}
