import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { http } from '@/lib/api-pending';

import { applicationKeys } from './keys';

// INTERIM: written against REVIEW_API.md until the review operations are in
// openapi.json; then these become the generated types.
export interface ReviewDeduction {
  key: string;
  label: string;
  amount: string;
  reason: string;
}
export interface ReviewVote {
  letter: string;
  choice: 'APPROVE_ITEM_BASED' | 'APPROVE_ADJUSTED_STANDARD' | 'REJECT';
  rationale: string;
  deductions: ReviewDeduction[] | null;
  proposed_weight?: string | null;
  proposed_standard?: string | null;
  cast_at: string;
}
export interface ReviewDecision {
  id: string;
  round: number;
  version: number;
  outcome: 'APPROVED_ITEM_BASED' | 'APPROVED_ADJUSTED_STANDARD' | 'REJECTED';
  deductions: ReviewDeduction[] | null;
  deduction_total: string;
  proposed_weight?: string | null;
  proposed_standard?: string | null;
  approved_amount?: string | null;
  status: 'PROPOSED' | 'CONFIRMED' | 'RETURNED';
  final: boolean;
  confirmed_at?: string | null;
  letter_code?: string;
  appeal_due?: string;
  can_appeal: boolean;
  explanation: string[] | null;
  votes: ReviewVote[] | null;
}

/** GET /api/v1/review/applications/{id}/decisions (list-application-decisions): the hospital sees confirmed ones. */
export function useApplicationDecisions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: applicationKeys.decisions(id),
    enabled: enabled && id !== '',
    queryFn: async () =>
      (
        await http.get<{ items: ReviewDecision[] | null }>('/api/v1/review/applications/{applicationId}/decisions', {
          params: { path: { applicationId: id } },
        })
      ).items ?? [],
  });
}

/** POST /api/v1/review/applications/{id}/appeal (appeal-review-decision): once, within the appeal period, with a reason. */
export function useAppealDecision() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      http.post<unknown>('/api/v1/review/applications/{applicationId}/appeal', { params: { path: { applicationId: id } }, body: { reason } }),
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
