import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { listQuery, type CaseFilter } from '../model/filters';

import { casesKeys } from './keys';
import type { CaseSummary } from './types';

export const PAGE_SIZE = 50;

export interface CasePage {
  items: CaseSummary[];
  next?: string;
}

/** GET /api/v1/cases (list-cases): one keyset page; `cursor` the previous page's `next_cursor`. */
export async function listCases(filter: CaseFilter, cursor: string | undefined, limit = PAGE_SIZE): Promise<CasePage> {
  const body = await unwrap(api.GET('/api/v1/cases', { params: { query: listQuery(filter, cursor, limit) } }));
  return { items: body.items ?? [], next: body.next_cursor || undefined };
}

/** One page of the list; the rows on screen stay while the next page loads. */
export function useCasePage(filter: CaseFilter, cursor: string | undefined) {
  return useQuery({
    queryKey: [...casesKeys.lists(), filter, cursor ?? null],
    queryFn: () => listCases(filter, cursor),
    placeholderData: keepPreviousData,
  });
}
