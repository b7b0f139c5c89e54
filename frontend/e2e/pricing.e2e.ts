import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { baseURL, launchBrowser, openPage, screenshot } from './browser';
import { DEMO_PASSWORD, signIn } from './session';

// A bureau administrator drafts next year's pricing version from the demo
// parameters, activates it after the confirmation and sees it active. The
// demo login of bureau.admin needs no second factor while TEYI_DEMO=1 — unless
// identity.e2e.ts (which shares the database) enrolled one first; then the
// demo sysadmin removes it through the API, as an administrator would for a
// locked-out user, so this file works in either order.
const ADMIN = 'bureau.admin';

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

describe('pricing versions', () => {
  let browser: Browser;
  let page: Page;
  let pageErrors: Error[];
  const year = new Date().getFullYear() + 1;

  beforeAll(async () => {
    baseURL();
    browser = await launchBrowser();
    ({ page, pageErrors } = await openPage(browser));
    await resetSecondFactor(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists the seeded demo versions', async () => {
    await signIn(page, ADMIN);
    await page.getByRole('menuitem', { name: /支付参数/ }).click();
    await page.waitForURL('**/pricing');
    await page.getByRole('heading', { name: '支付参数版本' }).waitFor();
    await page.getByRole('row', { name: /年第 1 版.*已启用.*当前生效/ }).waitFor();
  });

  it('drafts next year from the demo parameters and activates it', async () => {
    await page.getByRole('button', { name: '新建草稿' }).click();
    const dialog = page.getByRole('dialog', { name: '新建支付参数草稿' });
    await dialog.getByLabel('年度').fill(String(year));
    // the effective dates left empty: the whole year
    await dialog.getByRole('button', { name: '创建草稿' }).click();

    await page.waitForURL(/\/pricing\/[0-9a-f-]{36}$/);
    await page.getByText(`${year} 年第 1 版`).first().waitFor();
    await page.getByText('草稿', { exact: true }).waitFor();
    await page.getByRole('tab', { name: 'DRG 权重' }).click();
    await page.getByRole('cell', { name: '0000', exact: true }).waitFor();
    await page.getByLabel('搜索 DRG 编码或名称').fill('FM19');
    await page.getByRole('cell', { name: 'FM19', exact: true }).waitFor();

    await page.getByRole('button', { name: '启 用' }).or(page.getByRole('button', { name: '启用' })).first().click();
    const confirm = page.getByRole('dialog').filter({ hasText: '启用该版本？' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: /启\s?用/ }).click();
    await page.getByText('已启用', { exact: true }).first().waitFor();
    await screenshot(page, 'pricing-version-zh');

    await page.getByRole('tab', { name: '试算' }).click();
    await page.getByRole('button', { name: /试\s?算/ }).click();
    const outcome = page.getByTestId('preview-outcome');
    await outcome.waitFor();
    expect(await outcome.innerText()).toContain('¥');
  });

  it('shows the new version active in the list', async () => {
    await page.getByRole('menuitem', { name: /支付参数/ }).click();
    await page.waitForURL('**/pricing');
    await page.getByRole('row', { name: new RegExp(`${year} 年第 1 版.*已启用`) }).waitFor();
  });

  it('raised no uncaught error in the page', () => {
    expect(pageErrors.map((e) => e.message)).toEqual([]);
  });
});
