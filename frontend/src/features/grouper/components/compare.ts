import type { GroupResult } from '../api/types';

/** The parts of a result the comparison highlights when the two plans disagree. */
export const COMPARED = ['status', 'mdc', 'adrg', 'drg', 'comorbidity', 'split_by'] as const;
export type Compared = (typeof COMPARED)[number];

function valueOf(r: GroupResult, key: Compared): string {
  if (key === 'split_by') return r.split_by ? `${r.split_by.code}|${r.split_by.kind}` : '';
  return r[key] ?? '';
}

/** Which compared parts differ between the two results (empty: same grouping). */
export function differences(a: GroupResult, b: GroupResult): Set<Compared> {
  return new Set(COMPARED.filter((k) => valueOf(a, k) !== valueOf(b, k)));
}

/** Whether both results come from the very same plan (same id and digest). */
export function samePlan(a: GroupResult, b: GroupResult): boolean {
  return a.plan === b.plan && a.plan_digest === b.plan_digest;
}
