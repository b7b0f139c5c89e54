import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';

import { AppRoutes } from '@/app/app-routes';
import { AppProvider } from '@/app/provider';

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
      </AppProvider>
    </MemoryRouter>,
  );
  return { ...result, user, queryClient };
}

/** A fetch stub answering JSON for exact paths; anything else is a 404 problem. */
export function stubApi(routes: Record<string, { status?: number; body: unknown }>) {
  return async (input: RequestInfo | URL): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const route = routes[url.pathname];
    if (route === undefined) {
      return Response.json(
        { title: 'Not Found', status: 404, detail: `no stub for ${url.pathname}` },
        { status: 404, headers: { 'content-type': 'application/problem+json' } },
      );
    }
    return Response.json(route.body, { status: route.status ?? 200 });
  };
}
