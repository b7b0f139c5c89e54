import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrapEmpty } from '@/lib/api-client';

import { adminKeys } from './keys';

/** DELETE /api/v1/api-tokens/{tokenId} (revoke-api-token). */
export async function revokeApiToken(id: string): Promise<void> {
  await unwrapEmpty(api.DELETE('/api/v1/api-tokens/{tokenId}', { params: { path: { tokenId: id } } }));
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeApiToken,
    onSettled: () => void queryClient.invalidateQueries({ queryKey: adminKeys.apiTokens() }),
  });
}
