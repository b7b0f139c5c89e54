import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { pricingKeys } from './keys';

export type PricingDetail = components['schemas']['Detail'];

/** GET /api/v1/pricing/versions/{versionId} (get-pricing-version): parameters and weights. */
export function usePricingVersion(id: string) {
  return useQuery({
    queryKey: pricingKeys.version(id),
    queryFn: () => unwrap(api.GET('/api/v1/pricing/versions/{versionId}', { params: { path: { versionId: id } } })),
  });
}
