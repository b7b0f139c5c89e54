/**
 * RFC 9457 problem details, as every Teyi API error is sent
 * (`application/problem+json`). Field errors point at the input that caused
 * them (`location` such as `body.name` or `query.page`), so forms can show the
 * server's message at the right field.
 */
export interface ProblemFieldError {
  location?: string;
  message: string;
  value?: unknown;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: ProblemFieldError[];
  /** The machine-readable reason some APIs add (`quota-exhausted`, `stale-version`, `window-closed` …). */
  code?: string;
  /** Any other members the server sent (`cap`, `used`, `opens` …), as they came. */
  extensions?: Record<string, unknown>;
}

/** An API call that did not succeed; `problem` says why, as the server put it. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const STANDARD_MEMBERS = new Set(['$schema', 'type', 'title', 'status', 'detail', 'instance', 'errors', 'code']);

/** The members of a problem beyond RFC 9457's own, or undefined when there are none. */
function extensionsOf(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (!STANDARD_MEMBERS.has(k)) out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Reads whatever an error response carried (problem+json, other JSON, plain
 * text from a proxy, nothing) into a Problem, so callers handle one shape.
 */
export function toProblem(body: unknown, response: Pick<Response, 'status' | 'statusText'>): Problem {
  if (isRecord(body) && typeof body.title === 'string') {
    const errors = Array.isArray(body.errors)
      ? body.errors.filter(isRecord).map((e) => ({
          location: typeof e.location === 'string' ? e.location : undefined,
          message: typeof e.message === 'string' ? e.message : String(e.message ?? ''),
          value: e.value,
        }))
      : undefined;
    return {
      type: typeof body.type === 'string' ? body.type : undefined,
      title: body.title,
      status: typeof body.status === 'number' ? body.status : response.status,
      detail: typeof body.detail === 'string' ? body.detail : undefined,
      instance: typeof body.instance === 'string' ? body.instance : undefined,
      errors,
      code: typeof body.code === 'string' ? body.code : undefined,
      extensions: extensionsOf(body),
    };
  }
  const text = typeof body === 'string' ? body.trim() : '';
  return {
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: text !== '' && text.length <= 500 ? text : undefined,
  };
}

/** Field errors keyed by location, for mapping onto form fields. */
export function fieldErrors(problem: Problem): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of problem.errors ?? []) {
    const key = e.location ?? '';
    (out[key] ??= []).push(e.message);
  }
  return out;
}
