import type { TFunction, i18n as I18n } from 'i18next';

import type { Notification } from '../api/notifications';

/**
 * The title and body of a notification in the reader's language: the text
 * notify.kind.<kind> filled with the notification's params, else the
 * Chinese title and body the sender stored.
 */
export function noticeText(t: TFunction, i18n: I18n, n: Pick<Notification, 'kind' | 'title' | 'body' | 'params'>) {
  const base = `notify.kind.${n.kind}`;
  const params = { ...(n.params ?? {}), interpolation: { escapeValue: false } };
  const lookup = (part: 'title' | 'body', fallback: string): string =>
    i18n.exists(`${base}.${part}`) ? String(t(`${base}.${part}` as 'notify.title', params)) : fallback;
  return { title: lookup('title', n.title), body: lookup('body', n.body) };
}
