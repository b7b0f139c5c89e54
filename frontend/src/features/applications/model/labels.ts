import { useTranslation } from 'react-i18next';

/** Which list of reason templates a command uses (options.info_reasons, reject_reasons, return_reasons). */
export type ReasonList = 'info' | 'reject' | 'return';

/** The reason templates a command needs, or undefined when it takes none. */
export function reasonListOf(command: string): ReasonList | undefined {
  switch (command) {
    case 'request_info':
      return 'info';
    case 'reject_at_intake':
      return 'reject';
    case 'return_to_clinician':
      return 'return';
  }
  return undefined;
}

/**
 * The colour of a state, one per meaning across the product (ui.md): draft
 * grey, waiting blue, needs action orange, approved green, rejected red,
 * closed default.
 */
export function statusColor(status: string): string {
  switch (status) {
    case 'DRAFT':
      return 'default';
    case 'HOSPITAL_REVIEW':
    case 'SUBMITTED':
    case 'EXPERT_REVIEW':
    case 'APPEALED':
      return 'blue';
    case 'RETURNED_FOR_INFO':
      return 'orange';
    case 'ACCEPTED':
    case 'DECIDED':
    case 'REGROUPED':
      return 'green';
    case 'REJECTED_AT_INTAKE':
      return 'red';
  }
  return 'default';
}

/** Commands shown as the page's main button (the rest are secondary, withdraw and reject are dangerous). */
export function commandStyle(command: string): 'primary' | 'danger' | 'default' {
  if (['send_to_office', 'forward', 'accept', 'reply'].includes(command)) return 'primary';
  if (['withdraw', 'reject_at_intake'].includes(command)) return 'danger';
  return 'default';
}

/** The file kind an upload's bytes will be, by MIME type, for showing a preview or a download only. */
export function previewKind(contentType: string): 'pdf' | 'image' | 'none' {
  if (contentType === 'application/pdf') return 'pdf';
  if (contentType === 'image/jpeg' || contentType === 'image/png') return 'image';
  return 'none';
}

/** `12345` bytes → `12.1 KB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Names for the workflow's codes in the interface language; a code without a
 * name yet (added by a later issue) reads as it is, never as a missing key.
 */
export function useApplicationLabels() {
  const { t, i18n } = useTranslation();
  const lookup = (key: string, fallback: string, params?: Record<string, unknown>): string =>
    i18n.exists(key) ? (t as unknown as (k: string, p?: Record<string, unknown>) => string)(key, params) : fallback;
  return {
    type: (code: string) => lookup(`applications.types.${code}`, code),
    typeHelp: (code: string) => lookup(`applications.typeHelp.${code}`, ''),
    status: (code: string) => lookup(`applications.statuses.${code}`, code),
    command: (code: string) => lookup(`applications.commands.${code}`, code),
    confirm: (code: string) => lookup(`applications.confirm.${code}`, ''),
    actor: (code: string) => lookup(`applications.actors.${code}`, code),
    side: (code: string) => lookup(`applications.sides.${code}`, code),
    kind: (code: string) => lookup(`applications.kinds.${code}`, code),
    /** A reason template in the user's language; with no list, the first list that knows the code. */
    reason: (code: string, list?: ReasonList) => {
      const lists: ReasonList[] = list ? [list] : ['info', 'reject', 'return'];
      for (const l of lists) {
        const key = `applications.reasons.${l}.${code}`;
        if (i18n.exists(key)) return lookup(key, code);
      }
      return code;
    },
    /** A case screening reason (high_cost, icu …), named as the case list names it. */
    screening: (code: string) => lookup(`cases.reasons.${code}`, code),
  };
}

export type ApplicationLabels = ReturnType<typeof useApplicationLabels>;
