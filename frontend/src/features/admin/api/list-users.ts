import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { adminKeys } from './keys';

export type User = components['schemas']['User'];

export interface UserListParams {
  hospital_id?: string;
}

/**
 * GET /api/v1/users (list-users). The operation takes only `hospital_id`
 * today (no search or cursor in its contract), so the page filters the
 * answer by keyword itself.
 */
export async function listUsers(params: UserListParams): Promise<{ items: User[]; next?: string }> {
  const body = await unwrap(api.GET('/api/v1/users', { params: { query: params } }));
  return { items: body.items ?? [], next: body.next };
}

export function useUsers(params: UserListParams) {
  return useQuery({ queryKey: [...adminKeys.users(), params], queryFn: () => listUsers(params) });
}
