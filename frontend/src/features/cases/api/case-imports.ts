import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import { ApiError, toProblem } from '@/lib/problem';

import { casesKeys } from './keys';
import type { CaseImport, ImportStatus, RowError } from './types';

/** How often a running import is asked for its progress. */
export const POLL_MS = 700;

const FINAL: ReadonlySet<ImportStatus> = new Set(['committed', 'rejected', 'failed']);

export function isFinal(status: ImportStatus | undefined): boolean {
  return status !== undefined && FINAL.has(status);
}

export interface UploadInput {
  file: File;
  /** Bureau administrators: the hospital the file belongs to. */
  hospitalId?: string;
}

/** POST /api/v1/case-imports (upload-case-import): the file as the raw body; answers 202 with the queued import. */
export async function uploadCaseImport({ file, hospitalId }: UploadInput): Promise<CaseImport> {
  return unwrap(
    api.POST('/api/v1/case-imports', {
      params: { query: { file_name: file.name, ...(hospitalId ? { hospital_id: hospitalId } : {}) } },
      body: file as unknown as string,
      bodySerializer: (body: unknown) => body as Blob,
      headers: { 'Content-Type': 'application/octet-stream' },
    }),
  );
}

export function useUploadCaseImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadCaseImport,
    onSuccess: (im) => {
      queryClient.setQueryData(casesKeys.import(im.id), im);
      void queryClient.invalidateQueries({ queryKey: casesKeys.imports() });
    },
  });
}

/** GET /api/v1/case-imports/{importId}, asked again every POLL_MS until the import ends. */
export function useCaseImport(importId: string | undefined) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: casesKeys.import(importId ?? ''),
    enabled: importId !== undefined,
    queryFn: async () => {
      const im = await unwrap(api.GET('/api/v1/case-imports/{importId}', { params: { path: { importId: importId ?? '' } } }));
      if (isFinal(im.status)) {
        // New cases: the lists, the dashboard and the recent imports are out of date.
        void queryClient.invalidateQueries({ queryKey: casesKeys.lists() });
        void queryClient.invalidateQueries({ queryKey: casesKeys.dashboard() });
        void queryClient.invalidateQueries({ queryKey: casesKeys.imports() });
      }
      return im;
    },
    refetchInterval: (query) => (isFinal(query.state.data?.status) || query.state.error ? false : POLL_MS),
  });
}

/** GET /api/v1/case-imports (list-case-imports): the most recent first. */
export function useCaseImports(limit = 20) {
  return useQuery({
    queryKey: [...casesKeys.imports(), limit],
    queryFn: async () => (await unwrap(api.GET('/api/v1/case-imports', { params: { query: { limit } } }))).items ?? [],
  });
}

export function importErrorsHref(importId: string): string {
  return `/api/v1/case-imports/${encodeURIComponent(importId)}/errors?format=csv`;
}

/** GET /api/v1/case-imports/{importId}/errors: the row-level report (a stream, so read by hand). */
export async function getImportErrors(importId: string): Promise<RowError[]> {
  const response = await fetch(`/api/v1/case-imports/${encodeURIComponent(importId)}/errors`, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: toProblem reads the text
  }
  if (!response.ok) throw new ApiError(toProblem(body, response));
  const items = (body as { items?: RowError[] }).items;
  return Array.isArray(items) ? items : [];
}

export function useImportErrors(importId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: casesKeys.importErrors(importId ?? ''),
    queryFn: () => getImportErrors(importId ?? ''),
    enabled: enabled && importId !== undefined,
    staleTime: Infinity,
  });
}

export const TEMPLATE_HREF = { csv: '/api/v1/case-templates/csv', xlsx: '/api/v1/case-templates/xlsx' } as const;
