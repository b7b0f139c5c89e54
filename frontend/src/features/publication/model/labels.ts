import type { TFunction } from 'i18next';

import { parsePeriod } from './period';

/** 2026年上半年 / H1 2026. */
export function periodLabel(t: TFunction, period: string): string {
  const p = parsePeriod(period);
  if (!p) return period;
  return t(p.half === 1 ? 'publication.periodH1' : 'publication.periodH2', { year: p.year });
}
