import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { baseURL, launchBrowser, openPage, screenshot } from './browser';
import { DEMO_PASSWORD, signIn, signOut } from './session';

// The hospital's insurance office files a new consumable with a PDF and
// submits it; a bureau administrator approves it for a validity and a
// scope; the list shows it approved (已批准). Second factors enrolled by
// identity.e2e.ts (same database) are removed first, as in pricing.e2e.ts.
const OFFICE = 'h1.office';
const ADMIN = 'bureau.admin';
// A fresh consumable code each run: C + 14 digits.
const CODE = `C131501019${String(Date.now() % 100000).padStart(5, '0')}`;
const NAME = '可吸收冠脉药物洗脱支架（e2e）';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function resetSecondFactors(page: Page, usernames: string[]): Promise<void> {
  const req = page.context().request;
  const login = await req.post('/api/v1/auth/login', { data: { username: 'sysadmin', password: DEMO_PASSWORD } });
  expect(login.ok()).toBe(true);
  const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
  for (const name of usernames) {
    const users = await req.get(`/api/v1/users?q=${name}`);
    const { items } = (await users.json()) as { items: { id: string; username: string; totp_enabled?: boolean }[] };
    const user = items.find((u) => u.username === name);
    expect(user).toBeDefined();
    if (user?.totp_enabled) {
      const reset = await req.post(`/api/v1/users/${user.id}/totp-reset`, { headers: { 'X-CSRF-Token': csrf } });
      expect(reset.status()).toBe(204);
    }
  }
  await req.post('/api/v1/auth/logout', { headers: { 'X-CSRF-Token': csrf } });
  await page.context().clearCookies();
}

async function openRegistry(page: Page): Promise<void> {
  await page.getByRole('menuitem', { name: /新药耗备案/ }).click();
  await page.waitForURL('**/registry');
  await page.getByRole('heading', { name: '新药耗新技术备案' }).waitFor();
}

describe('new drug, device and technology registry', () => {
  let browser: Browser;
  let page: Page;
  let pageErrors: Error[];

  beforeAll(async () => {
    baseURL();
    browser = await launchBrowser();
    ({ page, pageErrors } = await openPage(browser));
    await resetSecondFactors(page, [OFFICE, ADMIN]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the hospital office files a consumable with a PDF and submits it', async () => {
    await signIn(page, OFFICE);
    await openRegistry(page);
    await page.getByTestId('registry-new').click();
    const dialog = page.getByRole('dialog', { name: '新建备案' });
    await dialog.getByLabel('医保编码').fill(CODE);
    await dialog.getByLabel('名称').fill(NAME);
    const date = dialog.getByLabel('上市/批准日期');
    await date.click();
    await date.fill('2025-06-01');
    await date.press('Enter');
    await dialog.getByLabel('预计年病例数').fill('60');
    await dialog.getByLabel('申请理由').fill('新上市耗材，临床效果明显优于传统支架，历史数据无法反映其成本。');
    await dialog.getByRole('button', { name: '保存草稿' }).click();

    await page.waitForURL(/\/registry\/[0-9a-f-]{36}$/);
    await page.getByTestId('filing-status').filter({ hasText: '草稿' }).waitFor();
    await page.locator('input[type=file]').setInputFiles({ name: '产品注册证.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('cell', { name: '产品注册证.pdf' }).waitFor();
    await page.getByRole('cell', { name: 'application/pdf' }).waitFor();

    await page.getByTestId('registry-submit').click();
    const confirm = page.getByRole('dialog').filter({ hasText: '提交备案？' });
    await confirm.getByRole('button', { name: '提交审核' }).click();
    await page.getByTestId('filing-status').filter({ hasText: '待审核' }).waitFor();
    await screenshot(page, 'registry-filing-zh');
    await signOut(page);
  });

  it('the bureau administrator approves it for the filing hospital', async () => {
    await signIn(page, ADMIN);
    await openRegistry(page);
    await page.getByRole('row', { name: new RegExp(`${CODE}.*待审核`) }).getByRole('link', { name: CODE }).click();
    await page.waitForURL(/\/registry\/[0-9a-f-]{36}$/);
    await page.getByRole('cell', { name: '产品注册证.pdf' }).waitFor();
    await page.getByTestId('registry-approve').click();
    const dialog = page.getByRole('dialog', { name: '批准备案' });
    await dialog.getByText('仅备案医院').waitFor();
    await dialog.getByRole('button', { name: /批\s?准/ }).click();
    await page.getByTestId('filing-status').filter({ hasText: '已批准' }).waitFor();
    await page.getByText(/按项目支付/).first().waitFor();
  });

  it('lists it as approved', async () => {
    await openRegistry(page);
    const row = page.getByRole('row', { name: new RegExp(`${CODE}.*已批准`) });
    await row.waitFor();
    expect(await row.innerText()).toContain('仅备案医院');
    await screenshot(page, 'registry-list-zh');
  });

  it('raised no uncaught error in the page', () => {
    expect(pageErrors.map((e) => e.message)).toEqual([]);
  });
});
