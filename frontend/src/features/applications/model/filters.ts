import type { ApplicationListQuery } from '../api/types';

/** The list's filters in the address (`/applications?status=SUBMITTED&sort=age`), so a to-do opens a filtered list. */
export const FILTER_KEYS = ['status', 'queue', 'hospital_id', 'type', 'overdue', 'q', 'sort', 'after'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type RawFilters = Partial<Record<FilterKey, string>>;

const STATUSES = new Set([
  'DRAFT',
  'HOSPITAL_REVIEW',
  'SUBMITTED',
  'RETURNED_FOR_INFO',
  'ACCEPTED',
  'REJECTED_AT_INTAKE',
  'WITHDRAWN',
  'EXPERT_REVIEW',
  'DECIDED',
  'APPEALED',
  'REGROUPED',
  'SETTLED',
]);
const TYPES = new Set(['LONG_STAY', 'HIGH_COST', 'NEW_DRUG_DEVICE_TECH', 'COMPLEX_CRITICAL', 'MDT', 'OTHER', 'GROUPING_DISPUTE']);

/** The API query for the address's filters; values the API would refuse are dropped, so a hand-edited link still opens. */
export function toQuery(f: RawFilters): ApplicationListQuery {
  const q: ApplicationListQuery = {};
  const statuses = (f.status ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => STATUSES.has(s));
  if (statuses.length > 0) q.status = statuses.join(',');
  if (f.queue === 'mine' || f.queue === 'assigned') q.queue = f.queue;
  if (f.hospital_id && /^[0-9a-f-]{36}$/i.test(f.hospital_id)) q.hospital_id = f.hospital_id;
  if (f.type && TYPES.has(f.type)) q.type = f.type as ApplicationListQuery['type'];
  if (f.overdue === 'true') q.overdue = true;
  if (f.q && f.q.trim() !== '' && f.q.length <= 64) q.q = f.q.trim();
  if (f.sort === 'age' || f.sort === 'updated') q.sort = f.sort;
  if (f.after && f.after.length <= 200) q.after = f.after;
  return q;
}

/** Which title a list has, from its filters: intake, office review, mine, or all. */
export function listKind(f: RawFilters): 'intake' | 'office' | 'mine' | 'all' {
  const status = f.status ?? '';
  if (status === 'SUBMITTED') return 'intake';
  if (status === 'HOSPITAL_REVIEW') return 'office';
  if (f.queue === 'mine') return 'mine';
  return 'all';
}

/** Parses the textarea of proposed codes: comma, space or line separated, upper-cased, de-duplicated. */
export function parseCodes(text: string | undefined): string[] {
  const out: string[] = [];
  for (const part of (text ?? '').split(/[\s,，;；]+/)) {
    const code = part.trim().toUpperCase();
    if (code !== '' && !out.includes(code)) out.push(code);
  }
  return out;
}

/** Whether a claimed amount is a yuan amount with at most two decimals (or empty). */
export function isAmount(text: string | undefined): boolean {
  const v = (text ?? '').trim();
  return v === '' || /^\d{1,10}(\.\d{1,2})?$/.test(v);
}
