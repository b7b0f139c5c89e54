import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { pricingKeys } from './keys';

export type PricingSummary = components['schemas']['Summary'];

/** GET /api/v1/pricing/versions (list-pricing-versions): the region's versions, newest first. */
export function usePricingVersions() {
  return useQuery({
    queryKey: pricingKeys.versions(),
    queryFn: async () => (await unwrap(api.GET('/api/v1/pricing/versions', {}))).items ?? [],
  });
}
