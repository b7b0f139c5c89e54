import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { casesKeys } from './keys';
import type { Dashboard } from './types';

export interface DashboardParams {
  from: string;
  to: string;
  hospitalId?: string;
}

/** GET /api/v1/case-dashboard (get-case-dashboard): one row per discharge month that has cases. */
export async function getDashboard({ from, to, hospitalId }: DashboardParams): Promise<Dashboard> {
  return unwrap(
    api.GET('/api/v1/case-dashboard', { params: { query: { from, to, ...(hospitalId ? { hospital_id: hospitalId } : {}) } } }),
  );
}

export function useDashboard(params: DashboardParams, enabled = true) {
  return useQuery({
    queryKey: [...casesKeys.dashboard(), params],
    queryFn: () => getDashboard(params),
    enabled,
    placeholderData: keepPreviousData,
  });
}
