import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import type { Plan } from './types';

export const grouperPlansQueryKey = ['grouper', 'plans'] as const;

/** GET /api/v1/grouper/plans (list-grouper-plans). */
export async function listGrouperPlans(): Promise<Plan[]> {
  const data = await unwrap(api.GET('/api/v1/grouper/plans'));
  return data.items ?? [];
}

/** The grouping plans the server has loaded; they change only with a plan import. */
export function useGrouperPlans() {
  return useQuery({ queryKey: grouperPlansQueryKey, queryFn: listGrouperPlans, staleTime: 5 * 60_000 });
}
