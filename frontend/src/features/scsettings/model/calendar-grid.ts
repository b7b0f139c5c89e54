/** The days of a year laid out as month grids, with the listed holidays and adjusted working days. */

export type DayKind = 'holiday' | 'workday';

export interface ListedDay {
  date: string;
  kind: string;
  name: string;
}

export interface GridCell {
  /** YYYY-MM-DD */
  date: string;
  day: number;
  /** Saturday or Sunday. */
  weekend: boolean;
  /** The listed kind, if the day is listed. */
  kind?: DayKind;
  name?: string;
  /** Whether the day is a working day under this year's arrangement. */
  working: boolean;
}

/** A month as weeks Monday→Sunday; null pads the first and last week. */
export type MonthGrid = (GridCell | null)[][];

const pad = (n: number) => String(n).padStart(2, '0');

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Day of the week, 1 = Monday … 7 = Sunday (dates in UTC: no zone can shift them). */
export function isoWeekday(year: number, month: number, day: number): number {
  const wd = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isWeekendDate(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return false;
  return isoWeekday(y, m, d) >= 6;
}

/** Lays out month (1–12) of year with the listed days. */
export function monthGrid(year: number, month: number, listed: readonly ListedDay[]): MonthGrid {
  const byDate = new Map(listed.map((d) => [d.date, d]));
  const weeks: MonthGrid = [];
  let week: (GridCell | null)[] = Array.from({ length: isoWeekday(year, month, 1) - 1 }, () => null);
  for (let day = 1; day <= daysInMonth(year, month); day++) {
    const date = isoDate(year, month, day);
    const weekend = isoWeekday(year, month, day) >= 6;
    const entry = byDate.get(date);
    const kind = entry?.kind === 'holiday' || entry?.kind === 'workday' ? entry.kind : undefined;
    week.push({
      date,
      day,
      weekend,
      kind,
      name: kind ? entry?.name : undefined,
      working: kind === 'workday' || (kind === undefined && !weekend),
    });
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length > 0) {
    while (week.length < 7) week.push(null);
    weeks.push(week);
  }
  return weeks;
}

/**
 * The year's listed days after setting one day: kind undefined removes it
 * (the day is then a working day or weekend as usual). Sorted by date.
 */
export function withDay(
  listed: readonly ListedDay[],
  date: string,
  kind: DayKind | undefined,
  name: string,
): { date: string; kind: DayKind; name: string }[] {
  const rest: { date: string; kind: DayKind; name: string }[] = [];
  for (const d of listed) {
    if (d.date !== date && (d.kind === 'holiday' || d.kind === 'workday')) rest.push({ date: d.date, kind: d.kind, name: d.name });
  }
  if (kind !== undefined) rest.push({ date, kind, name: name.trim() });
  return rest.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
