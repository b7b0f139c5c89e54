/** The grouper's stages and statuses as the case detail names them (the messages are the workbench's). */
const STAGES = ['validate', 'translate', 'mdc', 'mdc_no_adrg', 'adrg', 'qy', 'drg', 'ungroupable', 'excluded_pdx'] as const;
type Stage = (typeof STAGES)[number];

export const GROUP_STATUS_COLOR = {
  grouped: 'green',
  validation_failed: 'orange',
  code_not_translatable: 'orange',
  ungroupable: 'red',
} as const;
export type GroupStatus = keyof typeof GROUP_STATUS_COLOR;

export function isGroupStatus(s: string): s is GroupStatus {
  return s in GROUP_STATUS_COLOR;
}

/** The message key of a stage, or undefined for one added later (shown as sent). */
export function stageKey(stage: string): `grouper.stage.${Stage}` | undefined {
  return (STAGES as readonly string[]).includes(stage) ? `grouper.stage.${stage as Stage}` : undefined;
}

/** A step where the case stops or falls through. */
export function traceStepFailed(step: { stage: string; rule?: string }): boolean {
  switch (step.stage) {
    case 'validate':
      return step.rule !== undefined && step.rule !== 'ok';
    case 'qy':
    case 'ungroupable':
    case 'excluded_pdx':
      return true;
    default:
      return false;
  }
}
