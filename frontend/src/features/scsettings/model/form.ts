/** Conversions between the settings API (decimal strings) and the form (percentages, numbers). */

import type { Problem } from '@/lib/problem';

/** "0.20" → 20; an unreadable value → undefined. */
export function toPercent(fraction: string | undefined): number | undefined {
  if (fraction === undefined || fraction.trim() === '') return undefined;
  const n = Number(fraction);
  if (!Number.isFinite(n)) return undefined;
  return Math.round(n * 1e6) / 1e4;
}

/** 20 → "0.2", 12.5 → "0.125": decimal shifts on the digits, never float division. */
export function fromPercent(percent: number | string | null | undefined): string {
  if (percent === null || percent === undefined || String(percent).trim() === '') return '';
  const s = String(percent).trim();
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m) return s;
  const [, sign, int = '', frac = ''] = m;
  const digits = (int.padStart(3, '0') + frac).replace(/^0+(?=\d)/, '');
  const whole = digits.padStart(frac.length + 3, '0');
  const point = whole.length - frac.length - 2;
  const out = `${whole.slice(0, point)}.${whole.slice(point)}`.replace(/\.?0+$/, '').replace(/^0*(?=\d)/, '');
  return `${sign}${out === '' ? '0' : out}`;
}

/** The fixed rate of a named basis. */
export const BASIS_RATES: Record<string, string | undefined> = { DRG_5pct: '0.05', DIP_5permille: '0.005' };

/** "0.005" → "0.5 %": for the summary of a rate. */
export function rateLabel(rate: string): string {
  const p = toPercent(rate);
  return p === undefined ? rate : `${p} %`;
}

/**
 * The server's field errors as antd form fields: `body.quota.rate` →
 * ['quota', 'rate']; what names no known field is returned as `rest`.
 */
export function nestedFieldErrors(
  problem: Problem | undefined,
  known: ReadonlySet<string>,
): { fields: { name: string[]; errors: string[] }[]; rest: string[] } {
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const e of problem?.errors ?? []) {
    const path = (e.location ?? '').replace(/^body\./, '');
    if (known.has(path)) byField.set(path, [...(byField.get(path) ?? []), e.message]);
    else rest.push(e.message);
  }
  return { fields: [...byField].map(([path, errors]) => ({ name: path.split('.'), errors })), rest };
}
