import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { renderApp, stubApi } from '@/testing/render-app';

const healthy = {
  version: '1.2.3',
  ready: true,
  checks: [
    { name: 'postgres', ok: true, latency_ms: 1.27 },
    { name: 'redis', ok: true, latency_ms: 0.4 },
  ],
};

describe('系统状态 page', () => {
  it('shows the version and each dependency as a green tag', async () => {
    const fetch = vi.fn(stubApi({ '/api/v1/system/status': { body: healthy } }));
    vi.stubGlobal('fetch', fetch);

    renderApp('/status');

    expect(await screen.findByRole('heading', { name: '系统状态' })).toBeInTheDocument();
    const postgres = await screen.findByRole('row', { name: /postgres/ });
    expect(within(postgres).getByText('正常')).toBeInTheDocument();
    expect(within(postgres).getByText('1.3 毫秒')).toBeInTheDocument();
    const redis = screen.getByRole('row', { name: /redis/ });
    expect(within(redis).getByText('正常')).toBeInTheDocument();
    expect(screen.getByText('1.2.3')).toBeInTheDocument();
    expect(screen.getByText('就绪')).toBeInTheDocument();

    const request = fetch.mock.calls
      .map(([input]) => input as Request)
      .find((r) => new URL(r.url).pathname === '/api/v1/system/status');
    expect(request).toBeDefined();
    if (request === undefined) return;
    expect(request.credentials).toBe('same-origin');
  });

  it('marks a failing dependency red with its error, even when the server answers 503', async () => {
    vi.stubGlobal(
      'fetch',
      stubApi({
        '/api/v1/system/status': {
          status: 503,
          body: {
            version: '1.2.3',
            ready: false,
            checks: [
              { name: 'postgres', ok: true, latency_ms: 2 },
              { name: 'redis', ok: false, error: 'dial tcp 127.0.0.1:6379: connect: connection refused', latency_ms: 0.1 },
            ],
          },
        },
      }),
    );

    renderApp('/status');

    const redis = await screen.findByRole('row', { name: /redis/ });
    expect(within(redis).getByText('异常')).toBeInTheDocument();
    expect(within(redis).getByText(/connection refused/)).toBeInTheDocument();
    expect(screen.getByText('未就绪')).toBeInTheDocument();
  });

  it('says what to check when the server reports no dependencies', async () => {
    vi.stubGlobal('fetch', stubApi({ '/api/v1/system/status': { body: { version: 'dev', ready: true, checks: null } } }));

    renderApp('/status');

    expect(await screen.findByText(/服务器未报告任何依赖检查/)).toBeInTheDocument();
  });

  it('shows the problem and a retry button when the status cannot be loaded', async () => {
    vi.stubGlobal(
      'fetch',
      stubApi({
        '/api/v1/system/status': () =>
          Response.json(
            { title: 'Internal Server Error', status: 500, detail: 'boom' },
            { status: 500, headers: { 'content-type': 'application/problem+json' } },
          ),
      }),
    );

    const { user } = renderApp('/status');

    expect(await screen.findByText('无法获取系统状态')).toBeInTheDocument();
    expect(screen.getByText('500 Internal Server Error — boom')).toBeInTheDocument();
    expect(screen.getByText('请确认 Teyi 服务正在运行，然后重试。')).toBeInTheDocument();

    vi.stubGlobal('fetch', stubApi({ '/api/v1/system/status': { body: healthy } }));
    await user.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByRole('row', { name: /postgres/ })).toBeInTheDocument();
  });

  it('shows a loading state while the first answer is on its way', async () => {
    vi.stubGlobal('fetch', stubApi({ '/api/v1/system/status': () => new Promise<Response>(() => {}) }));

    renderApp('/status');

    expect(await screen.findByText('正在检查系统状态…')).toBeInTheDocument();
  });
});
