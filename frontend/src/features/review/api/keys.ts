/** react-query keys of the review feature. */
export const reviewKeys = {
  all: () => ['review'] as const,
  experts: () => [...reviewKeys.all(), 'experts'] as const,
  me: () => [...reviewKeys.all(), 'me'] as const,
  cycles: () => [...reviewKeys.all(), 'cycles'] as const,
  board: (cycleId: string) => [...reviewKeys.all(), 'board', cycleId] as const,
  pool: (applicationId: string) => [...reviewKeys.all(), 'pool', applicationId] as const,
  panel: (id: string) => [...reviewKeys.all(), 'panel', id] as const,
  draw: (id: string) => [...reviewKeys.all(), 'draw', id] as const,
  inbox: () => [...reviewKeys.all(), 'inbox'] as const,
  case: (panelId: string) => [...reviewKeys.all(), 'case', panelId] as const,
  decisions: (status: string) => [...reviewKeys.all(), 'decisions', status] as const,
  decision: (id: string) => [...reviewKeys.all(), 'decision', id] as const,
};
