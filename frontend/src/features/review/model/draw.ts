import type { PoolView, ShortInfo } from '../api/types';

import type { ReviewLabels } from './labels';

type T = (key: string, values?: Record<string, unknown>) => string;

/** The "too few experts" sentence in the interface language, naming the constraint that ran short. */
export function shortText(short: ShortInfo, t: T, l: Pick<ReviewLabels, 'reason'>): string {
  if (short.constraint === 'pool') return t('review.draw.shortPool', { need: short.need, have: short.have });
  const name = l.reason(short.constraint);
  // an unknown constraint: the server's own sentence says it best
  if (name === short.constraint && short.message) return short.message;
  return t('review.draw.shortDetail', { need: short.need, have: short.have, constraint: name });
}

/** Excluded experts grouped by reason, in the order of the draw's filters, for a compact summary. */
export function exclusionCounts(pool: Pick<PoolView, 'excluded'>): { reason: string; count: number }[] {
  const order = [
    'inactive',
    'absent',
    'earlier_panel_or_member',
    'organisation',
    'cross_review',
    'same_hospital',
    'same_group',
    'conflict',
    'load_limit',
    'specialty',
  ];
  const counts = new Map<string, number>();
  for (const e of pool.excluded ?? []) {
    const r = e.reason ?? '';
    counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => {
      const ia = order.indexOf(a.reason);
      const ib = order.indexOf(b.reason);
      return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib) || a.reason.localeCompare(b.reason);
    });
}
