/** react-query keys of the registry feature. */
export const registryKeys = {
  all: () => ['registry'] as const,
  lists: () => [...registryKeys.all(), 'list'] as const,
  list: (filters: RegistryFilters) => [...registryKeys.lists(), filters] as const,
  item: (id: string) => [...registryKeys.all(), 'item', id] as const,
};

export interface RegistryFilters {
  status?: string;
  kind?: string;
  q?: string;
}
