import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import { ApiError } from '@/lib/problem';

import { casesKeys } from './keys';
import type { CaseView } from './types';

/** GET /api/v1/cases/{caseId} (get-case): grouping with its trace, payment, fees, versions and findings. */
export async function getCase(caseId: string): Promise<CaseView> {
  return unwrap(api.GET('/api/v1/cases/{caseId}', { params: { path: { caseId } } }));
}

export function useCase(caseId: string) {
  return useQuery({
    queryKey: casesKeys.detail(caseId),
    queryFn: () => getCase(caseId),
    // A version never changes; "not found" and "not yours" will not either.
    staleTime: 5 * 60_000,
    retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
  });
}
