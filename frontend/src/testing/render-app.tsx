import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useEffect } from 'react';
import { MemoryRouter, useLocation } from 'react-router-dom';

import { AppRoutes } from '@/app/app-routes';
import { AppProvider } from '@/app/provider';
import type { Me } from '@/lib/session';

import { BUREAU_ADMIN, problem } from './fixtures';

let currentLocation = '';

function LocationProbe() {
  const location = useLocation();
  useEffect(() => {
    currentLocation = location.pathname + location.search;
  }, [location]);
  return null;
}

/** Where the app is now (path and query), as the router sees it. */
export function currentUrl(): string {
  return currentLocation;
}

/** Renders the whole console at `url`, as a person arriving there would see it. */
export function renderApp(url = '/') {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity } },
  });
  const user = userEvent.setup();
  const result = render(
    <MemoryRouter initialEntries={[url]}>
      <AppProvider queryClient={queryClient}>
        <AppRoutes />
        <LocationProbe />
      </AppProvider>
    </MemoryRouter>,
  );
  return { ...result, user, queryClient };
}

export interface StubAnswer {
  status?: number;
  body?: unknown;
}

export type StubRoute = StubAnswer | ((request: Request) => StubAnswer | Response | Promise<StubAnswer | Response>);

/**
 * A fetch stub answering JSON by path — or by `METHOD /path`, which wins —
 * with a fixed answer or a function of the request; anything else is a 404
 * problem. GET /api/v1/me answers `me` (a signed-in bureau administrator
 * unless given; null answers 401) when the routes do not say otherwise.
 */
export function stubApi(routes: Record<string, StubRoute>, { me = BUREAU_ADMIN }: { me?: Me | null } = {}) {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url);
    const route =
      routes[`${request.method} ${url.pathname}`] ??
      routes[url.pathname] ??
      (url.pathname === '/api/v1/me' && request.method === 'GET'
        ? me === null
          ? () => problem(401, 'Unauthorized', 'sign in first')
          : { body: me }
        : undefined);
    if (route === undefined) {
      return problem(404, 'Not Found', `no stub for ${request.method} ${url.pathname}`);
    }
    const answer = typeof route === 'function' ? await route(request) : route;
    if (answer instanceof Response) return answer;
    if (answer.status === 204) return new Response(null, { status: 204 });
    return Response.json(answer.body ?? {}, { status: answer.status ?? 200 });
  };
}
