import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { baseURL, launchBrowser, openPage, screenshot } from './browser';
import { signIn } from './session';

/** Clicks the visible dropdown option containing `text` (antd also renders a hidden a11y copy of each option). */
async function pickOption(page: Page, text: string): Promise<void> {
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();
  await option.waitFor();
  await option.click();
}

// A clinician checks how a case groups on 分组工作台: picks the principal
// diagnosis by typing part of its code, fills the rest, groups, reads the
// groups and the decision path; then compares under a second plan (the same
// one, as only one is shipped) and reads the page in English. Signs in as
// h1.doctor (identity.e2e.ts uses bureau.admin and enrols a second factor).
describe('grouping workbench', () => {
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

  it('opens from the menu with the empty state', async () => {
    await signIn(page, 'h1.doctor');
    await page.getByRole('menuitem', { name: /分组工作台/ }).click();
    await page.waitForURL('**/grouper');
    await page.getByRole('heading', { name: '分组工作台' }).waitFor();
    await page.getByText('录入主要诊断后点击“分组”').waitFor();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await screenshot(page, 'fail-' + ctx.task.name.slice(0, 6).replace(/\W/g, '_'));
  });

  it('groups a case whose principal diagnosis was found by part of its code, and shows the trace', async () => {
    const dx = page.getByTestId('dx-picker').locator('input');
    await dx.fill('I26.900x0');
    await pickOption(page, 'I26.900x005');
    await dx.fill('Z85.800');
    await pickOption(page, 'Z85.800x011');
    const px = page.getByTestId('px-picker').locator('input');
    await px.fill('39.7900x038');
    await pickOption(page, '39.7900x038');

    // The pickers show the names, the principal marks and the OR-procedure tag.
    const dxTags = page.getByTestId('dx-picker-tag');
    await dxTags.first().getByText('大面积肺血栓栓塞症').waitFor();
    expect(await dxTags.first().textContent()).toContain('主要诊断');
    const pxTag = page.getByTestId('px-picker-tag').first();
    expect(await pxTag.textContent()).toContain('主要手术/操作');
    expect(await pxTag.textContent()).toContain('手术室手术');

    await page.getByLabel('年龄（岁）').fill('63');
    await page.getByLabel('住院天数').fill('29');
    await page.getByTestId('discharge-way').click();
    await pickOption(page, '医嘱离院');
    // Enter in a field runs the grouping, as the 分组 button does.
    await page.getByLabel('住院天数').press('Enter');

    const drg = page.getByTestId('result-drg');
    await drg.waitFor();
    expect(await drg.textContent()).toContain('ER25');
    expect(await page.getByTestId('result-mdc').textContent()).toContain('MDCE');
    expect(await page.getByTestId('result-adrg').textContent()).toContain('ER2');
    expect(await page.getByTestId('result-status').textContent()).toBe('分组成功');

    const trace = page.getByTestId('group-trace');
    await trace.getByText(/进入 MDC\s*MDCE/).waitFor();
    await trace.getByText(/DRG 细分\s*ER25/).waitFor();
    expect(await trace.getByText(/MDC\/MDCE\.dat:\d+/).isVisible()).toBe(true);
    expect(await trace.getByText(/3_DRG\.txt:\d+/).isVisible()).toBe(true);
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'grouper-zh');
  });

  it('fills an example, changes one field and groups again with the button', async () => {
    await page.getByTestId('examples').click();
    await page.getByRole('menuitem', { name: /周围神经手术/ }).click();
    await page.getByTestId('dx-picker-tag').first().getByText('M84.000x063').waitFor();
    // The example has a CC (D48.700): IG13. Removing it leaves IG15.
    const cc = page.getByTestId('dx-picker-tag').filter({ hasText: 'D48.700' });
    await cc.locator('.ant-tag-close-icon').click();
    // close the picker's dropdown before pressing 分组, as a person would
    await page.keyboard.press('Escape');
    await page.getByTestId('dx-picker-tag').filter({ hasText: 'D48.700' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '分组', exact: true }).click();
    await page.getByTestId('result-drg').filter({ hasText: 'IG15' }).waitFor();
    expect(await page.getByTestId('result-adrg').textContent()).toContain('IG1');
  });

  it('compares two plans side by side, also when the same plan is chosen twice', async () => {
    await page.getByTestId('examples').click();
    await page.getByRole('menuitem', { name: /肺栓塞/ }).click();
    await page.getByTestId('compare-plan').click();
    await pickOption(page, 'chs-drg-1.1');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '分组', exact: true }).click();
    await page.getByTestId('compare-view').waitFor();
    await page.getByText(/两栏使用的是同一个方案/).waitFor();
    expect(await page.getByTestId('result-drg').count()).toBe(2);
    for (const el of await page.getByTestId('result-drg').all()) {
      expect(await el.textContent()).toContain('ER25');
    }
  });

  it('switches to English and shows the labels in English', async () => {
    await page.getByTestId('lang-switch').getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Grouping workbench' }).waitFor();
    expect(await page.getByRole('menuitem', { name: /Grouping workbench/ }).isVisible()).toBe(true);
    expect(await page.getByText('Decision path').first().isVisible()).toBe(true);
    expect(await page.getByText('Compare with', { exact: true }).first().isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Group', exact: true }).isVisible()).toBe(true);
    await page.getByTestId('group-trace').first().getByText(/MDC entered\s*MDCE/).waitFor();
    await page.getByTestId('lang-switch').getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { name: '分组工作台' }).waitFor();
  });

  it('raised no uncaught error in the page', () => {
    expect(pageErrors.map((e) => e.message)).toEqual([]);
  });
});
