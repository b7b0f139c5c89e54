import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import { reviewKeys } from './keys';
import type { NewCycle } from './types';

/** GET /api/v1/review/cycles (list-review-cycles): the region's cycles, newest first. */
export function useReviewCycles() {
  return useQuery({
    queryKey: reviewKeys.cycles(),
    queryFn: async () => (await unwrap(api.GET('/api/v1/review/cycles'))).items ?? [],
  });
}

/** POST /api/v1/review/cycles (open-review-cycle). */
export function useOpenCycle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewCycle) => unwrap(api.POST('/api/v1/review/cycles', { body })),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: reviewKeys.cycles() }),
  });
}

/** GET /api/v1/review/board (get-review-board): applications waiting for a panel and the panels of the cycle. */
export function useReviewBoard(cycleId: string) {
  return useQuery({
    queryKey: reviewKeys.board(cycleId),
    queryFn: () => unwrap(api.GET('/api/v1/review/board', { params: { query: { cycle_id: cycleId || undefined } } })),
  });
}

/** GET /api/v1/review/applications/{applicationId}/pool (preview-review-draw): who could be drawn, and why not the others. */
export function useDrawPreview(applicationId: string, enabled: boolean) {
  return useQuery({
    queryKey: reviewKeys.pool(applicationId),
    enabled: enabled && applicationId !== '',
    queryFn: () =>
      unwrap(api.GET('/api/v1/review/applications/{applicationId}/pool', { params: { path: { applicationId } } })),
    staleTime: 0,
  });
}

/** POST /api/v1/review/panels (draw-review-panel): the recorded draw; 422 `draw-short` names the constraint. */
export function useDrawPanel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { application_id: string; cycle_id?: string }) => unwrap(api.POST('/api/v1/review/panels', { body })),
    onSuccess: (p) => queryClient.setQueryData(reviewKeys.panel(p.id), p),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: [...reviewKeys.all(), 'board'] });
      void queryClient.invalidateQueries({ queryKey: [...reviewKeys.all(), 'pool'] });
      void queryClient.invalidateQueries({ queryKey: reviewKeys.cycles() });
      void queryClient.invalidateQueries({ queryKey: ['todos'] });
    },
  });
}

/** GET /api/v1/review/panels/{panelId} (get-review-panel): members, who has voted, draws; the votes once closed. */
export function useReviewPanel(id: string) {
  return useQuery({
    queryKey: reviewKeys.panel(id),
    enabled: id !== '',
    queryFn: () => unwrap(api.GET('/api/v1/review/panels/{panelId}', { params: { path: { panelId: id } } })),
  });
}

/** GET /api/v1/review/draws/{drawId} (get-review-draw): the seed, and whether a replay reproduces the panel. */
export function useReviewDraw(id: string, enabled: boolean) {
  return useQuery({
    queryKey: reviewKeys.draw(id),
    enabled: enabled && id !== '',
    queryFn: () => unwrap(api.GET('/api/v1/review/draws/{drawId}', { params: { path: { drawId: id } } })),
  });
}
