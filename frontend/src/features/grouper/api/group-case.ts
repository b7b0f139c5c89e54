import { useMutation } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import type { GroupRequest, GroupResult } from './types';

/** POST /api/v1/grouper/group (group-case): what-if grouping, nothing is stored. */
export function groupCase(body: GroupRequest): Promise<GroupResult> {
  return unwrap(api.POST('/api/v1/grouper/group', { body }));
}

/** The comparison plan's call failed (the first one may have succeeded). */
export class CompareFailed extends Error {
  readonly cause: unknown;

  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'CompareFailed';
    this.cause = cause;
  }
}

export interface GroupOutcome {
  first: GroupResult;
  /** Set when a comparison plan was chosen: the same case under that plan. */
  second?: GroupResult;
}

/** Groups the case under its plan and, when `compare` is set, under that plan too (in parallel). */
export function useGroupCase() {
  return useMutation({
    mutationFn: async ({ request, compare }: { request: GroupRequest; compare?: string }): Promise<GroupOutcome> => {
      const [first, second] = await Promise.all([
        groupCase(request),
        compare
          ? groupCase({ ...request, plan: compare }).catch((err: unknown) => {
              throw new CompareFailed(err);
            })
          : Promise.resolve(undefined),
      ]);
      return { first, second };
    },
  });
}
