import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { reviewKeys } from './keys';

/** GET /api/v1/hospitals (list-hospitals), first 200: what a hospital conflict can name. */
export function useConflictHospitals(enabled: boolean) {
  return useQuery({
    queryKey: [...reviewKeys.all(), 'options', 'hospitals'],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/hospitals', { params: { query: { limit: 200 } } }))).items?.map((h) => ({ id: h.id, name: h.name })) ??
      [],
  });
}

/** GET /api/v1/users (list-users), first 200: who a colleague conflict can name. */
export function useConflictColleagues(enabled: boolean) {
  return useQuery({
    queryKey: [...reviewKeys.all(), 'options', 'users'],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/users', { params: { query: { limit: 200 } } }))).items?.map((u) => ({
        id: u.id,
        name: `${u.display_name}（${u.username}）`,
      })) ?? [],
  });
}
