import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { casesKeys } from './keys';

/** GET /api/v1/screening-rules (get-screening-rules): the region's rules, or the defaults. */
export function useScreeningRules() {
  return useQuery({
    queryKey: [...casesKeys.all, 'screening-rules'],
    queryFn: () => unwrap(api.GET('/api/v1/screening-rules')),
  });
}

export type ScreeningRules = NonNullable<ReturnType<typeof useScreeningRules>['data']>['rules'];

/** PUT /api/v1/screening-rules (update-screening-rules): needs the version read; 409 when stale. */
export function useUpdateScreeningRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, rules }: { version: number; rules: ScreeningRules }) =>
      unwrap(api.PUT('/api/v1/screening-rules', { body: { version, rules } })),
    onSuccess: (r) => queryClient.setQueryData([...casesKeys.all, 'screening-rules'], r),
  });
}
