import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { baseURL, launchBrowser, openPage, screenshot } from './browser';
import { signIn } from './session';

// The demo seed sends every demo user a welcome notification (notify.Send).
// A data-group member (whom no workflow notifies) sees it counted on the bell, opens the notification centre,
// marks it read, and the count is gone; then saves an e-mail address.
describe('notifications', () => {
  let browser: Browser;
  let page: Page;
  let pageErrors: Error[];

  beforeAll(async () => {
    baseURL();
    browser = await launchBrowser();
    ({ page, pageErrors } = await openPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the unread welcome on the bell and in its dropdown', async () => {
    await signIn(page, 'data.group');
    const bell = page.getByTestId('notification-bell');
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('通知（1 条未读）');
    await page.getByTestId('notification-badge').getByText('1', { exact: true }).waitFor();
    await bell.click();
    const panel = page.getByTestId('notification-panel');
    await panel.getByText('欢迎使用特例单议系统').waitFor();
    await screenshot(page, 'notifications-bell-zh');
    await panel.getByRole('link', { name: '查看全部' }).click();
    await page.waitForURL('**/notifications');
  });

  it('marks it read in the notification centre, and the badge goes', async () => {
    await page.getByRole('heading', { name: '通知中心' }).waitFor();
    const row = page.getByTestId('notification-row').filter({ hasText: '欢迎使用特例单议系统' });
    await row.getByText('未读', { exact: true }).waitFor();
    await page.getByText('未读 (1)').click();
    await page.waitForURL('**/notifications?unread=1');
    await row.getByRole('button', { name: /标为已读/ }).click();
    await page.getByText('没有未读通知').waitFor();
    await expect.poll(() => page.getByTestId('notification-bell').getAttribute('aria-label')).toBe('通知');
    // the number leaves with antd's zoom-out animation
    await expect.poll(() => page.getByTestId('notification-badge').locator('.ant-badge-count').count()).toBe(0);
    // still listed under all, read
    await page.getByText('全部', { exact: true }).click();
    await page.getByTestId('notification-row').filter({ hasText: '欢迎使用特例单议系统' }).waitFor();
    // after a reload the server says the same
    await page.reload();
    await page.getByRole('heading', { name: '通知中心' }).waitFor();
    await expect.poll(() => page.getByTestId('notification-bell').getAttribute('aria-label')).toBe('通知');
  });

  it('saves an e-mail address for notifications, refusing a bad one', async () => {
    const card = page.getByTestId('notification-settings');
    await card.getByLabel('邮箱地址').fill('chen at example');
    await card.getByRole('button', { name: /保存设置/ }).click();
    await card.getByText('请输入有效的邮箱地址').waitFor();
    await card.getByLabel('邮箱地址').fill('chen.doctor@example.cn');
    await card.getByLabel('通过邮件接收通知').check();
    await card.getByRole('button', { name: /保存设置/ }).click();
    await page.getByText('邮件通知设置已保存').waitFor();
    await screenshot(page, 'notifications-centre-zh');
    await page.reload();
    await expect.poll(() => page.getByTestId('notification-settings').getByLabel('邮箱地址').inputValue()).toBe('chen.doctor@example.cn');
    expect(pageErrors).toEqual([]);
  });
});
