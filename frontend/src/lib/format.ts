/**
 * How Teyi writes money and dates for people: `¥12,345.67`, `YYYY-MM-DD`,
 * `YYYY-MM-DD HH:mm`, always in Asia/Shanghai. Money arrives from the API as a
 * decimal string and is only re-written here, digit by digit — never parsed
 * into a float, so what the ledger says is what the user reads.
 */

export const TIME_ZONE = 'Asia/Shanghai';

/** What an absent value reads as. */
export const EMPTY = '—';

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$/;

/** Adds one to a string of decimal digits ("199" → "200"). */
function incrementDigits(digits: string): string {
  const out = digits.split('');
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== '9') {
      out[i] = String(Number(out[i]) + 1);
      return out.join('');
    }
    out[i] = '0';
  }
  return `1${out.join('')}`;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * `"12345.6"` → `"¥12,345.60"`, `"-0.005"` → `"-¥0.01"`. Rounds half away from
 * zero to two places (as `numeric(14,2)` does). null/undefined/"" read as "—".
 * Anything that is not a plain decimal string is a bug upstream and throws.
 */
export function formatMoney(value: string | null | undefined): string {
  if (value === null || value === undefined || value.trim() === '') {
    return EMPTY;
  }
  const match = DECIMAL.exec(value.trim());
  if (match === null) {
    throw new TypeError(`formatMoney: not a decimal string: ${JSON.stringify(value)}`);
  }
  const [, sign, intPart = '0', fracPart = ''] = match;
  let cents = intPart + (fracPart + '00').slice(0, 2);
  if ((fracPart[2] ?? '0') >= '5') {
    cents = incrementDigits(cents);
  }
  cents = cents.replace(/^0+(?=\d{3})/, '');
  const whole = cents.slice(0, -2);
  const fraction = cents.slice(-2);
  const negative = sign === '-' && /[1-9]/.test(cents);
  return `${negative ? '-' : ''}¥${groupThousands(whole)}.${fraction}`;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

const dateTimeParts = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function shanghaiParts(value: string | Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new TypeError(`not a date: ${JSON.stringify(String(value))}`);
  }
  const parts = Object.fromEntries(dateTimeParts.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    year: parts.year ?? '',
    month: parts.month ?? '',
    day: parts.day ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
    second: parts.second ?? '',
  };
}

/**
 * The calendar date in Asia/Shanghai: an RFC 3339 instant or a Date becomes
 * `YYYY-MM-DD` there; a date-only string (`2024-03-01`, such as a discharge
 * date) is already a calendar date and is returned as it is.
 */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') {
    return EMPTY;
  }
  if (typeof value === 'string' && DATE_ONLY.test(value)) {
    return value;
  }
  const p = shanghaiParts(value);
  return `${p.year}-${p.month}-${p.day}`;
}

/**
 * An instant as `YYYY-MM-DD HH:mm` in Asia/Shanghai (`YYYY-MM-DD HH:mm:ss`
 * with `seconds`, for things that change by the second, such as a refresh).
 */
export function formatDateTime(
  value: string | Date | null | undefined,
  { seconds = false }: { seconds?: boolean } = {},
): string {
  if (value === null || value === undefined || value === '') {
    return EMPTY;
  }
  const p = shanghaiParts(value);
  const time = seconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
  return `${p.year}-${p.month}-${p.day} ${time}`;
}
