/** Months as the dashboard reads them: `YYYY-MM`, in Asia/Shanghai. */
import { TIME_ZONE } from '@/lib/format';

const MONTH = /^(\d{4})-(\d{2})$/;

/** The month `now` falls in, in Shanghai. */
export function currentMonth(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit' }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}`;
}

/** `month` moved by `delta` months ("2026-01", -1 → "2025-12"). */
export function addMonths(month: string, delta: number): string {
  const m = MONTH.exec(month);
  if (m === null) throw new TypeError(`not a month: ${JSON.stringify(month)}`);
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) + delta;
  const year = Math.floor(index / 12);
  const mon = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(mon).padStart(2, '0')}`;
}

/** How many months [from, to] spans, both ends counted (0 when `to` is before `from`). */
export function monthSpan(from: string, to: string): number {
  const a = MONTH.exec(from);
  const b = MONTH.exec(to);
  if (a === null || b === null) return 0;
  const n = Number(b[1]) * 12 + Number(b[2]) - (Number(a[1]) * 12 + Number(a[2])) + 1;
  return Math.max(n, 0);
}

/** The dashboard's default range: the 12 months ending with this one. */
export function defaultRange(now: Date = new Date()): { from: string; to: string } {
  const to = currentMonth(now);
  return { from: addMonths(to, -11), to };
}

export function isMonth(value: unknown): value is string {
  const m = typeof value === 'string' ? MONTH.exec(value) : null;
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}
