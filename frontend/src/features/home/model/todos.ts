/** What rendering a to-do needs of i18next: translate a key with values, and tell whether a key exists. */
export interface Translator {
  t: (key: string, values?: Record<string, unknown>) => string;
  exists: (key: string) => boolean;
}

export interface TodoLike {
  key: string;
  count: number;
  params?: Record<string, string> | null;
}

/** The message key of a to-do key: `applications.intake` → `todos.items.applications.intake`; only safe keys. */
export function messageKey(key: string): string | undefined {
  return /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/.test(key) ? `todos.items.${key}` : undefined;
}

/**
 * The line a to-do reads as, in the interface language: its own message
 * with count and params, or — for keys a later capability adds before its
 * text is here — the generic "key: count".
 */
export function todoText(item: TodoLike, tr: Translator): string {
  const values: Record<string, unknown> = { ...(item.params ?? {}), count: item.count };
  const k = messageKey(item.key);
  if (k === undefined || !tr.exists(k)) return tr.t('todos.generic', { key: item.key, count: item.count });
  let text = tr.t(k, values);
  // The office sees its own hospital's use beside a region-wide quota.
  if (item.key === 'applications.quota' && item.params?.own !== undefined && item.params.own !== item.params.used) {
    text += `，${tr.t('todos.items.applications.quotaOwn', values)}`;
  }
  return text;
}

const ORDER: Record<string, number> = { danger: 0, warning: 1, info: 2 };

/** Most urgent first (danger, warning, info), then the nearest due date; the server's order otherwise. */
export function sortTodos<T extends { severity: string; due?: string | null }>(items: readonly T[]): T[] {
  return items
    .map((it, i) => ({ it, i }))
    .sort(
      (a, b) =>
        (ORDER[a.it.severity] ?? 3) - (ORDER[b.it.severity] ?? 3) ||
        (a.it.due || '9999').localeCompare(b.it.due || '9999') ||
        a.i - b.i,
    )
    .map((x) => x.it);
}

/** The tag colour of a severity. */
export function severityColor(severity: string): string {
  return severity === 'danger' ? 'red' : severity === 'warning' ? 'orange' : 'blue';
}
