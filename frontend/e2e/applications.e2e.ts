import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { baseURL, launchBrowser, openPage, screenshot } from './browser';
import { signIn, signOut } from './session';

/** A CSV cell: quoted when it holds a comma, quote or line break. */
const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Two settlement lists from the server's template: a normal one and a high-cost outlier (thirty times the fees). */
function twoCases(template: string, run: string): { csv: string; highMrn: string } {
  const [headLine = '', exampleLine = ''] = template.replace(/^\ufeff/, '').trim().split(/\r?\n/);
  const head = headLine.split(',');
  const example = exampleLine.split(',');
  const row = (sid: string, over: Record<string, string>) =>
    head
      .map((h, i) => {
        const values: Record<string, string> = { setl_id: sid, mdtrt_id: `M${sid.slice(1)}`, medcasno: `BA${sid.slice(-7)}`, ...over };
        return cell(values[h] ?? example[i] ?? '');
      })
      .join(',');
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
  const a = `A${run}1`;
  const b = `A${run}2`;
  return { csv: [headLine, row(a, {}), row(b, high)].join('\n') + '\n', highMrn: `BA${b.slice(-7)}` };
}

/** A tiny valid one-page PDF. */
function tinyPdf(): Buffer {
  const objs = [
    '1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n',
    '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n',
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const o of objs) {
    offsets.push(body.length);
    body += o;
  }
  const xref = body.length;
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer<</Size ${objs.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A JSON call from the signed-in page (cookies and the CSRF token go with it). */
async function call(page: Page, method: string, path: string, body?: unknown, raw?: string): Promise<{ status: number; json: unknown }> {
  return page.evaluate(
    async ({ method, path, body, raw }) => {
      const csrf = document.cookie
        .split(';')
        .map((c) => c.trim())
        .find((c) => c.startsWith('teyi_csrf='))
        ?.slice('teyi_csrf='.length);
      const headers: Record<string, string> = {};
      if (csrf) headers['X-CSRF-Token'] = decodeURIComponent(csrf);
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (raw !== undefined) headers['Content-Type'] = 'application/octet-stream';
      const res = await fetch(path, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
      const text = await res.text();
      let json: unknown = text;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: res.status, json };
    },
    { method, path, body, raw },
  );
}

async function openTab(page: Page, name: string) {
  await page.getByRole('tab', { name: new RegExp(name) }).click();
}

/** Runs one of the page's action buttons and confirms its dialog (with a reason and a note when asked). */
async function act(page: Page, button: string, { reason, note }: { reason?: string; note?: string } = {}) {
  await page.getByTestId('application-actions').getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  if (reason) {
    await dialog.getByTestId('reason-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: reason }).click();
  }
  if (note) await dialog.getByRole('textbox').fill(note);
  await dialog.getByRole('button', { name: '确定' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

// The notification centre shows a notice about this application (sent by
// the worker after the transition commits, so it may take a moment).
async function expectNotice(page: Page, title: string) {
  await expect
    .poll(
      async () => {
        await page.goto('/notifications');
        const list = page.getByTestId('notification-list');
        await list.waitFor();
        return (await list.textContent()) ?? '';
      },
      { timeout: 30_000, interval: 1000 },
    )
    .toContain(title);
}

// The home page lists a to-do of the given key.
async function expectTodo(page: Page, key: string) {
  await page.goto('/');
  await page.locator(`[data-testid="todo"][data-key="${key}"]`).first().waitFor({ timeout: 20_000 });
}

async function expectStatus(page: Page, status: string) {
  await page.getByTestId('application-status').filter({ hasText: status }).first().waitFor();
}

// A clinician applies for a high-cost case with a PDF and sends it to the
// office; the office forwards it to the bureau; a reviewer asks for more
// information; the clinician replies; the reviewer accepts. Everyone sees
// the timeline, and the notification of their turn on the bell.
describe('special-case applications', () => {
  let browser: Browser;
  let page: Page;
  let pageErrors: Error[];
  let caseId = '';
  let appUrl = '';

  beforeAll(async () => {
    baseURL();
    browser = await launchBrowser();
    ({ page, pageErrors } = await openPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await screenshot(page, 'fail-applications-' + ctx.task.name.slice(0, 8).replace(/\W/g, '_'));
  });

  it('sets the demo region to apply any time with room in the quota (bureau administrator)', async () => {
    await signIn(page, 'bureau.admin');
    const got = await call(page, 'GET', '/api/v1/specialcase/settings');
    expect(got.status).toBe(200);
    const s = got.json as { today: string; latest_version: number; in_force: { deadlines: unknown } };
    const put = await call(page, 'PUT', '/api/v1/specialcase/settings', {
      version: s.latest_version,
      effective_from: s.today,
      quota: { basis: 'custom', rate: '1', scope: 'region', period: 'quarter', replace_share: '0', warn_at: '0.80' },
      window: { kind: 'any_time', workdays: 0 },
      deadlines: s.in_force.deadlines,
    });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    await signOut(page);
  });

  it('imports a high-cost case (hospital office)', async () => {
    await signIn(page, 'h1.office');
    const template = await page.evaluate(async () => (await fetch('/api/v1/case-templates/csv')).text());
    const run = String(Date.now()).slice(-8);
    const made = twoCases(template, run);
    const up = await call(page, 'POST', `/api/v1/case-imports?file_name=apply-${run}.csv`, undefined, made.csv);
    expect(up.status, JSON.stringify(up.json)).toBe(202);
    const importId = (up.json as { id: string }).id;
    await expect
      .poll(async () => ((await call(page, 'GET', `/api/v1/case-imports/${importId}`)).json as { status: string }).status, { timeout: 60_000 })
      .toBe('committed');
    const list = await call(page, 'GET', `/api/v1/cases?mrn=${made.highMrn}`);
    const items = (list.json as { items: { id: string; reasons: string[] }[] }).items;
    expect(items[0]?.reasons).toContain('high_cost');
    caseId = items[0]!.id;
    await signOut(page);
  });

  it('applies with a PDF and sends it to the office (clinician)', async () => {
    await signIn(page, 'h1.doctor');
    await page.goto(`/cases/${caseId}`);
    await page.getByTestId('apply-button').click();
    await page.waitForURL('**/applications/new?case=*');
    await page.getByRole('heading', { name: '申请特例单议' }).waitFor();
    await page.getByTestId('type-HIGH_COST').click();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('临床理由').fill('患者多器官功能衰竭，使用高值药品，费用远超本组支付标准。');
    await page.getByLabel('申请金额（元）').fill('65000.00');
    await page.getByRole('button', { name: '保存草稿并上传材料' }).click();
    await page.getByTestId('checklist').waitFor();
    await page.locator('input[type=file]').setInputFiles({ name: '出院记录.pdf', mimeType: 'application/pdf', buffer: tinyPdf() });
    await page.getByTestId('evidence-table').getByText('出院记录.pdf').waitFor();
    await screenshot(page, 'applications-wizard');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('button', { name: '提交医保办' }).click();
    await page.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    appUrl = new URL(page.url()).pathname;
    await expectStatus(page, '医保办审核中');
    await openTab(page, '时间线');
    await page.getByTestId('timeline').getByText('提交医保办', { exact: true }).waitFor();
    await signOut(page);
  });

  it('forwards it to the bureau (office), with the quota gauge on the queue', async () => {
    await signIn(page, 'h1.office');
    await expectNotice(page, '特例单议申请待医保办审核');
    await expectTodo(page, 'applications.to_forward');
    await page.goto('/applications?status=HOSPITAL_REVIEW');
    await page.getByRole('heading', { name: '医保办审核' }).waitFor();
    await page.getByTestId('quota-gauge').waitFor();
    await page.getByTestId('application-link').first().waitFor();
    await page.goto(appUrl);
    await act(page, '提交医保局');
    await expectStatus(page, '已提交医保局');
    await page.getByTestId('snapshot').getByText('DRG').first().waitFor();
    await openTab(page, '时间线');
    await page.getByTestId('timeline').getByText('提交医保局', { exact: true }).waitFor();
    await signOut(page);
  });

  it('requests information (bureau reviewer) from the intake queue', async () => {
    await signIn(page, 'bureau.reviewer');
    await expectNotice(page, '新的特例单议申请已提交');
    await expectTodo(page, 'applications.intake');
    await page.goto('/applications?status=SUBMITTED&sort=age');
    await page.getByRole('heading', { name: '受理队列' }).waitFor();
    await page.getByTestId('application-link').first().waitFor();
    await screenshot(page, 'applications-intake');
    await page.goto(appUrl);
    await openTab(page, '材料');
    await page.getByTestId('evidence-table').getByText('出院记录.pdf').waitFor();
    await act(page, '要求补充材料', { reason: '缺少费用明细', note: '请补充费用明细清单。' });
    await expectStatus(page, '待补充材料');
    await signOut(page);
  });

  it('replies (clinician), seeing the request on the bell and the page', async () => {
    await signIn(page, 'h1.doctor');
    await expect.poll(async () => (await page.getByTestId('notification-bell').getAttribute('aria-label')) ?? '', { timeout: 20_000 }).toMatch(/未读/);
    await expectNotice(page, '特例单议申请需补正材料');
    await expectTodo(page, 'applications.info_requested');
    await page.goto(appUrl);
    await expectStatus(page, '待补充材料');
    await page.getByTestId('info-requests').getByText('缺少费用明细').waitFor();
    await act(page, '答复补充', { note: '已补充费用明细，请审核。' });
    await expectStatus(page, '已提交医保局');
    await signOut(page);
  });

  it('accepts it (bureau reviewer) and everyone sees the whole timeline', async () => {
    await signIn(page, 'bureau.reviewer');
    await page.goto(appUrl);
    await act(page, '受理');
    await expectStatus(page, '已受理');
    await openTab(page, '时间线');
    const timeline = page.getByTestId('timeline');
    for (const step of ['创建草稿', '提交医保办', '提交医保局', '要求补充材料', '答复补充', '受理']) {
      await timeline.getByText(step, { exact: true }).first().waitFor();
    }
    await timeline.getByText('缺少费用明细').waitFor();
    await screenshot(page, 'applications-detail');
    await signOut(page);

    for (const user of ['h1.doctor', 'h1.office']) {
      await signIn(page, user);
      await expectNotice(page, '特例单议申请已受理');
      await page.goto(appUrl);
      await expectStatus(page, '已受理');
      await openTab(page, '时间线');
      await page.getByTestId('timeline').getByText('受理', { exact: true }).first().waitFor();
      await signOut(page);
    }
  });

  it('raised no uncaught error in the page', () => {
    expect(pageErrors.map((e) => e.message)).toEqual([]);
  });
});
