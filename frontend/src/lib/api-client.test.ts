import { afterEach, describe, expect, it, vi } from 'vitest';

import { api, CSRF_HEADER, csrfToken, IDEMPOTENCY_HEADER, readCookie, rememberCsrfToken } from './api-client';

function setCookie(name: string, value: string) {
  document.cookie = `${name}=${value}; path=/`;
}

function clearCookie(name: string) {
  document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
}

/** Records the requests the client sends and answers each with 200 {}. */
function recordRequests() {
  const requests: Request[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request) => {
      requests.push(input);
      return input.method === 'DELETE' ? new Response(null, { status: 204 }) : Response.json({});
    }),
  );
  return requests;
}

afterEach(() => {
  clearCookie('teyi_csrf');
  clearCookie('other');
  rememberCsrfToken(undefined);
});

describe('the API client and CSRF', () => {
  it('sends the teyi_csrf cookie as X-CSRF-Token on every POST, PUT, PATCH and DELETE', async () => {
    setCookie('other', 'x');
    setCookie('teyi_csrf', 'tok-123');
    const requests = recordRequests();

    await api.POST('/api/v1/auth/logout');
    await api.PUT('/api/v1/users/{userId}/roles', {
      params: { path: { userId: 'u1' } },
      body: { version: 1, roles: [{ role: 'clinician' }] },
    });
    await api.PATCH('/api/v1/users/{userId}', { params: { path: { userId: 'u1' } }, body: { version: 1, disabled: true } });
    await api.DELETE('/api/v1/api-tokens/{tokenId}', { params: { path: { tokenId: 't1' } } });

    expect(requests.map((r) => [r.method, r.headers.get(CSRF_HEADER)])).toEqual([
      ['POST', 'tok-123'],
      ['PUT', 'tok-123'],
      ['PATCH', 'tok-123'],
      ['DELETE', 'tok-123'],
    ]);
    expect(requests.every((r) => r.credentials === 'same-origin')).toBe(true);
  });

  it('sends no token with reads', async () => {
    setCookie('teyi_csrf', 'tok-123');
    const requests = recordRequests();

    await api.GET('/api/v1/me');
    await api.GET('/api/v1/audit-events', { params: { query: { action: 'user.create' } } });

    expect(requests.map((r) => r.headers.has(CSRF_HEADER))).toEqual([false, false]);
  });

  it('reads the cookie anew on each call, as it changes at every sign-in', async () => {
    const requests = recordRequests();
    setCookie('teyi_csrf', 'first');
    await api.POST('/api/v1/auth/logout');
    setCookie('teyi_csrf', 'second');
    await api.POST('/api/v1/auth/logout');

    expect(requests.map((r) => r.headers.get(CSRF_HEADER))).toEqual(['first', 'second']);
  });

  it('falls back to the token the server last sent when the cookie cannot be read', async () => {
    const requests = recordRequests();
    await api.POST('/api/v1/auth/logout');
    rememberCsrfToken('from-login');
    await api.POST('/api/v1/auth/logout');
    setCookie('teyi_csrf', 'from-cookie');
    await api.POST('/api/v1/auth/logout');

    expect(requests.map((r) => r.headers.get(CSRF_HEADER))).toEqual([null, 'from-login', 'from-cookie']);
  });

  it('reads one cookie among several, decoding it', () => {
    setCookie('other', 'x');
    setCookie('teyi_csrf', 'a%2Bb');
    expect(readCookie('teyi_csrf')).toBe('a+b');
    expect(readCookie('missing')).toBeUndefined();
    expect(csrfToken()).toBe('a+b');
  });
});

describe('the API client and idempotency keys', () => {
  it('sends a fresh Idempotency-Key with every mutating call of the applications', async () => {
    const requests = recordRequests();
    await api.POST('/api/v1/applications/{applicationId}/transitions', {
      params: { path: { applicationId: 'a1' } },
      body: { command: 'forward', version: 2 },
    });
    await api.POST('/api/v1/applications/{applicationId}/transitions', {
      params: { path: { applicationId: 'a1' } },
      body: { command: 'forward', version: 2 },
    });
    await api.POST('/api/v1/application-assignments', { body: { reviewer_id: 'r', applications: [{ id: 'a1', version: 1 }] } });
    const keys = requests.map((r) => r.headers.get(IDEMPOTENCY_HEADER));
    expect(keys.every((k) => typeof k === 'string' && k.length >= 16)).toBe(true);
    expect(new Set(keys).size).toBe(3);
  });

  it('sends none with reads, sign-in and other workflows', async () => {
    const requests = recordRequests();
    await api.GET('/api/v1/applications');
    await api.POST('/api/v1/auth/logout');
    await api.GET('/api/v1/application-options');
    expect(requests.map((r) => r.headers.get(IDEMPOTENCY_HEADER))).toEqual([null, null, null]);
  });
});
