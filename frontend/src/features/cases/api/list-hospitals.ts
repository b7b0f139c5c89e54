import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { casesKeys } from './keys';

/** GET /api/v1/hospitals (list-hospitals): the first 50 in scope matching `q`, for the bureau's hospital filter. */
export function useHospitalOptions(q: string) {
  return useQuery({
    queryKey: [...casesKeys.all, 'hospitals', q],
    queryFn: async () => (await unwrap(api.GET('/api/v1/hospitals', { params: { query: { q: q || undefined, limit: 50 } } }))).items ?? [],
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  });
}
