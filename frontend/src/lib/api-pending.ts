import { api, unwrap, unwrapEmpty } from './api-client';

// INTERIM: the review operations are not in schema.d.ts yet, so these calls
// go through the same client (CSRF, Idempotency-Key) without its path types.
// Once `npm run gen:api` has them, the hooks call `api` directly.

interface Init {
  params?: { path?: Record<string, string>; query?: Record<string, string | undefined> };
  body?: unknown;
}
type Call = (path: string, init?: Init) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
const raw = api as unknown as { GET: Call; POST: Call; PUT: Call; DELETE: Call };

/** Calls for operations not yet in schema.d.ts (the review API while it lands on main). */
export const http = {
  get: <T>(path: string, init?: Init) => unwrap(raw.GET(path, init)) as Promise<T>,
  post: <T>(path: string, init?: Init) => unwrap(raw.POST(path, init)) as Promise<T>,
  put: <T>(path: string, init?: Init) => unwrap(raw.PUT(path, init)) as Promise<T>,
  del: (path: string, init?: Init) => unwrapEmpty(raw.DELETE(path, init)),
};
