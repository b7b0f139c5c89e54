import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { baseURL, launchBrowser, openPage, screenshot } from './browser';
import { signIn } from './session';

/**
 * Opens a page from the side menu's 病例 section, unfolding the section when
 * it is closed. The menu may still be settling after sign-in (it opens the
 * section of the current page by itself), so the state is read again each try.
 */
async function openFromMenu(page: Page, name: string): Promise<void> {
  const item = page.getByRole('menuitem', { name: new RegExp(name) });
  const group = page.getByRole('menuitem', { name: /病例$/ });
  await group.waitFor();
  for (let i = 0; i < 5 && !(await item.isVisible()); i++) {
    if ((await group.getAttribute('aria-expanded')) !== 'true') await group.click();
    await page.waitForTimeout(400);
  }
  await item.click();
}

/** A CSV cell: quoted when it holds a comma, quote or line break. */
const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * Three settlement lists from the server's own template: its example row
 * twice (normal cases) and once with thirty times the fees, the item lines
 * and the payments scaled to match, which makes it a high outlier. Settlement
 * ids are unique per run, so the test can be run again on the same database.
 */
function threeCases(template: string, run: string): { csv: string; highId: string } {
  const [headLine = '', exampleLine = ''] = template.replace(/^\ufeff/, '').trim().split(/\r?\n/);
  const head = headLine.split(',');
  // The example row has no quoted cells (its lists use | and ^).
  const example = exampleLine.split(',');
  const row = (sid: string, over: Record<string, string>) =>
    head
      .map((h, i) => {
        const values: Record<string, string> = { setl_id: sid, mdtrt_id: `M${sid.slice(1)}`, medcasno: `BA${sid.slice(-6)}`, ...over };
        return cell(values[h] ?? example[i] ?? '');
      })
      .join(',');
  const [a = '', b = '', c = ''] = [1, 2, 3].map((n) => `S${run}${n}`);
  const high = {
    fee_05: '30000.00',
    fee_09: '60000.00',
    medfee_sumamt: '90000.00',
    claa_sumfee: '75000.00',
    clab_amt: '15000.00',
    hifp_pay: '70000.00',
    psn_selfpay: '20000.00',
    psn_cash_pay: '20000.00',
    items: '250101001^静脉注射^05^1^^100^300.00^30000.00^0|XJ01CAA040B001^阿莫西林胶囊^09^2^0.1^200^300.00^60000.00^0',
  };
  const csv = [headLine, row(a, {}), row(b, {}), row(c, high)].join('\n') + '\n';
  return { csv, highId: c };
}

// A hospital insurance office imports three settlement lists, watches the
// import finish, finds the high outlier in the list and reads its grouping
// trace and payment breakdown on the detail page.
describe('cases', () => {
  let browser: Browser;
  let page: Page;
  let pageErrors: Error[];
  let highId = '';

  beforeAll(async () => {
    baseURL();
    browser = await launchBrowser();
    ({ page, pageErrors } = await openPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await screenshot(page, 'fail-cases-' + ctx.task.name.slice(0, 8).replace(/\W/g, '_'));
  });

  it('imports a CSV and shows the progress to the end', async () => {
    await signIn(page, 'h1.office');
    await openFromMenu(page, '病例导入');
    await page.waitForURL('**/cases/import');
    await page.getByRole('heading', { name: '病例导入' }).waitFor();

    const template = await page.evaluate(async () => (await fetch('/api/v1/case-templates/csv')).text());
    const run = String(Date.now()).slice(-9);
    const made = threeCases(template, run);
    highId = made.highId;
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: `cases-${run}.csv`, mimeType: 'text/csv', buffer: Buffer.from(made.csv, 'utf-8') });
    await page.getByText(`cases-${run}.csv`).first().waitFor();
    await page.getByRole('button', { name: '开始导入', exact: true }).click();

    const progress = page.getByTestId('import-progress');
    await progress.waitFor();
    await progress.getByText('已入库').waitFor({ timeout: 60_000 });
    await page.getByTestId('import-committed').getByText(/新增 3 例/).waitFor();
    expect(await progress.locator('.ant-progress-status-success').count()).toBe(1);
    // The recent imports list it as stored.
    await page.getByRole('cell', { name: `cases-${run}.csv` }).waitFor();
  });

  it('filters the list to high outliers and finds the imported case', async () => {
    await page.goto('/cases?outlier=high');
    await page.getByRole('heading', { name: '病例列表' }).waitFor();
    const link = page.getByTestId('case-link').filter({ hasText: highId });
    await link.waitFor();
    const row = page.locator('tr', { has: link });
    expect(await row.getByTestId('class-tag').textContent()).toBe('高倍率');
    await row.getByText('高费用').waitFor();
    // Every row of the filtered list is a high outlier.
    for (const tag of await page.getByTestId('class-tag').all()) expect(await tag.textContent()).toBe('高倍率');
    // The normal cases of the same file are not listed.
    expect(await page.getByTestId('case-link').filter({ hasText: highId.slice(0, -1) + '1' }).count()).toBe(0);
    await page.mouse.move(0, 0);
    await screenshot(page, 'cases-list');
    await link.click();
  });

  it('opens the case with its grouping trace and payment breakdown', async () => {
    await page.waitForURL('**/cases/*');
    await page.getByRole('heading', { name: new RegExp(`病例详情\\s*${highId}`) }).waitFor();
    expect(await page.getByTestId('case-drg').textContent()).toContain('ES35');
    expect(await page.getByTestId('group-status').textContent()).toBe('分组成功');
    const trace = page.getByTestId('group-trace');
    await trace.getByText(/进入 MDC\s*MDCE/).waitFor();
    await trace.getByText(/DRG 细分\s*ES35/).waitFor();
    const payment = page.getByTestId('payment-panel');
    await payment.getByText('支付标准').first().waitFor();
    expect(await payment.getByTestId('payment-standard').textContent()).toMatch(/^¥[\d,]+\.\d{2}$/);
    await payment.getByText('按项目付费').waitFor();
    await payment.getByText('起付线').waitFor();
    expect(await payment.getByText('¥90,000.00').count()).toBeGreaterThan(0);
    await page.mouse.move(0, 0);
    await screenshot(page, 'cases-detail');

    await page.getByRole('tab', { name: '费用' }).click();
    await page.getByTestId('fee-categories').getByText('09 西药费').waitFor();
    await page.getByRole('cell', { name: '阿莫西林胶囊' }).waitFor();
  });

  it('shows the month on the dashboard', async () => {
    await openFromMenu(page, '月度看板');
    await page.waitForURL('**/cases/dashboard');
    await page.getByRole('heading', { name: '月度看板' }).waitFor();
    // The template's cases were discharged in January 2026.
    await page.goto('/cases/dashboard?from=2026-01&to=2026-03');
    await page.getByTestId('dashboard-table').getByRole('link', { name: '2026-01' }).waitFor();
  });

  it('raised no uncaught error in the page', () => {
    expect(pageErrors.map((e) => e.message)).toEqual([]);
  });
});
