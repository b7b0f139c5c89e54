import { api, unwrap } from '@/lib/api-client';

import type { CodeHit, CodeKind } from './types';

/** How many hits a picker shows (the API allows up to 50). */
export const CODE_SEARCH_LIMIT = 20;

/**
 * GET /api/v1/grouper/codes (search-codes): codes starting with `q`, or whose
 * Chinese name contains it. Called by the code pickers as the user types, so
 * it takes an AbortSignal and is not a react-query hook.
 */
export async function searchCodes(
  q: string,
  kind: CodeKind,
  { plan, limit = CODE_SEARCH_LIMIT, signal }: { plan?: string; limit?: number; signal?: AbortSignal } = {},
): Promise<CodeHit[]> {
  const data = await unwrap(
    api.GET('/api/v1/grouper/codes', {
      params: { query: { q, kind, plan: plan || undefined, limit } },
      signal,
    }),
  );
  return data.items ?? [];
}
