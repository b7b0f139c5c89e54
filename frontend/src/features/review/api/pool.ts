import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, unwrapEmpty } from '@/lib/api-client';
import { reviewKeys } from './keys';
import type { ExpertUpdate, NewAbsence, NewConflict } from './types';

/** GET /api/v1/review/experts (list-review-experts): the region's pool with load, absences and declarations. */
export function useReviewExperts(enabled = true) {
  return useQuery({
    queryKey: reviewKeys.experts(),
    enabled,
    queryFn: async () => (await unwrap(api.GET('/api/v1/review/experts'))).items ?? [],
  });
}

/** GET /api/v1/review/me (get-my-review-profile): the calling expert's own pool profile. */
export function useMyReviewProfile(enabled = true) {
  return useQuery({
    queryKey: reviewKeys.me(),
    enabled,
    queryFn: () => unwrap(api.GET('/api/v1/review/me')),
  });
}

function useInvalidatePool() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: reviewKeys.experts() });
    void queryClient.invalidateQueries({ queryKey: reviewKeys.me() });
  };
}

/** PUT /api/v1/review/experts/{userId} (update-review-expert): specialties, active, load limit, organisation; 409 when stale. */
export function useUpdateReviewExpert() {
  const invalidate = useInvalidatePool();
  return useMutation({
    mutationFn: ({ userId, ...body }: ExpertUpdate & { userId: string }) =>
      unwrap(api.PUT('/api/v1/review/experts/{userId}', { params: { path: { userId } }, body })),
    onSettled: invalidate,
  });
}

/** POST /api/v1/review/absences (add-review-absence): an expert's own, or (administrators) anyone's. */
export function useAddAbsence() {
  const invalidate = useInvalidatePool();
  return useMutation({
    mutationFn: (body: NewAbsence) => unwrap(api.POST('/api/v1/review/absences', { body })),
    onSettled: invalidate,
  });
}

/** DELETE /api/v1/review/absences/{absenceId} (remove-review-absence). */
export function useRemoveAbsence() {
  const invalidate = useInvalidatePool();
  return useMutation({
    mutationFn: (absenceId: string) => unwrapEmpty(api.DELETE('/api/v1/review/absences/{absenceId}', { params: { path: { absenceId } } })),
    onSettled: invalidate,
  });
}

/** POST /api/v1/review/conflicts (add-review-conflict): a standing declaration (a hospital or a colleague) with a reason. */
export function useAddConflict() {
  const invalidate = useInvalidatePool();
  return useMutation({
    mutationFn: (body: NewConflict) => unwrap(api.POST('/api/v1/review/conflicts', { body })),
    onSettled: invalidate,
  });
}

/** DELETE /api/v1/review/conflicts/{conflictId} (remove-review-conflict). */
export function useRemoveConflict() {
  const invalidate = useInvalidatePool();
  return useMutation({
    mutationFn: (conflictId: string) => unwrapEmpty(api.DELETE('/api/v1/review/conflicts/{conflictId}', { params: { path: { conflictId } } })),
    onSettled: invalidate,
  });
}
