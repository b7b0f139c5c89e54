import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { registryKeys, type RegistryFilters } from './keys';

export type Filing = components['schemas']['Filing'];
export type FilingDetail = components['schemas']['FilingDetail'];
export type FilingEvidence = components['schemas']['FilingEvidence'];
export type FilingInput = components['schemas']['FilingInput'];
export type FilingStatus = Filing['status'];
export type FilingKind = Filing['kind'];

export const STATUSES: FilingStatus[] = ['draft', 'submitted', 'approved', 'rejected', 'withdrawn', 'expired'];
export const KINDS: FilingKind[] = ['drug', 'consumable', 'service'];

/** GET /api/v1/registry/items (list-registry-items): the filings in scope, newest first. */
export function useRegistryItems(filters: RegistryFilters) {
  return useQuery({
    queryKey: registryKeys.list(filters),
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/v1/registry/items', {
            params: {
              query: {
                status: (filters.status || undefined) as FilingStatus | undefined,
                kind: (filters.kind || undefined) as FilingKind | undefined,
                q: filters.q || undefined,
              },
            },
          }),
        )
      ).items ?? [],
  });
}

/** GET /api/v1/registry/items/{itemId} (get-registry-item). */
export function useRegistryItem(id: string) {
  return useQuery({
    queryKey: registryKeys.item(id),
    enabled: id !== '',
    queryFn: () => unwrap(api.GET('/api/v1/registry/items/{itemId}', { params: { path: { itemId: id } } })),
  });
}

function useSettle() {
  const queryClient = useQueryClient();
  return {
    onSuccess: (d: FilingDetail) => queryClient.setQueryData(registryKeys.item(d.id), d),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: registryKeys.lists() }),
  };
}

/** POST /api/v1/registry/items (create-registry-item): a new draft of the caller's hospital. */
export function useCreateRegistryItem() {
  return useMutation({
    mutationFn: (body: FilingInput) => unwrap(api.POST('/api/v1/registry/items', { body })),
    ...useSettle(),
  });
}

/** PUT …/{itemId} (update-registry-item): a draft's fields, with the version read. */
export function useUpdateRegistryItem() {
  return useMutation({
    mutationFn: ({ id, version, input }: { id: string; version: number; input: FilingInput }) =>
      unwrap(api.PUT('/api/v1/registry/items/{itemId}', { params: { path: { itemId: id } }, body: { version, ...input } })),
    ...useSettle(),
  });
}

type Step = 'submit' | 'withdraw';

/** POST …/{itemId}/submit or /withdraw: needs the version read; 409 when stale or in another state. */
export function useRegistryStep(step: Step) {
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      step === 'submit'
        ? unwrap(api.POST('/api/v1/registry/items/{itemId}/submit', { params: { path: { itemId: id } }, body: { version } }))
        : unwrap(api.POST('/api/v1/registry/items/{itemId}/withdraw', { params: { path: { itemId: id } }, body: { version } })),
    ...useSettle(),
  });
}

export interface ApprovalInput {
  version: number;
  valid_from: string;
  valid_to: string;
  scope: 'region' | 'hospital';
}

/** POST …/{itemId}/approve (approve-registry-item): bureau administrators. */
export function useApproveRegistryItem() {
  return useMutation({
    mutationFn: ({ id, ...body }: ApprovalInput & { id: string }) =>
      unwrap(api.POST('/api/v1/registry/items/{itemId}/approve', { params: { path: { itemId: id } }, body })),
    ...useSettle(),
  });
}

/** POST …/{itemId}/reject (reject-registry-item): with a reason. */
export function useRejectRegistryItem() {
  return useMutation({
    mutationFn: ({ id, version, reason }: { id: string; version: number; reason: string }) =>
      unwrap(api.POST('/api/v1/registry/items/{itemId}/reject', { params: { path: { itemId: id } }, body: { version, reason } })),
    ...useSettle(),
  });
}

/** POST …/{itemId}/evidence (upload-registry-evidence): the file as the raw body (at most 20 MiB; PDF, JPEG, PNG, TIFF, OFD). */
export function useUploadRegistryEvidence() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, file }: { id: string; file: File }) =>
      unwrap(
        api.POST('/api/v1/registry/items/{itemId}/evidence', {
          params: { path: { itemId: id }, query: { file_name: file.name } },
          body: file as unknown as string,
          bodySerializer: (body: unknown) => body as Blob,
          headers: { 'Content-Type': 'application/octet-stream' },
        }),
      ),
    onSettled: (_d, _e, v) => void queryClient.invalidateQueries({ queryKey: registryKeys.item(v.id) }),
  });
}

/** The address of one evidence file (download-registry-evidence): inline for preview, or as an attachment. */
export function evidenceUrl(itemId: string, fileId: string, download = false): string {
  const path = `/api/v1/registry/items/${encodeURIComponent(itemId)}/evidence/${encodeURIComponent(fileId)}`;
  return download ? `${path}?download=true` : path;
}

/** The largest evidence file the server accepts. */
export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;
