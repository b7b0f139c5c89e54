/** react-query keys of the applications feature. */
export const applicationKeys = {
  all: () => ['applications'] as const,
  lists: () => [...applicationKeys.all(), 'list'] as const,
  detail: (id: string) => [...applicationKeys.all(), 'detail', id] as const,
  messages: (id: string) => [...applicationKeys.all(), 'messages', id] as const,
  decisions: (id: string) => [...applicationKeys.all(), 'decisions', id] as const,
  options: () => [...applicationKeys.all(), 'options'] as const,
  quota: (hospitalId?: string) => [...applicationKeys.all(), 'quota', hospitalId ?? ''] as const,
  reviewers: () => [...applicationKeys.all(), 'reviewers'] as const,
  regroup: (caseId: string, dx: readonly string[], px: readonly string[]) =>
    [...applicationKeys.all(), 'regroup', caseId, dx.join(','), px.join(',')] as const,
};
