import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, unwrapEmpty } from '@/lib/api-client';

import { applicationKeys } from './keys';
import type { CreateBody, EvidenceKind, TransitionCommand } from './types';

function useInvalidate() {
  const queryClient = useQueryClient();
  return (id?: string) => {
    void queryClient.invalidateQueries({ queryKey: applicationKeys.lists() });
    void queryClient.invalidateQueries({ queryKey: [...applicationKeys.all(), 'quota'] });
    void queryClient.invalidateQueries({ queryKey: ['todos'] });
    if (id !== undefined) {
      void queryClient.invalidateQueries({ queryKey: applicationKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: applicationKeys.messages(id) });
    }
  };
}

/** POST /api/v1/applications (create-application): opens a draft for a case. */
export function useCreateApplication() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: CreateBody) => unwrap(api.POST('/api/v1/applications', { body })),
    onSuccess: (d) => invalidate(d.id),
  });
}

export interface EditInput {
  id: string;
  version: number;
  types: CreateBody['types'];
  justification?: string;
  claimed_amount?: string;
  proposal?: CreateBody['proposal'];
}

/** PUT /api/v1/applications/{id} (update-application): changes a draft's content; 409 when stale. */
export function useUpdateApplication() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...body }: EditInput) =>
      unwrap(api.PUT('/api/v1/applications/{applicationId}', { params: { path: { applicationId: id } }, body })),
    onSuccess: (r) => invalidate(r.id),
  });
}

export interface TransitionInput {
  id: string;
  version: number;
  command: TransitionCommand;
  reason_code?: string;
  note?: string;
}

/** POST /api/v1/applications/{id}/transitions (transition-application): one command of the state machine. */
export function useTransition() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...body }: TransitionInput) =>
      unwrap(
        api.POST('/api/v1/applications/{applicationId}/transitions', {
          params: { path: { applicationId: id } },
          body: { ...body, reason_code: body.reason_code || undefined, note: body.note || undefined },
        }),
      ),
    onSettled: (_r, _e, v) => invalidate(v.id),
  });
}

/** POST /api/v1/application-assignments (assign-applications): a batch to one reviewer, an outcome per row. */
export function useAssignApplications() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { reviewer_id: string; applications: { id: string; version: number }[] }) =>
      unwrap(api.POST('/api/v1/application-assignments', { body })),
    onSettled: () => invalidate(),
  });
}

export interface UploadInput {
  id: string;
  file: Blob;
  fileName: string;
  kind: EvidenceKind;
  purpose?: 'evidence' | 'attachment';
}

/** POST …/evidence (upload-application-evidence): the file as the raw body; 413 too large, 415 wrong type. */
export function useUploadEvidence() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, file, fileName, kind, purpose }: UploadInput) =>
      unwrap(
        api.POST('/api/v1/applications/{applicationId}/evidence', {
          params: { path: { applicationId: id }, query: { kind, purpose: purpose ?? 'evidence', file_name: fileName } },
          body: file as unknown as string,
          bodySerializer: (body: unknown) => body as Blob,
          headers: { 'Content-Type': 'application/octet-stream' },
        }),
      ),
    onSuccess: (_e, v) => invalidate(v.id),
  });
}

/** DELETE …/evidence/{evidenceId} (remove-application-evidence): before submission only. */
export function useRemoveEvidence() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, evidenceId }: { id: string; evidenceId: string }) =>
      unwrapEmpty(
        api.DELETE('/api/v1/applications/{applicationId}/evidence/{evidenceId}', {
          params: { path: { applicationId: id, evidenceId } },
        }),
      ),
    onSettled: (_r, _e, v) => invalidate(v.id),
  });
}

/** POST …/messages (post-application-message): a message of the thread, with uploaded attachments. */
export function usePostMessage() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body, attachmentIds }: { id: string; body: string; attachmentIds: string[] }) =>
      unwrap(
        api.POST('/api/v1/applications/{applicationId}/messages', {
          params: { path: { applicationId: id } },
          body: { body, attachment_ids: attachmentIds.length > 0 ? attachmentIds : undefined },
        }),
      ),
    onSuccess: (_m, v) => invalidate(v.id),
  });
}
