import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { adminKeys } from './keys';

export type RoleInfo = components['schemas']['RoleInfo'];

/** GET /api/v1/roles (list-roles): every role, its domain kind and the operations it may call. */
export async function listRoles(): Promise<RoleInfo[]> {
  const body = await unwrap(api.GET('/api/v1/roles'));
  return body.items ?? [];
}

export function useRoles() {
  return useQuery({ queryKey: adminKeys.roles(), queryFn: listRoles, staleTime: 5 * 60_000 });
}
