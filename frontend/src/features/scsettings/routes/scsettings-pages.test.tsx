import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { CLINICIAN, problem } from '@/testing/fixtures';
import { renderApp, stubApi } from '@/testing/render-app';

const defaults = {
  version: 0,
  effective_from: '',
  status: 'default',
  quota: { basis: 'DRG_5pct', rate: '0.05', scope: 'region', period: 'quarter', replace_share: '0.20', warn_at: '0.80' },
  window: { kind: 'quarterly_first_workdays', workdays: 15 },
  deadlines: { info_due_workdays: 5, reminder_workdays_before: 2, info_expiry: 'withdraw', intake_sla_workdays: 10 },
};
const overview = { region: '370100', today: '2026-12-02', in_force: defaults, latest_version: 0, history: [] };

const year2026 = {
  year: 2026,
  source: 'shipped',
  version: 0,
  holidays: 2,
  workdays: 1,
  entries: [
    { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
    { date: '2026-10-02', kind: 'holiday', name: '国庆节' },
    { date: '2026-10-10', kind: 'workday', name: '国庆节' },
  ],
};
const years = { region: '370100', items: [{ ...year2026, entries: undefined }] };

describe('规则设置 page', () => {
  it('shows the defaults in force and puts the server field errors on the fields', async () => {
    let sent: unknown;
    vi.stubGlobal(
      'fetch',
      stubApi({
        'GET /api/v1/specialcase/settings': { body: overview },
        'PUT /api/v1/specialcase/settings': async (req) => {
          sent = await req.json();
          return problem(422, 'Unprocessable Entity', 'validation failed', [
            { location: 'body.window.workdays', message: 'must be 1 to 60 working days' },
          ]);
        },
      }),
    );
    const { user } = renderApp('/specialcase/settings');
    expect(await screen.findByRole('heading', { name: '特例单议规则设置' })).toBeInTheDocument();
    expect(await screen.findByTestId('in-force-window')).toHaveTextContent('每季度前 15 个工作日');
    expect(screen.getByText('系统默认（本地区尚未设置）')).toBeInTheDocument();
    expect(screen.getByText('尚无版本：本地区使用系统默认规则。')).toBeInTheDocument();

    const n = screen.getByLabelText('工作日数 N');
    await user.clear(n);
    await user.type(n, '12');
    await user.click(screen.getByRole('button', { name: '保存为新版本' }));
    expect(await screen.findByText('must be 1 to 60 working days')).toBeInTheDocument();
    expect(sent).toMatchObject({
      version: 0,
      effective_from: '2026-12-02',
      quota: { basis: 'DRG_5pct', rate: '0.05', replace_share: '0.2', warn_at: '0.8' },
      window: { kind: 'quarterly_first_workdays', workdays: 12 },
    });
  });

  it('is read-only for a clinician', async () => {
    vi.stubGlobal('fetch', stubApi({ 'GET /api/v1/specialcase/settings': { body: overview } }, { me: CLINICIAN }));
    renderApp('/specialcase/settings');
    expect(await screen.findByText('仅医保管理员可以修改规则。')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '保存为新版本' })).not.toBeInTheDocument();
  });
});

describe('工作日历 page', () => {
  it('marks holidays and adjusted working days, and saves a changed day with the whole year', async () => {
    let sent: { version: number; entries: { date: string; kind: string; name: string }[] } | undefined;
    vi.stubGlobal(
      'fetch',
      stubApi({
        'GET /api/v1/calendar/years': { body: years },
        'GET /api/v1/calendar/years/2026': { body: year2026 },
        'PUT /api/v1/calendar/years/2026': async (req) => {
          sent = (await req.json()) as typeof sent;
          return { body: { ...year2026, source: 'region', version: 1, entries: sent?.entries } };
        },
      }),
    );
    const { user, container } = renderApp('/calendar');
    // role queries walk the whole year's grid; the cells carry their date
    const cell = (date: string) => container.querySelector<HTMLElement>(`[data-date="${date}"]`);
    expect(await screen.findByRole('heading', { name: '工作日历' })).toBeInTheDocument();
    await waitFor(() => expect(cell('2026-10-01')).not.toBeNull());
    expect(cell('2026-10-01')).toHaveAttribute('data-kind', 'holiday');
    expect(cell('2026-10-01')).toHaveAccessibleName('2026-10-01 放假：国庆节');
    expect(cell('2026-10-01')?.tagName).toBe('BUTTON');
    expect(cell('2026-10-10')).toHaveAccessibleName('2026-10-10 调休上班：国庆节');
    expect(cell('2026-12-07')).toHaveAccessibleName('2026-12-07 工作日');

    const monday = cell('2026-12-07');
    if (monday === null) return;
    await user.click(monday);
    const dialog = await screen.findByRole('dialog', { name: '修改 2026-12-07' });
    expect(within(dialog).getByRole('radio', { name: '调休上班' })).toBeDisabled();
    await user.click(within(dialog).getByRole('radio', { name: '放假' }));
    await user.type(await within(dialog).findByLabelText('名称'), '地方假日');
    await user.click(within(dialog).getByRole('button', { name: /保\s?存/ }));
    await waitFor(() => expect(sent).toBeDefined());
    expect(sent?.version).toBe(0);
    expect(sent?.entries.map((e) => e.date)).toEqual(['2026-10-01', '2026-10-02', '2026-10-10', '2026-12-07']);
    await waitFor(() => expect(cell('2026-12-07')).toHaveAccessibleName('2026-12-07 放假：地方假日'));
  });

  it('shows the days without buttons to a clinician', async () => {
    vi.stubGlobal(
      'fetch',
      stubApi(
        { 'GET /api/v1/calendar/years': { body: years }, 'GET /api/v1/calendar/years/2026': { body: year2026 } },
        { me: CLINICIAN },
      ),
    );
    const { container } = renderApp('/calendar');
    await waitFor(() => expect(container.querySelector('[data-date="2026-10-01"]')).not.toBeNull());
    expect(container.querySelector('[data-date="2026-10-01"]')).toHaveAttribute('aria-label', '2026-10-01 放假：国庆节');
    expect(container.querySelectorAll('button[data-date]')).toHaveLength(0);
    expect(screen.queryByRole('button', { name: /添加年份/ })).not.toBeInTheDocument();
  });
});
