import { useQuery } from '@tanstack/react-query';

import type { paths } from '@/api/schema';
import { api } from '@/lib/api-client';
import { ApiError, toProblem } from '@/lib/problem';

// Named after the operation rather than the document's component names, so a
// renamed Go type does not ripple through the UI.
export type SystemStatus =
  paths['/api/v1/system/status']['get']['responses'][200]['content']['application/json'];
export type Check = NonNullable<SystemStatus['checks']>[number];

/** How often the status page asks again. */
export const SYSTEM_STATUS_REFRESH_MS = 5_000;

export const systemStatusQueryKey = ['system', 'status'] as const;

function isSystemStatus(body: unknown): body is SystemStatus {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b.version === 'string' && typeof b.ready === 'boolean' && (b.checks === null || Array.isArray(b.checks));
}

/** GET /api/v1/system/status (get-system-status). */
export async function getSystemStatus(): Promise<SystemStatus> {
  const { data, error, response } = await api.GET('/api/v1/system/status');
  if (data !== undefined) {
    return data;
  }
  // A server that is up but not ready may answer 503 with the same body; it
  // still says which dependency is down, which is what the page is for.
  if (response.status === 503 && isSystemStatus(error)) {
    return error;
  }
  throw new ApiError(toProblem(error, response));
}

export function useSystemStatus() {
  return useQuery({
    queryKey: systemStatusQueryKey,
    queryFn: getSystemStatus,
    refetchInterval: SYSTEM_STATUS_REFRESH_MS,
  });
}
