import { useTranslation } from 'react-i18next';

import type { Choice, DecisionStatus, MemberStatus, Outcome, PanelStatus } from '../api/types';

/** One colour per meaning (ui.md): waiting blue, needs action orange, approved green, rejected red, closed default. */
export const PANEL_COLOURS: Record<PanelStatus, string> = {
  FORMING: 'blue',
  VOTING: 'geekblue',
  CLOSED: 'orange',
  CONFIRMED: 'green',
};
export const MEMBER_COLOURS: Record<MemberStatus, string> = {
  INVITED: 'blue',
  ACCEPTED: 'green',
  DECLINED: 'default',
  CONFLICT: 'default',
  EXPIRED: 'red',
};
export const DECISION_COLOURS: Record<DecisionStatus, string> = {
  PROPOSED: 'orange',
  CONFIRMED: 'green',
  RETURNED: 'default',
};
export const OUTCOME_COLOURS: Record<Outcome, string> = {
  APPROVED_ITEM_BASED: 'green',
  APPROVED_ADJUSTED_STANDARD: 'green',
  REJECTED: 'red',
};
export const CHOICE_COLOURS: Record<Choice, string> = {
  APPROVE_ITEM_BASED: 'green',
  APPROVE_ADJUSTED_STANDARD: 'cyan',
  REJECT: 'red',
};

export const CHOICES: readonly Choice[] = ['APPROVE_ITEM_BASED', 'APPROVE_ADJUSTED_STANDARD', 'REJECT'];

/** The 26 CHS-DRG major diagnostic categories, the specialties of the pool. */
export const MDCS = [
  'MDCA', 'MDCB', 'MDCC', 'MDCD', 'MDCE', 'MDCF', 'MDCG', 'MDCH', 'MDCI', 'MDCJ', 'MDCK', 'MDCL', 'MDCM',
  'MDCN', 'MDCO', 'MDCP', 'MDCQ', 'MDCR', 'MDCS', 'MDCT', 'MDCU', 'MDCV', 'MDCW', 'MDCX', 'MDCY', 'MDCZ',
] as const;

/**
 * Names for the review's codes in the interface language; a code without a
 * name (one the server adds later) reads as itself, never as a missing key.
 */
export function useReviewLabels() {
  const { t, i18n } = useTranslation();
  const tt = t as unknown as (k: string, v?: Record<string, unknown>) => string;
  const lookup = (key: string, fallback: string): string => (i18n.exists(key) ? tt(key) : fallback);
  const safe = (code: string) => /^[A-Za-z0-9_]+$/.test(code);
  const of = (section: string) => (code: string) => (safe(code) ? lookup(`review.${section}.${code}`, code) : code);
  const mdcName = of('mdc');
  return {
    panelStatus: of('panelStatuses'),
    memberStatus: of('memberStatuses'),
    decisionStatus: of('decisionStatuses'),
    choice: of('choices'),
    outcome: of('outcomes'),
    cadence: of('cadences'),
    drawKind: of('drawKinds'),
    round: (round: number) => lookup(`review.rounds.${round}`, tt('review.roundShort', { round })),
    cycleStatus: of('cycleStatuses'),
    conflictKind: of('conflictKinds'),
    /** Why the draw left an expert out (同院, 负荷已满 …), or the constraint that ran short. */
    reason: of('reasons'),
    mdcName,
    /** `MDCF 循环系统`; an empty MDC reads as "—". */
    mdc: (code: string | null | undefined) => (code ? `${code} ${mdcName(code) === code ? '' : mdcName(code)}`.trim() : '—'),
    applicationType: (type: string) => (safe(type) ? lookup(`applications.types.${type}`, type) : type),
    applicationStatus: (status: string) => (safe(status) ? lookup(`applications.statuses.${status}`, status) : status),
    evidenceKind: (kind: string) => (safe(kind) ? lookup(`applications.kinds.${kind}`, kind) : kind),
    screeningReason: (r: string) => (safe(r) ? lookup(`cases.reasons.${r}`, r) : r),
    traceStage: (stage: string) => (safe(stage) ? lookup(`grouper.stage.${stage}`, stage) : stage),
    sex: (sex: number) => lookup(`cases.sex.${sex}`, String(sex)),
    dischargeWay: (way: number) => lookup(`review.dischargeWays.${way}`, String(way)),
  };
}

export type ReviewLabels = ReturnType<typeof useReviewLabels>;
