import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { baseURL, launchBrowser, openPage, screenshot } from './browser';
import { DEMO_PASSWORD, signIn } from './session';

// The bureau administrator shortens the application window to 10 working days
// from today and sees it in force; then marks Monday 7 December 2026 a
// holiday in the working-day calendar and sees it in the month grid.
const ADMIN = 'bureau.admin';

/** As in pricing.e2e.ts: identity.e2e.ts may have enrolled a second factor for the admin. */
async function resetSecondFactor(page: Page): Promise<void> {
  const req = page.context().request;
  const login = await req.post('/api/v1/auth/login', { data: { username: 'sysadmin', password: DEMO_PASSWORD } });
  expect(login.ok()).toBe(true);
  const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
  const users = await req.get(`/api/v1/users?q=${ADMIN}`);
  const { items } = (await users.json()) as { items: { id: string; username: string; totp_enabled?: boolean }[] };
  const admin = items.find((u) => u.username === ADMIN);
  expect(admin).toBeDefined();
  if (admin?.totp_enabled) {
    const reset = await req.post(`/api/v1/users/${admin.id}/totp-reset`, { headers: { 'X-CSRF-Token': csrf } });
    expect(reset.status()).toBe(204);
  }
  await req.post('/api/v1/auth/logout', { headers: { 'X-CSRF-Token': csrf } });
  await page.context().clearCookies();
}

/** Opens a page of the side menu's 特例单议 section, unfolding it when closed. */
async function openFromMenu(page: Page, name: string): Promise<void> {
  const item = page.getByRole('menuitem', { name: new RegExp(name) });
  const group = page.getByRole('menuitem', { name: /特例单议$/ });
  await group.waitFor();
  for (let i = 0; i < 5 && !(await item.isVisible()); i++) {
    if ((await group.getAttribute('aria-expanded')) !== 'true') await group.click();
    await page.waitForTimeout(400);
  }
  await item.click();
}

describe('special-case settings and the working-day calendar', () => {
  let browser: Browser;
  let page: Page;
  let pageErrors: Error[];

  beforeAll(async () => {
    baseURL();
    browser = await launchBrowser();
    ({ page, pageErrors } = await openPage(browser));
    await resetSecondFactor(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('changes the window to 10 working days and sees it in force', async () => {
    await signIn(page, ADMIN);
    // start from the defaults, whatever the demo seed or another file set
    await page.evaluate(async () => {
      const csrf = decodeURIComponent(
        document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith('teyi_csrf='))?.slice('teyi_csrf='.length) ?? '',
      );
      const cur = (await (await fetch('/api/v1/specialcase/settings')).json()) as { today: string; latest_version: number };
      const res = await fetch('/api/v1/specialcase/settings', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({
          version: cur.latest_version,
          effective_from: cur.today,
          quota: { basis: 'DRG_5pct', rate: '0.05', scope: 'region', period: 'quarter', replace_share: '0.20', warn_at: '0.80' },
          window: { kind: 'quarterly_first_workdays', workdays: 15 },
          deadlines: { info_due_workdays: 5, reminder_workdays_before: 2, info_expiry: 'withdraw', intake_sla_workdays: 10 },
        }),
      });
      if (!res.ok) throw new Error(`resetting the settings: ${res.status} ${await res.text()}`);
    });
    await openFromMenu(page, '规则设置');
    await page.waitForURL('**/specialcase/settings');
    await page.getByRole('heading', { name: '特例单议规则设置' }).waitFor();
    const inForce = page.getByTestId('in-force-window');
    await inForce.waitFor();

    const n = page.getByLabel('工作日数 N');
    await n.fill('10');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.getByText(/已保存为第 \d+ 版/).waitFor();
    await page.getByTestId('in-force-window').filter({ hasText: '每季度前 10 个工作日' }).waitFor();
    await page.getByRole('row', { name: /生效中.*每季度前 10 个工作日/ }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'scsettings-zh');
  });

  it('refuses a bad custom rate with the field marked', async () => {
    // the fixed header covers the form's top once the page scrolled to the saved message
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByTitle('DRG 出院病例的 5%（国家规定）').click();
    await page.getByTitle('自定义比例').click();
    const rate = page.getByLabel('比例', { exact: true });
    await rate.fill('2');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.getByText('must be more than 0 and at most 1').waitFor();
    // nothing saved: still 10 days in force, under the national basis
    expect(await page.getByTestId('settings-in-force').innerText()).toContain('DRG 出院病例的 5%');
  });

  it('marks a day as a holiday in 2026 and sees it in the grid', async () => {
    await openFromMenu(page, '工作日历');
    await page.waitForURL('**/calendar');
    await page.getByRole('heading', { name: '工作日历' }).waitFor();
    // a fresh database knows 2025 and 2026; the page opens on this year, else the latest known
    await page.locator('.ant-select-selection-item[title="2026"]').waitFor();
    // the shipped 2026: 国庆 and the working Saturday after it
    await page.locator('[data-date="2026-10-01"][data-kind="holiday"]').waitFor();
    await page.locator('[data-date="2026-10-10"][data-kind="workday"]').waitFor();
    const day = page.locator('[data-date="2026-12-07"]');
    expect(await day.getAttribute('data-kind')).toBe('');

    await day.click();
    const dialog = page.getByRole('dialog', { name: '修改 2026-12-07' });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: '放假' }).check();
    await dialog.getByLabel('名称').fill('地方假日');
    await dialog.getByRole('button', { name: /保\s?存/ }).click();
    await page.getByText('已保存 2026-12-07 的安排').waitFor();

    await page.locator('[data-date="2026-12-07"][data-kind="holiday"]').waitFor();
    expect(await page.locator('[data-date="2026-12-07"]').getAttribute('aria-label')).toBe('2026-12-07 放假：地方假日');
    await page.getByText('本地区调整').waitFor();
    await page.getByRole('cell', { name: '地方假日' }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'calendar-zh');
  });

  it('raised no uncaught error in the page', () => {
    expect(pageErrors.map((e) => e.message)).toEqual([]);
  });
});
