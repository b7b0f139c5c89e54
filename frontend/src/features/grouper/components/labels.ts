import { useTranslation } from 'react-i18next';

import type { GroupResult, TraceStep } from '../api/types';

/** One colour per meaning (ui.md): grouped is done (green), a fixable input orange, ungroupable red. */
export const STATUS_COLOR: Record<GroupResult['status'], string> = {
  grouped: 'green',
  validation_failed: 'orange',
  code_not_translatable: 'orange',
  ungroupable: 'red',
};

const STAGES = ['validate', 'translate', 'mdc', 'mdc_no_adrg', 'adrg', 'qy', 'drg', 'ungroupable', 'excluded_pdx'] as const;
type Stage = (typeof STAGES)[number];
const isStage = (s: string): s is Stage => (STAGES as readonly string[]).includes(s);

// The grouper's reasons are stable English sentences (backend/internal/grouper/engine.go).
const REASONS = {
  ok: 'ok',
  sexInvalid: 'sex must be 1 (male) or 2 (female)',
  ageMissing: 'age is missing',
  ageDaysMissing: 'age in days is required when age is 0',
  birthWeightMissing: 'birth weight is required for a newborn (age in days ≤ 28)',
  noDiagnosis: 'no diagnosis',
  dxNotTranslatable: "diagnosis cannot be translated to the plan's code set",
  pxNotTranslatable: "procedure cannot be translated to the plan's code set",
  excludedPdx: 'principal diagnosis may not be used for grouping in this plan',
  excludedPpx: 'principal procedure may not be used for grouping in this plan',
  noMdc: 'no MDC and ADRG of the plan accepts the case',
  qy: 'operating-room procedure unrelated to the MDC (歧义组)',
  noDrg: 'no DRG split condition of the ADRG holds',
} as const;
type ReasonKey = keyof typeof REASONS;
const REASON_BY_TEXT = new Map<string, ReasonKey>(Object.entries(REASONS).map(([k, v]) => [v, k as ReasonKey]));

/** A failed step of the path: the case stops or falls through here. */
export function stepFailed(step: TraceStep): boolean {
  switch (step.stage) {
    case 'validate':
      return step.rule !== 'ok';
    case 'translate':
      return step.rule === REASONS.dxNotTranslatable || step.rule === REASONS.pxNotTranslatable;
    case 'qy':
    case 'ungroupable':
    case 'excluded_pdx':
      return true;
    default:
      return false;
  }
}

/** Names for the grouper's codes in the interface language; unknown ones are shown as sent. */
export function useGrouperLabels() {
  const { t } = useTranslation();
  return {
    /** The status in the interface language; the server's Chinese label for a status added later. */
    status: (r: Pick<GroupResult, 'status' | 'status_label'>) =>
      r.status in STATUS_COLOR ? t(`grouper.statuses.${r.status}`) : r.status_label,
    stage: (stage: string) => (isStage(stage) ? t(`grouper.stage.${stage}`) : stage),
    /** A known reason in the interface language, else the server's text. */
    reason: (reason: string | undefined) => {
      if (!reason) return '';
      const key = REASON_BY_TEXT.get(reason);
      return key ? t(`grouper.reasons.${key}`) : reason;
    },
    /** Whether `rule` is one of the grouper's reasons (then it reads as a sentence, not plan syntax). */
    isReason: (rule: string | undefined) => rule !== undefined && REASON_BY_TEXT.has(rule),
    comorbidity: (c: GroupResult['comorbidity']) =>
      ({ none: t('grouper.cmpNone'), cc: t('grouper.cmpCc'), mcc: t('grouper.cmpMcc') })[c] ?? c,
  };
}
