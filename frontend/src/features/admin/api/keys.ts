/** Query keys of the administration pages; mutations invalidate by prefix. */
export const adminKeys = {
  all: ['admin'] as const,
  users: () => [...adminKeys.all, 'users'] as const,
  hospitals: () => [...adminKeys.all, 'hospitals'] as const,
  hospital: (id: string) => [...adminKeys.all, 'hospital', id] as const,
  regions: () => [...adminKeys.all, 'regions'] as const,
  roles: () => [...adminKeys.all, 'roles'] as const,
  apiTokens: () => [...adminKeys.all, 'api-tokens'] as const,
  audit: () => [...adminKeys.all, 'audit'] as const,
};
