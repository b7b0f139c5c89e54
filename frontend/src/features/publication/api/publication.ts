import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

export type ReportSummary = components['schemas']['PublicationSummary'];
export type ReportDetail = components['schemas']['PublicationDetail'];
export type Report = components['schemas']['PublicationReport'];
export type ReportRow = components['schemas']['PublicationRow'];

/** react-query keys of the publication feature. */
export const publicationKeys = {
  all: () => ['publication'] as const,
  lists: () => [...publicationKeys.all(), 'list'] as const,
  list: (period: string) => [...publicationKeys.lists(), period] as const,
  report: (id: string) => [...publicationKeys.all(), 'report', id] as const,
};

/** GET /api/v1/special-case-reports (list-special-case-reports): published versions, and drafts for the bureau. */
export function useReports(period = '') {
  return useQuery({
    queryKey: publicationKeys.list(period),
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/special-case-reports', { params: { query: { period: period || undefined } } }))).items ?? [],
  });
}

/** GET /api/v1/special-case-reports/{reportId} (get-special-case-report). */
export function useReport(id: string) {
  return useQuery({
    queryKey: publicationKeys.report(id),
    enabled: id !== '',
    queryFn: () => unwrap(api.GET('/api/v1/special-case-reports/{reportId}', { params: { path: { reportId: id } } })),
  });
}

function useSettle() {
  const queryClient = useQueryClient();
  return {
    onSuccess: (d: ReportDetail) => queryClient.setQueryData(publicationKeys.report(d.id), d),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: publicationKeys.all() }),
  };
}

/** POST /api/v1/special-case-reports/drafts (draft-special-case-report): build (or rebuild) the period's draft. */
export function useDraftReport() {
  return useMutation({
    mutationFn: (period: string) => unwrap(api.POST('/api/v1/special-case-reports/drafts', { body: { period } })),
    ...useSettle(),
  });
}

/** POST …/{reportId}/publish (publish-special-case-report): the draft's revision read; 409 when rebuilt or already published. */
export function usePublishReport() {
  return useMutation({
    mutationFn: ({ id, revision }: { id: string; revision: number }) =>
      unwrap(api.POST('/api/v1/special-case-reports/{reportId}/publish', { params: { path: { reportId: id } }, body: { revision } })),
    ...useSettle(),
  });
}

/** The address of a report's file (download-special-case-report-xlsx / -pdf). */
export function reportFileUrl(id: string, format: 'xlsx' | 'pdf'): string {
  return `/api/v1/special-case-reports/${encodeURIComponent(id)}/${format}`;
}
