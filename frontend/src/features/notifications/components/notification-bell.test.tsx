import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import i18n from '@/lib/i18n';
import { CLINICIAN } from '@/testing/fixtures';
import { renderApp, stubApi } from '@/testing/render-app';

const welcome = {
  id: '0195a1b2-0000-7000-8000-000000000001',
  kind: 'welcome',
  title: '欢迎使用特例单议系统',
  body: '这是演示环境。',
  params: {},
  link: '/notifications',
  object_type: '',
  object_id: '',
  created_at: '2026-03-02T01:00:00Z',
  read_at: null,
};

const returned = {
  ...welcome,
  id: '0195a1b2-0000-7000-8000-000000000002',
  kind: 'application.returned',
  title: '申请 A-17 被退回补正',
  body: '请补充病程记录',
  link: '/notifications?unread=1',
};

function bellStub(unread: number, extra: Record<string, Parameters<typeof stubApi>[0][string]> = {}) {
  return stubApi({ '/api/v1/notifications/count': { body: { unread } }, ...extra }, { me: CLINICIAN });
}

describe('notification bell', () => {
  it('shows the unread count on the bell', async () => {
    vi.stubGlobal('fetch', bellStub(3));
    renderApp('/');

    const bell = await screen.findByRole('button', { name: '通知（3 条未读）' });
    expect(bell).toBeInTheDocument();
    expect(within(screen.getByTestId('notification-badge')).getByText('3')).toBeInTheDocument();
  });

  it('shows no number when nothing is unread, and 99+ above 99', async () => {
    vi.stubGlobal('fetch', bellStub(0));
    const first = renderApp('/');
    expect(await screen.findByRole('button', { name: '通知' })).toBeInTheDocument();
    expect(within(screen.getByTestId('notification-badge')).queryByText('0')).not.toBeInTheDocument();
    first.unmount();

    vi.stubGlobal('fetch', bellStub(120));
    renderApp('/');
    expect(await screen.findByRole('button', { name: '通知（120 条未读）' })).toBeInTheDocument();
    expect(within(screen.getByTestId('notification-badge')).getByText('99+')).toBeInTheDocument();
  });

  it('lists the newest in the dropdown, in the kind text when known, and marks all read', async () => {
    let unread = 2;
    const marked: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      stubApi(
        {
          '/api/v1/notifications/count': () => ({ body: { unread } }),
          'GET /api/v1/notifications': (req) => {
            expect(new URL(req.url).searchParams.get('limit')).toBe('8');
            return { body: { items: [returned, welcome], next: '', unread } };
          },
          'POST /api/v1/notifications/read': async (req) => {
            marked.push(await req.json());
            unread = 0;
            return { body: { updated: 2, unread: 0 } };
          },
        },
        { me: CLINICIAN },
      ),
    );
    const { user } = renderApp('/');

    await user.click(await screen.findByRole('button', { name: '通知（2 条未读）' }));
    const panel = await screen.findByTestId('notification-panel');
    // a kind without its own text shows the stored title
    expect(await within(panel).findByText('申请 A-17 被退回补正')).toBeInTheDocument();
    expect(within(panel).getByText('欢迎使用特例单议系统')).toBeInTheDocument();

    await user.click(within(panel).getByRole('button', { name: '全部已读' }));
    await waitFor(() => expect(marked).toEqual([{ all: true }]));
    expect(await screen.findByRole('button', { name: '通知' })).toBeInTheDocument();
  });

  it('renders a known kind in English from its params, an unknown one from its stored title', async () => {
    await i18n.changeLanguage('en');
    vi.stubGlobal(
      'fetch',
      bellStub(2, { 'GET /api/v1/notifications': { body: { items: [returned, welcome], next: '', unread: 2 } } }),
    );
    const { user } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Notifications (2 unread)' }));
    const panel = await screen.findByTestId('notification-panel');
    expect(await within(panel).findByText('Welcome to Teyi')).toBeInTheDocument();
    expect(within(panel).getByText('申请 A-17 被退回补正')).toBeInTheDocument();
    await i18n.changeLanguage('zh-CN');
  });

  it('stays quiet when the count cannot be loaded', async () => {
    vi.stubGlobal('fetch', stubApi({}, { me: CLINICIAN }));
    renderApp('/');
    // the count failed (no stub): the bell stays, without a number
    expect(await screen.findByRole('button', { name: '通知' })).toBeInTheDocument();
  });
});
