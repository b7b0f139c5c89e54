import type { Choice, Deduction, FeeLine, VoteBody } from '../api/types';

/** What the vote form holds. Amounts stay strings: money is never computed in the browser. */
export interface VoteValues {
  choice?: Choice;
  rationale?: string;
  deductions?: Partial<Deduction>[];
  proposed_weight?: string;
  proposed_standard?: string;
}

/** Yuan with at most two decimals, above zero ("12", "12.5", "12.50"). */
export function isAmount(v: string | undefined | null): boolean {
  const s = (v ?? '').trim();
  return /^\d{1,10}(\.\d{1,2})?$/.test(s) && /[1-9]/.test(s);
}

/** A weight: a positive number with at most four decimals. */
export function isWeight(v: string | undefined | null): boolean {
  const s = (v ?? '').trim();
  return /^\d{1,6}(\.\d{1,4})?$/.test(s) && /[1-9]/.test(s);
}

/** The deduction key of a fee line (`line:3`), of an amount within a fee category (`category:09`), or of any other amount. */
export const OTHER_KEY = 'other';
export const categoryKey = (code: string) => `category:${code}`;

/** A whole fee line as a deduction; the expert may lower the amount and must give a reason. */
export function lineDeduction(line: Pick<FeeLine, 'key' | 'code' | 'name' | 'amount'>): Deduction {
  return { key: line.key, label: [line.code, line.name].filter(Boolean).join(' '), amount: line.amount, reason: '' };
}

/**
 * The body cast-review-vote takes: the rationale trimmed, deductions only for
 * an item-based approval, a proposal only for an adjusted standard (and
 * only the parts given).
 */
export function voteBody(v: VoteValues): VoteBody {
  const choice = v.choice ?? 'REJECT';
  const body: VoteBody = { choice, rationale: (v.rationale ?? '').trim() };
  if (choice === 'APPROVE_ITEM_BASED') {
    const ds = (v.deductions ?? []).map((d) => ({
      key: (d.key ?? '').trim(),
      label: (d.label ?? '').trim(),
      amount: (d.amount ?? '').trim(),
      reason: (d.reason ?? '').trim(),
    }));
    if (ds.length > 0) body.deductions = ds;
  }
  if (choice === 'APPROVE_ADJUSTED_STANDARD') {
    const w = (v.proposed_weight ?? '').trim();
    const s = (v.proposed_standard ?? '').trim();
    if (w !== '') body.proposed_weight = w;
    if (s !== '') body.proposed_standard = s;
  }
  return body;
}

/** The keys already named, so a fee line or category is deducted once. */
export function usedKeys(ds: readonly Partial<Deduction>[] | undefined): Set<string> {
  return new Set((ds ?? []).map((d) => d.key ?? '').filter((k) => k !== ''));
}
