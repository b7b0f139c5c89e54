import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import { reviewKeys } from './keys';
import type { Answer, VoteBody } from './types';

/** GET /api/v1/review/inbox (get-review-inbox): the calling expert's invitations and panels. */
export function useReviewInbox() {
  return useQuery({
    queryKey: reviewKeys.inbox(),
    queryFn: async () => (await unwrap(api.GET('/api/v1/review/inbox'))).items ?? [],
  });
}

/** POST /api/v1/review/panels/{panelId}/response (respond-review-invitation): accept, decline or declare a conflict. */
export function useRespondInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ panelId, answer, reason }: { panelId: string; answer: Answer; reason?: string }) =>
      unwrap(
        api.POST('/api/v1/review/panels/{panelId}/response', {
          params: { path: { panelId } },
          body: { answer, reason: reason || undefined },
        }),
      ),
    onSettled: (_d, _e, v) => {
      void queryClient.invalidateQueries({ queryKey: reviewKeys.inbox() });
      void queryClient.invalidateQueries({ queryKey: reviewKeys.case(v.panelId) });
      void queryClient.invalidateQueries({ queryKey: ['todos'] });
    },
  });
}

/** GET /api/v1/review/panels/{panelId}/case (get-review-case): the de-identified application (audited; 404 if not a member). */
export function useReviewCase(panelId: string) {
  return useQuery({
    queryKey: reviewKeys.case(panelId),
    enabled: panelId !== '',
    queryFn: () => unwrap(api.GET('/api/v1/review/panels/{panelId}/case', { params: { path: { panelId } } })),
  });
}

/** POST /api/v1/review/panels/{panelId}/votes (cast-review-vote): sealed, once; 409 twice, late or closed. */
export function useCastVote() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ panelId, body }: { panelId: string; body: VoteBody }) =>
      unwrap(api.POST('/api/v1/review/panels/{panelId}/votes', { params: { path: { panelId } }, body })),
    onSettled: (_d, _e, v) => {
      void queryClient.invalidateQueries({ queryKey: reviewKeys.case(v.panelId) });
      void queryClient.invalidateQueries({ queryKey: reviewKeys.inbox() });
      void queryClient.invalidateQueries({ queryKey: ['todos'] });
    },
  });
}

/** Where get-review-evidence serves a file inline (each view is audited). */
export function reviewEvidenceUrl(panelId: string, evidenceId: string): string {
  return `/api/v1/review/panels/${encodeURIComponent(panelId)}/evidence/${encodeURIComponent(evidenceId)}`;
}
