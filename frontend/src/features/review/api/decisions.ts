import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { operations } from '@/api/schema';

import { api, unwrap } from '@/lib/api-client';
import { reviewKeys } from './keys';
import type { Decision } from './types';

/** GET /api/v1/review/decisions (list-review-decisions): the region's decisions, by status ('' all). */
export function useReviewDecisions(status: string) {
  return useQuery({
    queryKey: reviewKeys.decisions(status),
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/review/decisions', { params: { query: { status: (status || undefined) as DecisionFilter } } }))).items ??
      [],
  });
}

/** GET /api/v1/review/decisions/{decisionId} (get-review-decision): tally, explanation, votes side by side. */
export function useReviewDecision(id: string) {
  return useQuery({
    queryKey: reviewKeys.decision(id),
    enabled: id !== '',
    queryFn: () => unwrap(api.GET('/api/v1/review/decisions/{decisionId}', { params: { path: { decisionId: id } } })),
  });
}

type DecisionFilter = NonNullable<NonNullable<operations['list-review-decisions']['parameters']['query']>['status']>;

function useSettleDecision() {
  const queryClient = useQueryClient();
  return {
    onSuccess: (d: Decision) => queryClient.setQueryData(reviewKeys.decision(d.id), d),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: [...reviewKeys.all(), 'decisions'] });
      void queryClient.invalidateQueries({ queryKey: [...reviewKeys.all(), 'board'] });
      void queryClient.invalidateQueries({ queryKey: [...reviewKeys.all(), 'panel'] });
      void queryClient.invalidateQueries({ queryKey: ['todos'] });
    },
  };
}

/** POST …/{decisionId}/confirmation (confirm-review-decision): the application is decided and the letter issued. */
export function useConfirmDecision() {
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/api/v1/review/decisions/{decisionId}/confirmation', { params: { path: { decisionId: id } } })),
    ...useSettleDecision(),
  });
}

/** POST …/{decisionId}/return (return-review-decision): back to the panel once, with a reason. */
export function useReturnDecision() {
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap(api.POST('/api/v1/review/decisions/{decisionId}/return', { params: { path: { decisionId: id } }, body: { reason } })),
    ...useSettleDecision(),
  });
}

/** Where get-review-letter serves the decision letter (PDF, audited). */
export function reviewLetterUrl(decisionId: string): string {
  return `/api/v1/review/decisions/${encodeURIComponent(decisionId)}/letter`;
}

/** GET /api/v1/public/letters/{code} (verify-review-letter): public, no sign-in. */
export function useVerifyLetter(code: string) {
  return useQuery({
    queryKey: [...reviewKeys.all(), 'verify', code],
    enabled: code !== '',
    retry: false,
    queryFn: () => unwrap(api.GET('/api/v1/public/letters/{code}', { params: { path: { code } } })),
  });
}
