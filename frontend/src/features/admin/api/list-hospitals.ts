import { useInfiniteQuery, useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { adminKeys } from './keys';

export type Hospital = components['schemas']['Hospital'];

export interface HospitalListParams {
  /** Name or code. */
  q?: string;
  limit?: number;
}

interface Page {
  items: Hospital[];
  next?: string;
}

/** GET /api/v1/hospitals (list-hospitals): keyset pages, `after` the previous page's `next`. */
export async function listHospitals(params: HospitalListParams & { after?: string }): Promise<Page> {
  const query = { ...params, q: params.q || undefined, after: params.after || undefined };
  const body = await unwrap(api.GET('/api/v1/hospitals', { params: { query } }));
  return { items: body.items ?? [], next: body.next || undefined };
}

/** The hospitals list, page after page ("load more"). */
export function useHospitalPages(params: HospitalListParams, enabled = true) {
  return useInfiniteQuery({
    queryKey: [...adminKeys.hospitals(), 'pages', params],
    queryFn: ({ pageParam }) => listHospitals({ ...params, after: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next,
    enabled,
  });
}

/** The first page only (up to 200), for choosing a hospital and naming hospitals by id. */
export function useHospitals(params: HospitalListParams, enabled = true) {
  return useQuery({
    queryKey: [...adminKeys.hospitals(), 'first', params],
    queryFn: () => listHospitals({ limit: 200, ...params }),
    enabled,
    placeholderData: (previous) => previous,
  });
}
