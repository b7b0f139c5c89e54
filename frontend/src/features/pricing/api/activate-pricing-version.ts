import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { pricingKeys } from './keys';

/** POST …/{versionId}/activate (activate-pricing-version): needs the row `version` read; 409 when stale or overlapping. */
export function useActivatePricingVersion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      unwrap(api.POST('/api/v1/pricing/versions/{versionId}/activate', { params: { path: { versionId: id } }, body: { version } })),
    onSuccess: (v) => queryClient.setQueryData(pricingKeys.version(v.id), v),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: pricingKeys.versions() }),
  });
}

/** POST …/{versionId}/retire (retire-pricing-version): withdraw a draft, or end an active version on a day. */
export function useRetirePricingVersion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, effectiveTo }: { id: string; version: number; effectiveTo?: string }) =>
      unwrap(
        api.POST('/api/v1/pricing/versions/{versionId}/retire', {
          params: { path: { versionId: id } },
          body: { version, effective_to: effectiveTo || undefined },
        }),
      ),
    onSuccess: (v) => queryClient.setQueryData(pricingKeys.version(v.id), v),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: pricingKeys.versions() }),
  });
}
