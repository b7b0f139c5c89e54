import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { adminKeys } from './keys';
import type { Hospital } from './list-hospitals';

/** GET /api/v1/hospitals/{hospitalId} (get-hospital): read fresh before editing, for its `version`. */
export async function getHospital(id: string): Promise<Hospital> {
  return unwrap(api.GET('/api/v1/hospitals/{hospitalId}', { params: { path: { hospitalId: id } } }));
}

export function useHospital(id: string | undefined) {
  return useQuery({
    queryKey: adminKeys.hospital(id ?? ''),
    queryFn: () => getHospital(id ?? ''),
    enabled: id !== undefined,
    staleTime: 0,
  });
}
