import { useMutation, useQueryClient } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, csrfToken, CSRF_HEADER, unwrap } from '@/lib/api-client';
import { ApiError, toProblem } from '@/lib/problem';

import type { PricingDetail } from './get-pricing-version';
import { pricingKeys } from './keys';

export type DraftSpec = components['schemas']['DraftSpec'];

/** POST /api/v1/pricing/versions (create-pricing-draft). */
export function useCreatePricingDraft() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (draft: DraftSpec) => unwrap(api.POST('/api/v1/pricing/versions', { body: draft })),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: pricingKeys.versions() }),
  });
}

/**
 * POST /api/v1/pricing/versions/import (import-pricing-catalogue): the CSV as
 * multipart `file`, the other parameters as JSON in `params`.
 */
export async function importPricingCatalogue({ file, draft }: { file: File; draft: DraftSpec }): Promise<PricingDetail> {
  const form = new FormData();
  form.append('file', file, file.name);
  form.append('params', JSON.stringify(draft));
  const headers: Record<string, string> = {};
  const token = csrfToken();
  if (token) headers[CSRF_HEADER] = token;
  const response = await globalThis.fetch('/api/v1/pricing/versions/import', {
    method: 'POST',
    body: form,
    headers,
    credentials: 'same-origin',
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(toProblem(body, response));
  return body as PricingDetail;
}

export function useImportPricingCatalogue() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importPricingCatalogue,
    onSettled: () => void queryClient.invalidateQueries({ queryKey: pricingKeys.versions() }),
  });
}
