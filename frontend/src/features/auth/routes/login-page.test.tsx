import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Me } from '@/lib/session';
import { BUREAU_ADMIN, problem } from '@/testing/fixtures';
import { currentUrl, renderApp, stubApi, type StubRoute } from '@/testing/render-app';

import { safeRedirect, stepOf } from '../sign-in';

const QR = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const RECOVERY = Array.from({ length: 10 }, (_, i) => `code-${String(i).padStart(4, '0')}-abcd`);

/**
 * A small stand-in for the server's sign-in: GET /me answers whatever state
 * the last step left, and every call is recorded with its body.
 */
function fakeServer(start: Me | null, routes: Record<string, StubRoute> = {}) {
  let me: Me | null = start;
  const calls: { method: string; path: string; body: unknown; csrf: string | null }[] = [];
  const record = async (request: Request) => {
    const text = await request.clone().text();
    calls.push({
      method: request.method,
      path: new URL(request.url).pathname,
      body: text === '' ? undefined : JSON.parse(text),
      csrf: request.headers.get('X-CSRF-Token'),
    });
  };
  const server = {
    set me(value: Me | null) {
      me = value;
    },
    calls,
    posted: (path: string) => calls.filter((c) => c.method === 'POST' && c.path === path).map((c) => c.body),
  };
  const stub = stubApi({
    'GET /api/v1/me': () => (me === null ? problem(401, 'Unauthorized', 'sign in first') : { body: me }),
    ...routes,
  });
  vi.stubGlobal('fetch', async (input: Request) => {
    await record(input);
    return stub(input);
  });
  return server;
}

const as = (state: Me['state'], extra: Partial<Me> = {}): Me => ({ ...BUREAU_ADMIN, state, ...extra });

afterEach(() => {
  document.cookie = 'teyi_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
});

describe('sign-in', () => {
  it('sends a visitor to /login with the page they wanted, and back there after signing in', async () => {
    const server = fakeServer(null, {
      'POST /api/v1/auth/login': () => {
        server.me = as('authenticated');
        return { body: { next: 'done', csrf_token: 'c1' } };
      },
      '/api/v1/system/status': { body: { version: '1.0.0', ready: true, checks: [] } },
    });
    const { user } = renderApp('/status?x=1');

    expect(await screen.findByRole('heading', { name: '登录' })).toBeInTheDocument();
    expect(currentUrl()).toBe('/login?redirect=%2Fstatus%3Fx%3D1');

    await user.type(screen.getByLabelText('用户名'), 'bureau.admin');
    await user.type(screen.getByLabelText('密码'), 'Teyi-Demo-2026');
    await user.click(screen.getByRole('button', { name: '登录' }));

    expect(await screen.findByRole('heading', { name: '系统状态' })).toBeInTheDocument();
    expect(currentUrl()).toBe('/status?x=1');
    expect(server.posted('/api/v1/auth/login')).toEqual([{ username: 'bureau.admin', password: 'Teyi-Demo-2026' }]);
    // The header now names the user and where they work.
    expect(screen.getByTestId('user-scope')).toHaveTextContent('济南市');
    expect(screen.getByTestId('user-menu')).toHaveTextContent('王局长');
  });

  it('says only that the username or password is wrong, and clears the password', async () => {
    fakeServer(null, {
      'POST /api/v1/auth/login': () =>
        problem(401, 'Unauthorized', '用户名或密码错误，或尝试次数过多，请稍后再试 (invalid username or password, or too many attempts)'),
    });
    const { user } = renderApp('/login');

    await user.type(await screen.findByLabelText('用户名'), 'bureau.admin');
    await user.type(screen.getByLabelText('密码'), 'wrong');
    await user.click(screen.getByRole('button', { name: '登录' }));

    expect(await screen.findByText('用户名或密码错误，或尝试次数过多，请稍后再试。')).toBeInTheDocument();
    expect(screen.getByLabelText('密码')).toHaveValue('');
    expect(screen.getByLabelText('用户名')).toHaveValue('bureau.admin');
  });

  it('asks for the six-digit code, shows a wrong one at the field, and signs in with the next', async () => {
    const server = fakeServer(null, {
      'POST /api/v1/auth/login': () => {
        server.me = as('mfa_pending', { totp_enabled: true });
        return { body: { next: 'totp', csrf_token: 'c1' } };
      },
      'POST /api/v1/auth/totp': async (request) => {
        const { code } = (await request.json()) as { code: string };
        if (code !== '654321') {
          return problem(422, 'Unprocessable Entity', 'validation failed', [
            { location: 'body.code', message: '验证码错误或已使用 (invalid or already used code)' },
          ]);
        }
        server.me = as('authenticated', { totp_enabled: true });
        return { body: { next: 'done' } };
      },
    });
    document.cookie = 'teyi_csrf=c1; path=/';
    const { user } = renderApp('/login');

    await user.type(await screen.findByLabelText('用户名'), 'bureau.admin');
    await user.type(screen.getByLabelText('密码'), 'Teyi-Demo-2026');
    await user.click(screen.getByRole('button', { name: '登录' }));

    expect(await screen.findByRole('heading', { name: '两步验证' })).toBeInTheDocument();
    const code = screen.getByLabelText('验证码');
    await user.type(code, '12a3456'); // letters are dropped; six digits submit by themselves
    expect(await screen.findByText('验证码错误或已使用 (invalid or already used code)')).toBeInTheDocument();
    expect(code).toHaveValue('');

    await user.type(code, '654321');
    expect(await screen.findByRole('heading', { name: '工作台' })).toBeInTheDocument();
    expect(server.posted('/api/v1/auth/totp')).toEqual([{ code: '123456' }, { code: '654321' }]);
    expect(server.calls.filter((c) => c.path === '/api/v1/auth/totp').every((c) => c.csrf === 'c1')).toBe(true);
  });

  it('takes a recovery code instead of the TOTP code', async () => {
    const server = fakeServer(as('mfa_pending', { totp_enabled: true }), {
      'POST /api/v1/auth/totp': () => {
        server.me = as('authenticated', { totp_enabled: true });
        return { body: { next: 'done' } };
      },
    });
    const { user } = renderApp('/login');

    // A reload in the middle of signing in resumes at the step the session is in.
    expect(await screen.findByRole('heading', { name: '两步验证' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '手机不在身边？使用恢复码' }));
    await user.type(screen.getByLabelText('恢复码'), ' abcd-efgh-ijkl ');
    await user.click(screen.getByRole('button', { name: '验证' }));

    expect(await screen.findByRole('heading', { name: '工作台' })).toBeInTheDocument();
    expect(server.posted('/api/v1/auth/totp')).toEqual([{ code: 'abcd-efgh-ijkl' }]);
  });

  it('makes a first-time user choose a new password, with the policy and the server’s verdict at the field', async () => {
    const server = fakeServer(null, {
      'POST /api/v1/auth/login': () => {
        server.me = as('password_change');
        return { body: { next: 'change_password', csrf_token: 'c1' } };
      },
      'POST /api/v1/me/password': async (request) => {
        const { new_password } = (await request.json()) as { new_password: string };
        if (new_password === 'password1234') {
          return problem(422, 'Unprocessable Entity', 'validation failed', [
            { location: 'body.new_password', message: 'password is too common or too easy to guess' },
          ]);
        }
        server.me = as('authenticated');
        return { status: 204 };
      },
    });
    const { user } = renderApp('/login');

    await user.type(await screen.findByLabelText('用户名'), 'h1.new');
    await user.type(screen.getByLabelText('密码'), 'Temp-Pass-0001');
    await user.click(screen.getByRole('button', { name: '登录' }));

    expect(await screen.findByRole('heading', { name: '设置新密码' })).toBeInTheDocument();
    expect(screen.getByText(/12–128 个字符；不能是常见或容易猜到的密码/)).toBeInTheDocument();
    // The password typed a moment ago is not asked again.
    expect(screen.queryByLabelText('当前密码')).not.toBeInTheDocument();

    await user.type(screen.getByLabelText('新密码'), 'short');
    await user.type(screen.getByLabelText('确认新密码'), 'other');
    await user.click(screen.getByRole('button', { name: '设置并继续' }));
    expect(await screen.findByText('至少 12 个字符')).toBeInTheDocument();
    expect(screen.getByText('两次输入的新密码不一致')).toBeInTheDocument();
    expect(server.posted('/api/v1/me/password')).toEqual([]);

    await user.clear(screen.getByLabelText('新密码'));
    await user.type(screen.getByLabelText('新密码'), 'password1234');
    await user.clear(screen.getByLabelText('确认新密码'));
    await user.type(screen.getByLabelText('确认新密码'), 'password1234');
    await user.click(screen.getByRole('button', { name: '设置并继续' }));
    expect(await screen.findByText('password is too common or too easy to guess')).toBeInTheDocument();

    await user.clear(screen.getByLabelText('新密码'));
    await user.type(screen.getByLabelText('新密码'), 'correct horse battery');
    await user.clear(screen.getByLabelText('确认新密码'));
    await user.type(screen.getByLabelText('确认新密码'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: '设置并继续' }));

    expect(await screen.findByRole('heading', { name: '工作台' })).toBeInTheDocument();
    expect(server.posted('/api/v1/me/password')).toEqual([
      { current_password: 'Temp-Pass-0001', new_password: 'password1234' },
      { current_password: 'Temp-Pass-0001', new_password: 'correct horse battery' },
    ]);
  });

  it('sets up an authenticator when the role requires one, then shows the recovery codes once', async () => {
    const server = fakeServer(null, {
      'POST /api/v1/auth/login': () => {
        server.me = as('totp_enrolment');
        return { body: { next: 'enrol_totp', csrf_token: 'c1' } };
      },
      'POST /api/v1/me/totp': {
        body: { secret: 'JBSWY3DPEHPK3PXP', otpauth_url: 'otpauth://totp/x', qr_png_base64: QR },
      },
      'POST /api/v1/me/totp/confirm': () => {
        server.me = as('authenticated', { totp_enabled: true });
        return { body: { recovery_codes: RECOVERY } };
      },
    });
    const { user } = renderApp('/login?redirect=/admin/users');

    await user.type(await screen.findByLabelText('用户名'), 'bureau.admin');
    await user.type(screen.getByLabelText('密码'), 'Teyi-Demo-2026');
    await user.click(screen.getByRole('button', { name: '登录' }));

    expect(await screen.findByRole('heading', { name: '绑定身份验证器' })).toBeInTheDocument();
    expect(await screen.findByTestId('totp-secret')).toHaveTextContent('JBSWY3DPEHPK3PXP');
    expect(screen.getByRole('img', { name: '身份验证器二维码' })).toHaveAttribute('src', `data:image/png;base64,${QR}`);

    await user.type(screen.getByLabelText('应用中显示的 6 位验证码'), '112233');

    const list = await screen.findByTestId('recovery-codes');
    expect(within(list).getAllByRole('listitem')).toHaveLength(10);
    expect(within(list).getByText(RECOVERY[0] ?? '')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /复制全部/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /下载 \.txt/ })).toBeInTheDocument();
    // Signed in already, but the codes stay until the user says they have them.
    expect(currentUrl()).toMatch(/^\/login/);

    await user.click(screen.getByRole('button', { name: '我已保存，继续' }));
    expect(await screen.findByRole('heading', { name: '用户' })).toBeInTheDocument();
    expect(server.posted('/api/v1/me/totp')).toHaveLength(1);
    expect(server.posted('/api/v1/me/totp/confirm')).toEqual([{ code: '112233' }]);
  });

  it('signs out from the header menu, with the CSRF token, and forgets the user', async () => {
    document.cookie = 'teyi_csrf=c9; path=/';
    const server = fakeServer(as('authenticated'), {
      'POST /api/v1/auth/logout': () => {
        server.me = null;
        return { status: 204 };
      },
    });
    const { user } = renderApp('/');

    await user.click(await screen.findByTestId('user-menu'));
    await user.click(await screen.findByRole('menuitem', { name: /退出登录/ }));

    expect(await screen.findByRole('heading', { name: '登录' })).toBeInTheDocument();
    await waitFor(() => expect(currentUrl()).toBe('/login'));
    expect(server.calls.find((c) => c.path === '/api/v1/auth/logout')?.csrf).toBe('c9');
  });
});

describe('sign-in helpers', () => {
  it('maps the session state to the step to show', () => {
    expect(stepOf(null)).toBe('password');
    expect(stepOf(as('mfa_pending'))).toBe('totp');
    expect(stepOf(as('totp_enrolment'))).toBe('enrol_totp');
    expect(stepOf(as('password_change'))).toBe('change_password');
    expect(stepOf(as('authenticated'))).toBe('done');
  });

  it('returns only to pages of this console', () => {
    expect(safeRedirect('/admin/users?q=1')).toBe('/admin/users?q=1');
    expect(safeRedirect(null)).toBe('/');
    expect(safeRedirect('https://evil.example/')).toBe('/');
    expect(safeRedirect('//evil.example/')).toBe('/');
    expect(safeRedirect('/\\evil.example')).toBe('/');
    expect(safeRedirect('/login?redirect=/x')).toBe('/');
  });
});
