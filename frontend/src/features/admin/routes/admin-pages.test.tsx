import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { CLINICIAN, problem } from '@/testing/fixtures';
import { renderApp, stubApi } from '@/testing/render-app';

const HOSPITAL = {
  id: 'h1',
  code: 'H37010200001',
  name: '济南市第一人民医院',
  level: 3,
  grade: '甲',
  region_code: '370100',
  group_name: '济南市第一医疗集团',
  active: true,
  created_at: '2026-01-01T00:00:00Z',
  version: 1,
};

const USER = {
  id: 'u1',
  username: 'h1.doctor',
  display_name: '陈医生（一院心内科）',
  region_code: '370100',
  hospital_id: 'h1',
  disabled: false,
  must_change_password: false,
  totp_enabled: false,
  demo: true,
  created_at: '2026-01-01T00:00:00Z',
  version: 3,
  roles: [{ role: 'clinician', kind: 'hospital', id: 'h1', region: '370100' }],
};

function event(id: number, action: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    at: '2026-03-01T02:03:04Z',
    actor_id: 'a1',
    actor_name: 'bureau.admin',
    role: 'bureau_admin',
    domain: 'region:370100',
    action,
    object_type: 'user',
    object_id: `obj-${id}`,
    ip: '127.0.0.1',
    request_id: `req-${id}`,
    region_code: '370100',
    hospital_id: '',
    ...extra,
  };
}

describe('系统管理', () => {
  it('shows the section only to roles that may use it', async () => {
    vi.stubGlobal('fetch', stubApi({}, { me: CLINICIAN }));
    renderApp('/admin/users');
    expect(await screen.findByText('页面不存在')).toBeInTheDocument();
    expect(screen.queryByRole('menuitem', { name: /系统管理/ })).not.toBeInTheDocument();
  });

  it('shows a friendly "no permission" when the API refuses (403)', async () => {
    vi.stubGlobal(
      'fetch',
      stubApi({ 'GET /api/v1/users': () => problem(403, 'Forbidden', 'your role may not do this') }),
    );
    renderApp('/admin/users');
    expect(await screen.findByText('无权访问')).toBeInTheDocument();
    expect(screen.getByText(/您的角色无权执行此操作/)).toBeInTheDocument();
  });

  it('adds a user, showing the server’s field error at the field, then the temporary password once', async () => {
    const bodies: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      stubApi({
        'GET /api/v1/users': { body: { items: [USER] } },
        'GET /api/v1/hospitals': { body: { items: [HOSPITAL] } },
        'GET /api/v1/regions': { body: { items: [{ code: '370100', name: '济南市', created_at: '2026-01-01T00:00:00Z' }] } },
        'POST /api/v1/users': async (request) => {
          const body = (await request.json()) as { username: string };
          bodies.push(body);
          if (body.username === 'h1.doctor') {
            return problem(422, 'Unprocessable Entity', 'validation failed', [
              { location: 'body.username', message: 'this username is taken' },
            ]);
          }
          return {
            status: 201,
            body: { user: { ...USER, id: 'u2', username: body.username, display_name: '新医生' }, temporary_password: 'abcd-EFGH-2345-jkmn' },
          };
        },
      }),
    );
    const { user } = renderApp('/admin/users');

    const row = await screen.findByRole('row', { name: /h1\.doctor/ });
    expect(within(row).getByText('济南市第一人民医院')).toBeInTheDocument();
    expect(within(row).getByText('临床医生')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /新建用户/ }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('新建用户')).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('用户名'), 'h1.doctor');
    await user.type(within(dialog).getByLabelText('姓名'), '新医生');
    await user.click(within(dialog).getByRole('checkbox', { name: /临床医生/ }));
    await user.click(within(dialog).getByLabelText('医疗机构'));
    await user.click(await screen.findByTitle('济南市第一人民医院（H37010200001）'));
    await user.click(within(dialog).getByRole('button', { name: '新建' }));

    expect(await within(dialog).findByText('this username is taken')).toBeInTheDocument();
    await user.clear(within(dialog).getByLabelText('用户名'));
    await user.type(within(dialog).getByLabelText('用户名'), 'h1.new');
    await user.click(within(dialog).getByRole('button', { name: '新建' }));

    const created = (await screen.findByText('用户已创建')).closest('[role="dialog"]') as HTMLElement;
    expect(within(created).getByTestId('temporary-password')).toHaveTextContent('abcd-EFGH-2345-jkmn');
    expect(within(created).getByText(/仅显示这一次/)).toBeInTheDocument();
    expect(bodies[1]).toEqual({ username: 'h1.new', display_name: '新医生', roles: [{ role: 'clinician' }], hospital_id: 'h1' });
    expect(within(created).getByRole('button', { name: '关闭' })).toBeInTheDocument();
  });

  it('disables a user after confirming, sending the version it read', async () => {
    const patches: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      stubApi({
        'GET /api/v1/users': { body: { items: [USER] } },
        'GET /api/v1/hospitals': { body: { items: [HOSPITAL] } },
        'PATCH /api/v1/users/u1': async (request) => {
          patches.push(await request.json());
          return { body: { ...USER, disabled: true, version: 4 } };
        },
      }),
    );
    const { user } = renderApp('/admin/users');

    const row = await screen.findByRole('row', { name: /h1\.doctor/ });
    await user.click(within(row).getByRole('button', { name: '停用' }));
    expect(await screen.findByText(/停用 陈医生（一院心内科）？其所有登录会立即退出/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '确定' }));
    await waitFor(() => expect(patches).toEqual([{ version: 3, disabled: true }]));
  });

  it('filters the audit log on the server, opens a row to its values, and loads older events', async () => {
    const queries: URLSearchParams[] = [];
    vi.stubGlobal(
      'fetch',
      stubApi({
        'GET /api/v1/audit-events': (request) => {
          const q = new URL(request.url).searchParams;
          queries.push(q);
          if (q.get('before') === '9') {
            return { body: { items: [event(8, 'user.create', { actor_name: 'seed', role: '' })] } };
          }
          return {
            body: {
              items: [
                event(10, 'user.roles', { old_values: { roles: ['clinician'] }, new_values: { roles: ['hospital_office'] } }),
                event(9, 'user.create', { new_values: { username: 'e2e.doctor' } }),
              ],
              next: 9,
            },
          };
        },
      }),
    );
    const { user } = renderApp('/admin/audit?action=user.roles&from=2026-03-01&to=2026-03-31');

    const row = await screen.findByRole('row', { name: /修改角色/ });
    expect(within(row).getByText('user.roles')).toBeInTheDocument();
    expect(within(row).getByText('2026-03-01 10:03:04')).toBeInTheDocument();
    const first = queries[0];
    expect(first?.get('action')).toBe('user.roles');
    expect(first?.get('from')).toBe('2026-03-01');
    expect(first?.get('to')).toBe('2026-04-01'); // the page's end date is inclusive, the API's exclusive

    await user.click(within(row).getByRole('button', { name: '展开详情' }));
    const before = await screen.findByLabelText('修改前');
    expect(before.textContent).toContain('"clinician"');
    expect(screen.getByLabelText('修改后').textContent).toContain('"hospital_office"');

    await user.click(screen.getByRole('button', { name: '加载更多' }));
    expect(await screen.findByRole('row', { name: /seed/ })).toBeInTheDocument();
    expect(queries.at(-1)?.get('before')).toBe('9');
    expect(screen.getByText('已全部加载（共 3 条）')).toBeInTheDocument();
  });

  it('shows every role against the operations it may call', async () => {
    vi.stubGlobal(
      'fetch',
      stubApi({
        'GET /api/v1/roles': {
          body: {
            items: [
              { role: 'clinician', domain_kind: 'hospital', operations: ['get-hospital'] },
              { role: 'bureau_admin', domain_kind: 'region', operations: ['get-hospital', 'create-user'] },
            ],
          },
        },
      }),
    );
    renderApp('/admin/roles');

    const createUser = await screen.findByRole('row', { name: /create-user/ });
    expect(within(createUser).getAllByLabelText('允许')).toHaveLength(1);
    expect(within(createUser).getAllByLabelText('不允许')).toHaveLength(1);
    const getHospital = screen.getByRole('row', { name: /get-hospital/ });
    expect(within(getHospital).getAllByLabelText('允许')).toHaveLength(2);
  });
});
