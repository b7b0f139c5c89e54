import type { TransitionCommand } from '../api/types';

/** The commands the transition operation takes; `edit` and `assign` have their own places on the page. */
const TRANSITIONS: readonly TransitionCommand[] = [
  'send_to_office',
  'forward',
  'reply',
  'accept',
  'request_info',
  'return_to_clinician',
  'reject_at_intake',
  'withdraw',
];

function isTransition(c: string): c is TransitionCommand {
  return (TRANSITIONS as readonly string[]).includes(c);
}

/** The transitions among the server's `actions`, in a stable order (main ones first). */
export function transitionButtons(actions: readonly string[] | null | undefined): TransitionCommand[] {
  const set = new Set(actions ?? []);
  return TRANSITIONS.filter((c) => set.has(c) && isTransition(c));
}
