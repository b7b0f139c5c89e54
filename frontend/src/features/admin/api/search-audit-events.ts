import { useInfiniteQuery } from '@tanstack/react-query';

import type { components, operations } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { adminKeys } from './keys';

export type AuditEvent = components['schemas']['Row'];
export type AuditFilter = Omit<NonNullable<operations['search-audit-events']['parameters']['query']>, 'before'>;

interface Page {
  items: AuditEvent[];
  next?: number;
}

/** GET /api/v1/audit-events (search-audit-events): newest first; `before` the previous page's `next`. */
export async function searchAuditEvents(filter: AuditFilter & { before?: number }): Promise<Page> {
  const query = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== ''));
  const body = await unwrap(api.GET('/api/v1/audit-events', { params: { query } }));
  return { items: body.items ?? [], next: body.next || undefined };
}

export function useAuditEvents(filter: AuditFilter) {
  return useInfiniteQuery({
    queryKey: [...adminKeys.audit(), filter],
    queryFn: ({ pageParam }) => searchAuditEvents({ ...filter, before: pageParam }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.next,
  });
}
