import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { adminKeys } from './keys';

export type Region = components['schemas']['Region'];

/** GET /api/v1/regions (list-regions). */
export async function listRegions(): Promise<Region[]> {
  const body = await unwrap(api.GET('/api/v1/regions'));
  return body.items ?? [];
}

export function useRegions(enabled = true) {
  return useQuery({ queryKey: adminKeys.regions(), queryFn: listRegions, enabled, staleTime: 5 * 60_000 });
}
