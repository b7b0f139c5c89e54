import { useTranslation } from 'react-i18next';

import { problemOf } from '@/lib/form-errors';

import { workflowProblem } from './problems';

/** The message of a failed workflow call: quota, window, stale version (with reload), file errors, or the server's text. */
export function useWorkflowMessage() {
  const { t } = useTranslation();
  return (error: unknown): { message: string; reload: boolean } => {
    const p = problemOf(error);
    const w = workflowProblem(p);
    if (w !== undefined) {
      let message = (t as unknown as (k: string, o?: object) => string)(`applications.problems.${w.key}`, w.params);
      if (w.key === 'quota' && w.params.period) message += ' ' + t('applications.problems.quotaPeriod', { period: w.params.period });
      return { message, reload: w.reload };
    }
    if (p !== undefined) {
      const fields = (p.errors ?? []).map((e) => e.message);
      return { message: fields.length > 0 ? fields.join('；') : (p.detail ?? p.title), reload: false };
    }
    return { message: error instanceof Error ? error.message : String(error), reload: false };
  };
}
