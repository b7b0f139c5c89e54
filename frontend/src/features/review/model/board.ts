import type { BoardRow } from '../api/types';

/** What the 抽取专家 button of a board row does, if it shows. */
export type DrawAction = 'draw' | 'appeal' | 'more';

/**
 * An accepted application needs its first panel, an appealed one a fresh
 * panel; a forming panel that lost members and could not replace them all
 * needs its missing seats drawn. Anything else has no draw to make.
 */
export function drawAction(row: Pick<BoardRow, 'status' | 'panel'>): DrawAction | undefined {
  if (row.status === 'ACCEPTED') return 'draw';
  if (row.status === 'APPEALED') return 'appeal';
  const p = row.panel;
  if (p && p.status === 'FORMING' && p.invited + p.accepted < p.size) return 'more';
  return undefined;
}

/** Whether a vote deadline has passed (at `now`). */
export function isPast(due: string | null | undefined, now: Date = new Date()): boolean {
  if (!due) return false;
  const at = new Date(due);
  return !Number.isNaN(at.getTime()) && at.getTime() < now.getTime();
}
