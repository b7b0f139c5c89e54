/**
 * Ratios, weights and rates arrive as decimal strings like money does; they
 * are re-written digit by digit, never through a float. Money itself is
 * lib/format's formatMoney.
 */
import { EMPTY } from '@/lib/format';

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$/;

/** Rounds a decimal string half away from zero to `places` digits ("0.37545", 4 → "0.3755"). */
export function roundDecimal(value: string | null | undefined, places: number): string {
  if (value === null || value === undefined || value.trim() === '') return EMPTY;
  const m = DECIMAL.exec(value.trim());
  if (m === null) return value;
  const [, sign, int = '0', frac = ''] = m;
  let digits = (int + (frac + '0'.repeat(places)).slice(0, places)).split('');
  if ((frac[places] ?? '0') >= '5') {
    let i = digits.length - 1;
    for (; i >= 0; i--) {
      if (digits[i] !== '9') {
        digits[i] = String(Number(digits[i]) + 1);
        break;
      }
      digits[i] = '0';
    }
    if (i < 0) digits = ['1', ...digits];
  }
  const all = digits.join('').replace(/^0+(?=\d)/, '').padStart(places + 1, '0');
  const whole = all.slice(0, all.length - places);
  const fraction = places > 0 ? `.${all.slice(all.length - places)}` : '';
  const negative = sign === '-' && /[1-9]/.test(all);
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** A rate as a percentage: "0.96675" → "96.68%" (two places). */
export function formatPercent(rate: string | null | undefined): string {
  if (rate === null || rate === undefined || rate.trim() === '') return EMPTY;
  const m = DECIMAL.exec(rate.trim());
  if (m === null) return rate;
  const [, sign = '', int = '0', frac = ''] = m;
  const padded = (frac + '00').slice(0, 2);
  const shifted = `${sign}${int}${padded}.${frac.slice(2)}`;
  return `${roundDecimal(shifted.endsWith('.') ? shifted.slice(0, -1) : shifted, 2)}%`;
}

/** A decimal string's value for drawing a bar (display only — never for a total). */
export function magnitude(value: string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : 0;
}
