import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { adminKeys } from './keys';

export type ApiToken = components['schemas']['APIToken'];

/** GET /api/v1/api-tokens (list-api-tokens): newest first. */
export async function listApiTokens(): Promise<ApiToken[]> {
  const body = await unwrap(api.GET('/api/v1/api-tokens'));
  return body.items ?? [];
}

export function useApiTokens() {
  return useQuery({ queryKey: adminKeys.apiTokens(), queryFn: listApiTokens });
}
