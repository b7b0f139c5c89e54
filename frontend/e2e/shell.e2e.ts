import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { baseURL, launchBrowser, openPage, screenshot } from './browser';
import { signIn } from './session';

// One person's visit, step by step: sign-in, the Chinese shell, the status
// page with the real server's dependencies, then the switch to English. Signs
// in as bureau.reviewer (a demo user without a second factor; identity.e2e.ts
// uses bureau.admin and enrols one).
describe('console shell', () => {
  let browser: Browser;
  let page: Page;
  let pageErrors: Error[];

  beforeAll(async () => {
    baseURL(); // fail first, and clearly, when no server is given
    browser = await launchBrowser();
    ({ page, pageErrors } = await openPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('opens in Chinese with the product name and the menu', async () => {
    await signIn(page, 'bureau.reviewer');
    expect(await page.getByText('特议 Teyi').first().isVisible()).toBe(true);
    expect(await page.getByRole('menuitem', { name: /(^|\s)工作台$/ }).isVisible()).toBe(true);
    expect(await page.getByRole('menuitem', { name: /系统状态/ }).isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await screenshot(page, 'home-zh');
  });

  it('shows postgres and redis as OK on 系统状态', async () => {
    await page.getByRole('menuitem', { name: /系统状态/ }).click();
    await page.waitForURL('**/status');
    await page.getByRole('heading', { name: '系统状态' }).waitFor();

    for (const dependency of ['postgres', 'redis']) {
      const row = page.getByRole('row', { name: new RegExp(dependency) });
      await row.getByText('正常', { exact: true }).waitFor({ timeout: 15_000 });
    }
    await page.getByText('就绪', { exact: true }).waitFor();
    await screenshot(page, 'status-zh');
  });

  it('switches to English and keeps the choice after a reload', async () => {
    await page.getByTestId('lang-switch').getByText('English', { exact: true }).click();

    await page.getByRole('heading', { name: 'System status' }).waitFor();
    expect(await page.getByRole('menuitem', { name: /Workbench/ }).isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    for (const dependency of ['postgres', 'redis']) {
      const row = page.getByRole('row', { name: new RegExp(dependency) });
      await row.getByText('OK', { exact: true }).waitFor();
    }
    await screenshot(page, 'status-en');

    await page.reload();
    await page.getByRole('heading', { name: 'System status' }).waitFor();
  });

  it('raised no uncaught error in the page', () => {
    expect(pageErrors.map((e) => e.message)).toEqual([]);
  });
});
