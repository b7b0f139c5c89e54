import type { Problem } from '@/lib/problem';

/** What went wrong with a workflow call, as a message key and its values (translated by the page). */
export interface WorkflowProblem {
  key:
    | 'quota'
    | 'windowOpens'
    | 'windowClosed'
    | 'window'
    | 'stale'
    | 'tooLarge'
    | 'badType'
    | 'illegal'
    | 'notYourTurn'
    | 'openExists'
    | 'caseReplaced'
    | 'frozen';
  params: Record<string, string | number>;
  /** The page should offer to reload the application. */
  reload: boolean;
}

function str(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

/**
 * Reads the workflow's problem+json: quota refusal (409 quota-exhausted with
 * cap and used), window (422 window-closed with opens/closes), stale version
 * (409 stale-version), files too large (413) or of the wrong type (415), and
 * refused transitions. Anything else is undefined: show the server's text.
 */
export function workflowProblem(p: Problem | undefined): WorkflowProblem | undefined {
  if (p === undefined) return undefined;
  const x = p.extensions ?? {};
  switch (p.code) {
    case 'quota-exhausted':
      return { key: 'quota', params: { cap: str(x.cap), used: str(x.used), period: str(x.period) }, reload: false };
    case 'window-closed':
      if (str(x.opens) !== '') return { key: 'windowOpens', params: { opens: str(x.opens) }, reload: false };
      if (str(x.closes) !== '') return { key: 'windowClosed', params: { closes: str(x.closes) }, reload: false };
      return { key: 'window', params: {}, reload: false };
    case 'stale-version':
      return { key: 'stale', params: {}, reload: true };
    case 'illegal-transition':
      return { key: 'illegal', params: {}, reload: true };
    case 'not-your-turn':
      return { key: 'notYourTurn', params: {}, reload: true };
    case 'open-application-exists':
      return { key: 'openExists', params: {}, reload: false };
    case 'case-replaced':
      return { key: 'caseReplaced', params: {}, reload: false };
    case 'evidence-frozen':
      return { key: 'frozen', params: {}, reload: true };
  }
  if (p.status === 413) return { key: 'tooLarge', params: {}, reload: false };
  if (p.status === 415) return { key: 'badType', params: {}, reload: false };
  return undefined;
}
