import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { operations } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { applicationKeys } from './keys';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** A decision of the application as list-application-decisions sends it (the hospital: confirmed ones, experts by letter). */
export type ReviewDecision = NonNullable<Json<operations['list-application-decisions']['responses'][200]>['items']>[number];

/** GET /api/v1/review/applications/{id}/decisions (list-application-decisions): the hospital sees confirmed ones. */
export function useApplicationDecisions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: applicationKeys.decisions(id),
    enabled: enabled && id !== '',
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/review/applications/{applicationId}/decisions', { params: { path: { applicationId: id } } }))).items ??
      [],
  });
}

/** POST /api/v1/review/applications/{id}/appeal (appeal-review-decision): once, within the appeal period, with a reason. */
export function useAppealDecision() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap(api.POST('/api/v1/review/applications/{applicationId}/appeal', { params: { path: { applicationId: id } }, body: { reason } })),
    onSettled: (_d, _e, v) => {
      void queryClient.invalidateQueries({ queryKey: applicationKeys.detail(v.id) });
      void queryClient.invalidateQueries({ queryKey: applicationKeys.decisions(v.id) });
      void queryClient.invalidateQueries({ queryKey: applicationKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: ['todos'] });
    },
  });
}

/** Where get-review-letter serves a decision letter (PDF; audited). */
export function decisionLetterUrl(decisionId: string): string {
  return `/api/v1/review/decisions/${encodeURIComponent(decisionId)}/letter`;
}
