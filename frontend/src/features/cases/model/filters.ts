import { isOutlierClass, isReason, type OutlierClass, type ReasonCode } from './reasons';

/**
 * The case list's filters as the address holds them (`/cases?outlier=high&month=2026-01`),
 * so a filtered list can be bookmarked and shared. Values the API would
 * refuse are dropped when read, so a hand-edited link still opens a list.
 */
export const SORTS = ['discharged_desc', 'discharged_asc', 'cost_desc', 'ratio_desc'] as const;
export type Sort = (typeof SORTS)[number];
export const DEFAULT_SORT: Sort = 'discharged_desc';

export interface CaseFilter {
  hospital_id?: string;
  department?: string;
  /** Discharge month, YYYY-MM. */
  month?: string;
  mdc?: string;
  drg?: string;
  outlier?: OutlierClass;
  /** A reason code, or "any" for every candidate. */
  reason?: ReasonCode | 'any';
  mrn?: string;
  quality?: 'failed';
  sort?: Sort;
}

/** The filter names, in the order they are written into the address. */
export const FILTER_KEYS = [
  'hospital_id',
  'department',
  'month',
  'mdc',
  'drg',
  'outlier',
  'reason',
  'mrn',
  'quality',
  'sort',
] as const satisfies readonly (keyof CaseFilter)[];

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const UPPER = new Set<keyof CaseFilter>(['mdc', 'drg']);
const MAX_LEN: Partial<Record<keyof CaseFilter, number>> = { hospital_id: 36, department: 20, mdc: 10, drg: 10, mrn: 64 };

function isSort(value: string): value is Sort {
  return (SORTS as readonly string[]).includes(value);
}

/** Cleans one raw value: trimmed, codes upper-cased, invalid or empty values dropped. */
function clean(key: keyof CaseFilter, raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  let v = String(raw).trim();
  if (v === '') return undefined;
  if (UPPER.has(key)) v = v.toUpperCase();
  const max = MAX_LEN[key];
  if (max !== undefined && v.length > max) return undefined;
  switch (key) {
    case 'month':
      return MONTH.test(v) ? v : undefined;
    case 'outlier':
      return isOutlierClass(v) ? v : undefined;
    case 'reason':
      return v === 'any' || isReason(v) ? v : undefined;
    case 'quality':
      return v === 'failed' ? v : undefined;
    case 'sort':
      return isSort(v) && v !== DEFAULT_SORT ? v : undefined;
    default:
      return v;
  }
}

/** Builds a filter from loose values (a search form's, or the address's), keeping only valid ones. */
export function normalizeFilter(values: Partial<Record<keyof CaseFilter, unknown>>): CaseFilter {
  const out: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const v = clean(key, values[key]);
    if (v !== undefined) out[key] = v;
  }
  return out as CaseFilter;
}

/** Reads the filter from the address. */
export function filterFromSearch(search: URLSearchParams): CaseFilter {
  const values: Partial<Record<keyof CaseFilter, string>> = {};
  for (const key of FILTER_KEYS) {
    const v = search.get(key);
    if (v !== null) values[key] = v;
  }
  return normalizeFilter(values);
}

/** Writes the filter into an address query, in a stable order (the default sort is left out). */
export function filterToSearch(filter: CaseFilter): URLSearchParams {
  const out = new URLSearchParams();
  const clean = normalizeFilter(filter);
  for (const key of FILTER_KEYS) {
    const v = clean[key];
    if (v !== undefined) out.set(key, v);
  }
  return out;
}

/** The query of GET /api/v1/cases: the filter, the sort spelled out, the page's cursor. */
export function listQuery(filter: CaseFilter, cursor: string | undefined, limit: number) {
  const f = normalizeFilter(filter);
  return { ...f, sort: f.sort ?? DEFAULT_SORT, limit, ...(cursor ? { cursor } : {}) };
}

/** The address of the XLSX export of the same cases (a cookie-authenticated GET, opened as a download). */
export function exportHref(filter: CaseFilter): string {
  const q = filterToSearch(filter).toString();
  return `/api/v1/case-export${q ? `?${q}` : ''}`;
}

/** A filter written as a link to the list, e.g. for the dashboard and the import result. */
export function listHref(filter: CaseFilter): string {
  const q = filterToSearch(filter).toString();
  return `/cases${q ? `?${q}` : ''}`;
}
