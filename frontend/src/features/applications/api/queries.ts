import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import { applicationKeys } from './keys';
import type { ApplicationListQuery, ApplicationSummary } from './types';

export const PAGE_SIZE = 50;

export interface ApplicationPage {
  items: ApplicationSummary[];
  next?: string;
}

/** GET /api/v1/applications (list-applications): one keyset page. */
export function useApplicationPage(query: ApplicationListQuery, enabled = true) {
  return useQuery({
    queryKey: [...applicationKeys.lists(), query],
    enabled,
    queryFn: async (): Promise<ApplicationPage> => {
      const body = await unwrap(api.GET('/api/v1/applications', { params: { query: { limit: PAGE_SIZE, ...query } } }));
      return { items: body.items ?? [], next: body.next || undefined };
    },
    placeholderData: keepPreviousData,
  });
}

/** GET /api/v1/applications/{id} (get-application): the application with timeline, evidence, requests and actions. */
export function useApplication(id: string) {
  return useQuery({
    queryKey: applicationKeys.detail(id),
    enabled: id !== '',
    queryFn: () => unwrap(api.GET('/api/v1/applications/{applicationId}', { params: { path: { applicationId: id } } })),
  });
}

/** GET /api/v1/applications/{id}/messages (list-application-messages): the thread. */
export function useApplicationMessages(id: string) {
  return useQuery({
    queryKey: applicationKeys.messages(id),
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/applications/{applicationId}/messages', { params: { path: { applicationId: id } } }))).items ?? [],
  });
}

/** GET /api/v1/application-options (get-application-options): types, kinds, checklists and reason templates. */
export function useApplicationOptions() {
  return useQuery({
    queryKey: applicationKeys.options(),
    queryFn: () => unwrap(api.GET('/api/v1/application-options')),
    staleTime: Infinity,
  });
}

/** GET /api/v1/application-quota (get-application-quota): the gauge of this period. */
export function useApplicationQuota(enabled: boolean, hospitalId?: string) {
  return useQuery({
    queryKey: applicationKeys.quota(hospitalId),
    enabled,
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/application-quota', { params: { query: hospitalId ? { hospital_id: hospitalId } : {} } }))).items ?? [],
  });
}

/** GET /api/v1/application-reviewers (list-application-reviewers): the region's reviewers and their open work. */
export function useApplicationReviewers(enabled: boolean) {
  return useQuery({
    queryKey: applicationKeys.reviewers(),
    enabled,
    queryFn: async () => (await unwrap(api.GET('/api/v1/application-reviewers'))).items ?? [],
  });
}

/** POST /api/v1/application-regrouping (preview-regrouping): what-if with proposed codes; nothing is stored. */
export function useRegroupPreview(caseId: string, diagnoses: readonly string[], procedures: readonly string[]) {
  return useQuery({
    queryKey: applicationKeys.regroup(caseId, diagnoses, procedures),
    enabled: caseId !== '' && diagnoses.length > 0,
    queryFn: () =>
      unwrap(
        api.POST('/api/v1/application-regrouping', {
          body: { case_id: caseId, diagnoses: [...diagnoses], procedures: procedures.length > 0 ? [...procedures] : undefined },
        }),
      ),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Where get-application-evidence serves a file; `inline` for a preview in the page. */
export function evidenceUrl(applicationId: string, evidenceId: string, inline: boolean): string {
  const path = `/api/v1/applications/${encodeURIComponent(applicationId)}/evidence/${encodeURIComponent(evidenceId)}`;
  return inline ? `${path}?inline=true` : path;
}
