/** A half-year of the publication: `2026H1` (January–June) or `2026H2` (July–December). */
export const PERIOD_PATTERN = /^(\d{4})H([12])$/;

export interface Period {
  year: number;
  half: 1 | 2;
}

export function parsePeriod(s: string): Period | null {
  const m = PERIOD_PATTERN.exec(s);
  if (!m) return null;
  return { year: Number(m[1]), half: m[2] === '1' ? 1 : 2 };
}

export function formatPeriod(p: Period): string {
  return `${p.year}H${p.half}`;
}

/** The half-year holding a day, in Beijing time. */
export function periodOf(now: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric' }).formatToParts(now);
  const year = Number(parts.find((x) => x.type === 'year')?.value);
  const month = Number(parts.find((x) => x.type === 'month')?.value);
  return formatPeriod({ year, half: month <= 6 ? 1 : 2 });
}

export function previousPeriod(s: string): string {
  const p = parsePeriod(s);
  if (!p) return s;
  return p.half === 2 ? formatPeriod({ year: p.year, half: 1 }) : formatPeriod({ year: p.year - 1, half: 2 });
}

/** The last half-year that has ended: the one a region publishes next (H1 in July, H2 in January). */
export function defaultPeriod(now: Date): string {
  return previousPeriod(periodOf(now));
}

/** The current half-year and the n − 1 before it, newest first. */
export function recentPeriods(now: Date, n = 6): string[] {
  const out = [periodOf(now)];
  while (out.length < n) out.push(previousPeriod(out[out.length - 1] ?? ''));
  return out;
}
