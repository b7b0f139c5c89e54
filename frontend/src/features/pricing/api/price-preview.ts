import { useMutation } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

export type PreviewCase = components['schemas']['PreviewCase'];
export type Outcome = components['schemas']['Outcome'];

/** POST …/{versionId}/preview (price-preview): prices one case; nothing is stored. */
export function usePricePreview(id: string) {
  return useMutation({
    mutationFn: (c: PreviewCase) =>
      unwrap(api.POST('/api/v1/pricing/versions/{versionId}/preview', { params: { path: { versionId: id } }, body: c })),
  });
}
