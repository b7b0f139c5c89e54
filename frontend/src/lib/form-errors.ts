import type { FormInstance } from 'antd';

import { ApiError, type Problem } from './problem';

/**
 * The form field a problem's `location` points at: `body.new_password` →
 * `new_password`, `body.roles[1].role` → `roles`, `query.from` → `from`.
 */
export function fieldOf(location: string | undefined): string | undefined {
  if (!location) return undefined;
  const rest = location.replace(/^(body|query|path|header)\./, '');
  const name = /^[A-Za-z0-9_-]+/.exec(rest)?.[0];
  return name === undefined || name === '' || name === 'body' ? undefined : name;
}

/** The problem an error carries, if it came from the API. */
export function problemOf(error: unknown): Problem | undefined {
  return error instanceof ApiError ? error.problem : undefined;
}

/**
 * Puts the server's field errors on the form's fields (only those the form
 * has, listed in `fields`, optionally renamed through `rename`), and returns
 * what is left to show above the form: messages for other locations, or the
 * problem's detail when there were no field errors at all.
 */
export function showProblemOnForm(
  form: Pick<FormInstance, 'setFields'>,
  error: unknown,
  fields: readonly string[],
  rename: Record<string, string> = {},
): string[] {
  const problem = problemOf(error);
  if (problem === undefined) {
    return [error instanceof Error ? error.message : String(error)];
  }
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const e of problem.errors ?? []) {
    const raw = fieldOf(e.location);
    const name = raw === undefined ? undefined : (rename[raw] ?? raw);
    if (name !== undefined && fields.includes(name)) {
      byField.set(name, [...(byField.get(name) ?? []), e.message]);
    } else {
      rest.push(e.message);
    }
  }
  if (byField.size > 0) {
    form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  }
  if (byField.size === 0 && rest.length === 0) {
    rest.push(problem.detail ?? problem.title);
  }
  return rest;
}
