import createClient, { type Middleware } from 'openapi-fetch';

import type { paths } from '@/api/schema';

import { ApiError, toProblem } from './problem';

/** The cookie the server sets at sign-in; its value must come back as a header. */
export const CSRF_COOKIE = 'teyi_csrf';
/** The header every mutating call made with a session carries (else 403). */
export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The value of a cookie readable by scripts, or undefined. */
export function readCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return undefined;
}

// The token the server last told us (login and GET /me answer with it), for
// the rare browser that hides the cookie from scripts; the cookie wins.
let knownCsrfToken: string | undefined;

/** Remembers the CSRF token an API answer carried (login, GET /me). */
export function rememberCsrfToken(token: string | undefined): void {
  knownCsrfToken = token === '' ? undefined : token;
}

/** The CSRF token to send: the `teyi_csrf` cookie, else the last one the server sent. */
export function csrfToken(): string | undefined {
  const cookie = readCookie(CSRF_COOKIE);
  return cookie !== undefined && cookie !== '' ? cookie : knownCsrfToken;
}

/**
 * Adds `X-CSRF-Token` to every POST, PUT, PATCH and DELETE, so no feature has
 * to remember it. Reads the cookie on each call: it changes at every sign-in.
 */
export const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (SAFE_METHODS.has(request.method.toUpperCase())) return undefined;
    const token = csrfToken();
    if (token !== undefined && !request.headers.has(CSRF_HEADER)) {
      request.headers.set(CSRF_HEADER, token);
    }
    return request;
  },
};

/** The header that makes a mutating call safe to retry (the server answers a repeated key with its stored answer). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/**
 * The API paths whose mutating calls carry an Idempotency-Key. Sign-in steps
 * are never replayed by the server and bulk uploads (case imports) would be
 * hashed in full, so the list names the workflows that want it.
 */
export const IDEMPOTENT_PREFIXES: readonly string[] = ['/api/v1/applications', '/api/v1/application-assignments', '/api/v1/review'];

function newKey(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Adds a fresh `Idempotency-Key` to every POST, PUT, PATCH and DELETE under
 * IDEMPOTENT_PREFIXES (unless the caller set one, e.g. to retry the same call).
 */
export const idempotencyMiddleware: Middleware = {
  onRequest({ request }) {
    if (SAFE_METHODS.has(request.method.toUpperCase()) || request.headers.has(IDEMPOTENCY_HEADER)) return undefined;
    const path = new URL(request.url).pathname;
    if (!IDEMPOTENT_PREFIXES.some((p) => path === p || path.startsWith(p + '/'))) return undefined;
    request.headers.set(IDEMPOTENCY_HEADER, newKey());
    return request;
  },
};

/**
 * The typed client for the Teyi API. Paths in the OpenAPI document are
 * absolute (`/api/v1/...`) and the UI is served by the same process, so the
 * base is the site root of the current origin and cookies go with every call.
 */
export const api = createClient<paths>({
  baseUrl: new URL('/', globalThis.location?.href ?? 'http://localhost/').href,
  credentials: 'same-origin',
  // Looked up on every call rather than captured once, so instrumentation and
  // unit-test stubs of fetch apply.
  fetch: (request) => globalThis.fetch(request),
});
api.use(csrfMiddleware, idempotencyMiddleware);

interface ClientResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Returns the data of a successful call or throws an ApiError carrying the
 * problem details; react-query then treats it as the query's error.
 */
export async function unwrap<T>(call: Promise<ClientResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) {
    throw new ApiError(toProblem(error, response));
  }
  return data as T;
}

/** Like unwrap, for operations answering 204 No Content. */
export async function unwrapEmpty(call: Promise<ClientResult<unknown>>): Promise<void> {
  const { error, response } = await call;
  if (!response.ok || error !== undefined) {
    throw new ApiError(toProblem(error, response));
  }
}
