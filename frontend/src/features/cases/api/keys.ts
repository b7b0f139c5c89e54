/** Query keys of the case pages; an import's end invalidates the lists by prefix. */
export const casesKeys = {
  all: ['cases'] as const,
  lists: () => [...casesKeys.all, 'list'] as const,
  detail: (id: string) => [...casesKeys.all, 'detail', id] as const,
  imports: () => [...casesKeys.all, 'imports'] as const,
  import: (id: string) => [...casesKeys.all, 'import', id] as const,
  importErrors: (id: string) => [...casesKeys.all, 'import-errors', id] as const,
  dashboard: () => [...casesKeys.all, 'dashboard'] as const,
};
