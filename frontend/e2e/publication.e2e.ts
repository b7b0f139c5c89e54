import { readFileSync } from 'node:fs';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { baseURL, launchBrowser, openPage, screenshot } from './browser';
import { DEMO_PASSWORD, signIn, signOut } from './session';

// The semi-annual publication (特例单议情况公示): the bureau administrator
// drafts the demo region's first half-year and publishes it; a hospital's
// insurance office sees the published table (never the draft) and
// downloads the XLSX. Second factors enrolled by identity.e2e.ts (same
// database) are removed first, as in registry.e2e.ts.
const ADMIN = 'bureau.admin';
const OFFICE = 'h2.office';
const YEAR = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
const PERIOD = `${YEAR}H1`;
const LABEL = `${YEAR}年上半年`;

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

/** Opens 特例单议 › 情况公示 from the side menu, unfolding the section when closed. */
async function openPublication(page: Page): Promise<void> {
  const item = page.getByRole('menuitem', { name: /情况公示/ });
  const group = page.getByRole('menuitem', { name: /特例单议$/ });
  await group.waitFor();
  for (let i = 0; i < 5 && !(await item.isVisible()); i++) {
    if ((await group.getAttribute('aria-expanded')) !== 'true') await group.click();
    await page.waitForTimeout(400);
  }
  await item.click();
  await page.waitForURL('**/publication**');
  await page.getByRole('heading', { name: '特例单议情况公示' }).waitFor();
}

describe('semi-annual special-case publication', () => {
  let browser: Browser;
  let page: Page;
  let pageErrors: Error[];
  let draftUrl = '';
  let versionUrl = '';

  beforeAll(async () => {
    baseURL();
    browser = await launchBrowser();
    ({ page, pageErrors } = await openPage(browser));
    await resetSecondFactors(page, [ADMIN, OFFICE]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the bureau administrator drafts the first half-year and publishes it', async () => {
    await signIn(page, ADMIN);
    await openPublication(page);
    await page.goto(`/publication?period=${PERIOD}`);
    await page.getByTestId('publication-draft').click();
    await page.waitForURL(/\/publication\/[0-9a-f-]{36}$/);
    draftUrl = page.url();
    await page.getByRole('heading', { name: `济南市${LABEL}特例单议情况公示` }).waitFor();
    await page.getByText('这是草稿，仅医保局可见').waitFor();
    const table = page.getByTestId('publication-table');
    await table.getByText('济南市第一人民医院').first().waitFor();
    await page.getByTestId('publication-totals').getByText('合计').waitFor();
    await page.getByTestId('publication-chart').locator('svg').first().waitFor();

    await page.getByTestId('publication-publish').click();
    const confirm = page.getByRole('dialog').filter({ hasText: `发布${LABEL}特例单议情况公示？` });
    await confirm.getByRole('button', { name: /发\s?布/ }).click();
    await page.getByText(/已发布第 \d+ 版/).first().waitFor();
    await page.waitForURL((u) => u.href !== draftUrl && /\/publication\/[0-9a-f-]{36}$/.test(u.pathname));
    versionUrl = page.url();
    await page.getByText(/^第 \d+ 版$/).first().waitFor();
    expect(await page.getByTestId('publication-publish').count()).toBe(0);
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
    await screenshot(page, 'publication-zh');
    await signOut(page);
  });

  it('a hospital office sees the published table, not the draft, and downloads the XLSX', async () => {
    await signIn(page, OFFICE);
    await openPublication(page);
    await page.goto(`/publication?period=${PERIOD}`);
    const row = page.getByRole('row', { name: new RegExp(`${LABEL}.*第 \\d+ 版`) });
    await row.waitFor();
    expect(await page.getByText(/草稿（第/).count()).toBe(0);
    expect(await page.getByTestId('publication-draft').count()).toBe(0);
    await row.getByRole('link', { name: '查看' }).click();
    await page.waitForURL(versionUrl);
    await page.getByTestId('publication-table').getByText('济南市第一人民医院').first().waitFor();
    await page.getByTestId('publication-totals').getByText('合计').waitFor();
    expect(await page.getByTestId('publication-publish').count()).toBe(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('publication-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^特例单议公示-370100-${PERIOD}-v\\d+\\.xlsx$`));
    const file = await download.path();
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.includes(Buffer.from('xl/worksheets/sheet1.xml'))).toBe(true);

    // the draft itself is not found for the hospital
    const res = await page.context().request.get(`/api/v1/special-case-reports/${draftUrl.split('/').pop() ?? ''}`);
    expect(res.status()).toBe(404);
  });

  it('raised no uncaught error in the page', () => {
    expect(pageErrors.map((e) => e.message)).toEqual([]);
  });
});
