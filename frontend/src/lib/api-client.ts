import createClient from 'openapi-fetch';

import type { paths } from '@/api/schema';

import { ApiError, toProblem } from './problem';

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
