import { readFile } from 'node:fs/promises';

import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { baseURL, launchBrowser, openPage, screenshot } from './browser';
import { signIn, signOut } from './session';

/** A CSV cell: quoted when it holds a comma, quote or line break. */
const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** One high-cost settlement list (thirty times the template's fees) from the server's CSV template. */
function highCostCase(template: string, run: string): { csv: string; mrn: string } {
  const [headLine = '', exampleLine = ''] = template.replace(/^\ufeff/, '').trim().split(/\r?\n/);
  const head = headLine.split(',');
  const example = exampleLine.split(',');
  const sid = `R${run}1`;
  const values: Record<string, string> = {
    setl_id: sid,
    mdtrt_id: `M${sid.slice(1)}`,
    medcasno: `BR${sid.slice(-7)}`,
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
  const row = head.map((h, i) => cell(values[h] ?? example[i] ?? '')).join(',');
  return { csv: `${headLine}\n${row}\n`, mrn: values.medcasno ?? '' };
}

/** A tiny valid one-page PDF. */
function tinyPdf(): string {
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
  return body;
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

/** Signs in afresh (whoever was signed in before is forgotten). */
async function signInAs(page: Page, username: string) {
  await page.context().clearCookies();
  await signIn(page, username);
}

interface BoardRow {
  application_id: string;
  no: string;
  hospital_name: string;
  status: string;
}
interface PoolView {
  eligible: { user_id: string }[] | null;
  short?: unknown;
}
interface Member {
  user_id: string;
  name: string;
  letter: string;
  status: string;
}

/** The demo office of each demo hospital that has one (backend/internal/seed). */
const OFFICES: Record<string, string> = {
  济南市第一人民医院: 'h1.office',
  济南市中心医院: 'h2.office',
  历下区人民医院: 'h3.office',
};

/** Demo experts are named 专家01（心血管）…; their logins are expert01 …. */
function usernameOf(name: string): string {
  const n = /专家(\d+)/.exec(name)?.[1];
  if (!n) throw new Error(`not a demo expert: ${name}`);
  return `expert${n}`;
}

/** The confirmation dialog antd's modal.confirm opens: click its OK button. */
async function confirmDialog(page: Page, ok: string) {
  const dialog = page.locator('.ant-modal-confirm');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: ok, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

async function panelMembers(page: Page, panelId: string): Promise<Member[]> {
  const got = await call(page, 'GET', `/api/v1/review/panels/${panelId}`);
  expect(got.status, JSON.stringify(got.json)).toBe(200);
  return ((got.json as { members: Member[] }).members ?? []).filter((m) => m.status === 'INVITED' || m.status === 'ACCEPTED');
}

// Issue 7 end to end, nothing mocked: the bureau administrator opens a cycle
// and draws a panel for an accepted demo application; three experts accept
// and vote (one item-based with a deduction); the bureau reviewer confirms;
// the hospital office downloads the decision letter (its code resolves on
// the public page) and appeals; a fresh panel of three other experts
// decides and the reviewer confirms the final decision.
describe('expert panels', () => {
  let browser: Browser;
  let page: Page;
  let pageErrors: Error[];
  const run = String(Date.now()).slice(-6);
  let app: BoardRow = { application_id: '', no: '', hospital_name: '', status: '' };
  let panelId = '';
  let cycleId = '';
  let firstPanel: Member[] = [];
  let secondPanel: Member[] = [];

  beforeAll(async () => {
    baseURL();
    browser = await launchBrowser();
    ({ page, pageErrors } = await openPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await screenshot(page, 'fail-review-' + ctx.task.name.slice(0, 12).replace(/\W/g, '_'));
  });

  /** Draws from the board row of the application; returns the new panel's id. */
  async function drawFromBoard(button: string, screenshotName?: string): Promise<string> {
    const row = page.getByTestId('review-board').locator('tr', { hasText: app.no });
    await row.getByTestId('draw-button').filter({ hasText: button }).click();
    const dialog = page.getByTestId('draw-dialog');
    await dialog.waitFor();
    expect(await page.getByTestId('draw-short').count()).toBe(0);
    expect(await dialog.getByRole('tab', { name: /可抽取专家/ }).innerText()).toMatch(/可抽取专家（\d+ 名）/);
    await dialog.getByRole('tab', { name: /已排除/ }).click();
    await dialog.getByTestId('draw-excluded').waitFor();
    if (screenshotName) await screenshot(page, screenshotName);
    await page.getByRole('button', { name: '确认抽取', exact: true }).click();
    await page.waitForURL('**/review/panels/*');
    await page.getByTestId('panel-members').waitFor();
    return new URL(page.url()).pathname.split('/').pop() ?? '';
  }

  async function acceptAll(members: Member[]) {
    for (const m of members) {
      await signInAs(page, usernameOf(m.name));
      await page.goto('/review/inbox');
      await page.getByRole('heading', { name: '我的评审' }).waitFor();
      const row = page.getByTestId('review-inbox').locator('tr', { hasText: app.no });
      await row.getByRole('button', { name: '接受', exact: true }).click();
      await confirmDialog(page, '接受');
      await page.getByText('已接受邀请').first().waitFor();
      await signOut(page);
    }
  }

  async function vote(m: Member, choice: 'APPROVE_ITEM_BASED' | 'REJECT', opts: { deduction?: boolean; shots?: boolean } = {}) {
    await signInAs(page, usernameOf(m.name));
    await page.goto('/review/inbox');
    const row = page.getByTestId('review-inbox').locator('tr', { hasText: app.no });
    await row.getByTestId('inbox-vote').click();
    await page.waitForURL(`**/review/panels/${panelId}/case`);
    await page.getByTestId('deidentified-note').waitFor();
    // the de-identified case: age and sex, never a name or ID number
    expect(await page.getByTestId('case-patient').innerText()).toMatch(/岁|天/);
    if (opts.shots) {
      await page.getByRole('tab', { name: /材料/ }).click();
      const list = page.getByTestId('review-evidence-list');
      await list.waitFor();
      if ((await list.getByRole('button', { name: '查看' }).count()) > 0) {
        await list.getByRole('button', { name: '查看' }).first().click();
        const mark = page.getByTestId('watermark');
        await mark.waitFor({ state: 'attached' });
        expect(await mark.getAttribute('data-text')).toContain(m.name);
        expect(await mark.locator('span').count()).toBeGreaterThan(10);
        await screenshot(page, 'review-evidence-zh');
      }
      await page.getByRole('tab', { name: /概览/ }).click();
    }
    const form = page.getByTestId('vote-form');
    await form.getByTestId(`choice-${choice}`).click();
    if (opts.deduction) {
      if ((await page.getByTestId('case-fee-lines').count()) === 0) await page.getByRole('tab', { name: /费用/ }).click();
      await page.getByTestId('deduction-line-select').click();
      const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
      await options.first().waitFor({ timeout: 5000 }).catch(() => undefined);
      if ((await options.count()) > 0) {
        await options.first().click();
      } else {
        await page.keyboard.press('Escape');
        await page.getByTestId('deduction-amount-select').click();
        const other = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
        await other.waitFor();
        await other.click();
        const r = form.getByTestId('deduction-row').first();
        await r.getByLabel('项目').fill('不合理的检查费用');
        await r.getByRole('textbox', { name: '核减金额（元）' }).fill('100.00');
      }
      const r = form.getByTestId('deduction-row').first();
      await r.getByRole('textbox', { name: '理由' }).fill('与诊疗无关，重复收费。');
    }
    await form.getByLabel('评审理由').fill(choice === 'REJECT' ? '费用与病情不符，不同意特例单议。' : '病情危重，费用合理，同意按项目付费。');
    if (opts.shots) await screenshot(page, 'review-vote-zh');
    await form.getByTestId('vote-submit').click();
    await confirmDialog(page, '提交投票');
    const mine = page.getByTestId('my-vote');
    await mine.waitFor();
    expect(await mine.innerText()).toContain('已提交');
    if (opts.deduction) expect(await page.getByTestId('my-deductions').innerText()).toContain('重复收费');
    await signOut(page);
  }

  async function confirmDecision(): Promise<string> {
    await signInAs(page, 'bureau.reviewer');
    await page.goto('/review/decisions');
    await page.getByRole('heading', { name: '评审决定' }).waitFor();
    const link = page.getByTestId('review-decisions').getByRole('link', { name: app.no });
    await expect.poll(async () => {
      await page.reload();
      await page.getByTestId('review-decisions').waitFor();
      return link.count();
    }, { timeout: 30_000, interval: 1000 }).toBeGreaterThan(0);
    await link.first().click();
    await page.getByTestId('decision-explanation').waitFor();
    expect(await page.getByTestId('vote-card').count()).toBe(3);
    expect((await page.getByTestId('decision-explanation').innerText()).length).toBeGreaterThan(10);
    await screenshot(page, 'review-decision-zh');
    await page.getByTestId('decision-confirm').click();
    await confirmDialog(page, '确认');
    await page.getByTestId('decision-status').filter({ hasText: '已确认' }).first().waitFor();
    const code = (await page.getByTestId('letter-code').innerText()).trim();
    await signOut(page);
    return code;
  }

  it('has an accepted high-cost application of 济南市第一人民医院 (set up through the API)', async () => {
    // the region takes applications any time, with room in the quota
    await signInAs(page, 'bureau.admin');
    const got = await call(page, 'GET', '/api/v1/specialcase/settings');
    const st = got.json as { today: string; latest_version: number; in_force: { deadlines: unknown } };
    const put = await call(page, 'PUT', '/api/v1/specialcase/settings', {
      version: st.latest_version,
      effective_from: st.today,
      quota: { basis: 'custom', rate: '1', scope: 'region', period: 'quarter', replace_share: '0', warn_at: '0.80' },
      window: { kind: 'any_time', workdays: 0 },
      deadlines: st.in_force.deadlines,
    });
    expect(put.status, JSON.stringify(put.json)).toBe(200);

    await signInAs(page, 'h1.office');
    const template = await page.evaluate(async () => (await fetch('/api/v1/case-templates/csv')).text());
    const made = highCostCase(template, run);
    const up = await call(page, 'POST', `/api/v1/case-imports?file_name=review-${run}.csv`, undefined, made.csv);
    expect(up.status, JSON.stringify(up.json)).toBe(202);
    const importId = (up.json as { id: string }).id;
    await expect
      .poll(async () => ((await call(page, 'GET', `/api/v1/case-imports/${importId}`)).json as { status: string }).status, { timeout: 60_000 })
      .toBe('committed');
    const cases = (await call(page, 'GET', `/api/v1/cases?mrn=${made.mrn}`)).json as { items: { id: string | number }[] };
    const caseId = String(cases.items[0]?.id ?? '');
    expect(caseId).not.toBe('');
    const created = await call(page, 'POST', '/api/v1/applications', {
      case_id: caseId,
      types: ['HIGH_COST'],
      justification: '患者多器官功能衰竭，使用高值药品，费用远超本组支付标准。',
      claimed_amount: '65000.00',
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const a = created.json as { id: string; no: string; version: number; hospital_name: string };
    const ev = await call(page, 'POST', `/api/v1/applications/${a.id}/evidence?kind=discharge_record&file_name=出院记录.pdf`, undefined, tinyPdf());
    expect(ev.status, JSON.stringify(ev.json)).toBe(201);
    const fresh = (await call(page, 'GET', `/api/v1/applications/${a.id}`)).json as { version: number };
    const fwd = await call(page, 'POST', `/api/v1/applications/${a.id}/transitions`, { version: fresh.version, command: 'forward' });
    expect(fwd.status, JSON.stringify(fwd.json)).toBe(200);

    await signInAs(page, 'bureau.reviewer');
    const sub = (await call(page, 'GET', `/api/v1/applications/${a.id}`)).json as { version: number };
    const acc = await call(page, 'POST', `/api/v1/applications/${a.id}/transitions`, { version: sub.version, command: 'accept' });
    expect(acc.status, JSON.stringify(acc.json)).toBe(200);
    app = { application_id: a.id, no: a.no, hospital_name: a.hospital_name, status: 'ACCEPTED' };
  });

  it('opens a cycle and draws a panel for the accepted application (bureau administrator)', async () => {
    await signInAs(page, 'bureau.admin');
    const pool = await call(page, 'GET', `/api/v1/review/applications/${app.application_id}/pool`);
    expect(pool.status, JSON.stringify(pool.json)).toBe(200);
    expect((pool.json as PoolView).short, JSON.stringify(pool.json)).toBeFalsy();

    await page.goto('/review');
    await page.getByRole('heading', { name: '专家评审看板' }).waitFor();
    await page.getByTestId('open-cycle').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '开启评审周期' });
    await dialog.getByLabel('周期名称').fill(`端到端评审 ${run}`);
    await dialog.getByRole('button', { name: '开启', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForURL('**/review?cycle=*');
    cycleId = new URL(page.url()).searchParams.get('cycle') ?? '';
    await page.getByTestId('review-board').locator('tr', { hasText: app.no }).waitFor();
    await screenshot(page, 'review-board-zh');

    panelId = await drawFromBoard('抽取专家', 'review-draw-zh');
    firstPanel = await panelMembers(page, panelId);
    expect(firstPanel).toHaveLength(3);
    expect(await page.getByTestId('panel-draws').innerText()).toContain('首次抽取');
    await page.getByTestId('seed-link').first().click();
    await page.getByTestId('draw-replay').filter({ hasText: '结果一致' }).waitFor();
    await page.locator('.ant-modal-close').click();
    await page.getByTestId('draw-replay').waitFor({ state: 'hidden' });
    await screenshot(page, 'review-panel-zh');
    await signOut(page);
  });

  it('three experts accept and vote, one item-based with a deduction', async () => {
    await acceptAll(firstPanel);
    const [a, b, c] = firstPanel;
    await vote(a!, 'APPROVE_ITEM_BASED', { deduction: true, shots: true });
    await vote(b!, 'APPROVE_ITEM_BASED');
    await vote(c!, 'REJECT');
  });

  it('the bureau reviewer confirms the decision', async () => {
    const code = await confirmDecision();
    expect(code).not.toBe('');
  });

  it('the hospital office downloads the decision letter, whose code resolves publicly, and appeals', async () => {
    await signInAs(page, OFFICES[app.hospital_name]!);
    await page.goto(`/applications/${app.application_id}`);
    const decision = page.getByTestId('review-decision').first();
    await decision.waitFor();
    expect(await decision.getByTestId('review-decision-outcome').innerText()).toContain('通过');
    const [download] = await Promise.all([page.waitForEvent('download'), decision.getByTestId('decision-letter').click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const file = await download.path();
    expect((await readFile(file)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const code = (await decision.getByTestId('hospital-letter-code').innerText()).trim();
    await screenshot(page, 'review-hospital-decision-zh');

    // the public check needs no sign-in
    const { context: anon, page: visitor } = await openPage(browser);
    await visitor.goto(`/verify/${encodeURIComponent(code)}`);
    await visitor.getByTestId('verify-result').waitFor();
    expect(await visitor.getByTestId('verify-result').innerText()).toContain(app.no);
    await screenshot(visitor, 'review-verify-zh');
    await anon.close();

    await decision.getByTestId('decision-appeal').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '对评审决定申诉' });
    await dialog.getByLabel('申诉理由').fill('核减的费用为抢救所必需，现补充抢救记录，请求复核。');
    expect(await dialog.innerText()).toContain('补充材料');
    await dialog.getByRole('button', { name: '申诉', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('application-status').filter({ hasText: '申诉中' }).first().waitFor();
    await signOut(page);
  });

  it('the administrator draws a fresh panel without the first panel, which decides finally', async () => {
    // the appeal is drawn in the same cycle
    await signInAs(page, 'bureau.admin');
    await page.goto(`/review?cycle=${cycleId}`);
    await page.getByTestId('review-board').locator('tr', { hasText: app.no }).waitFor();
    panelId = await drawFromBoard('抽取复核专家');
    secondPanel = await panelMembers(page, panelId);
    expect(secondPanel).toHaveLength(3);
    const before = new Set(firstPanel.map((m) => m.user_id));
    expect(secondPanel.some((m) => before.has(m.user_id))).toBe(false);
    expect(await page.getByTestId('panel-draws').innerText()).toContain('申诉复核抽取');
    await signOut(page);

    await acceptAll(secondPanel);
    for (const m of secondPanel) await vote(m, 'APPROVE_ITEM_BASED');
    await confirmDecision();

    await signInAs(page, OFFICES[app.hospital_name]!);
    await page.goto(`/applications/${app.application_id}`);
    await page.getByTestId('review-decisions-panel').waitFor();
    expect(await page.getByTestId('review-decision').count()).toBe(2);
    expect(await page.getByTestId('review-decision').first().innerText()).toContain('终局决定');
    expect(await page.getByTestId('decision-appeal').count()).toBe(0);
    await signOut(page);
    expect(pageErrors).toEqual([]);
  });
});
