import type { Page } from 'playwright-core';

/** The password of every demo user (`teyi seed demo`). */
export const DEMO_PASSWORD = 'Teyi-Demo-2026';

/**
 * Signs in on /login with a username and password and waits until the
 * console shows `landing` (工作台 by default). For users with no second factor
 * (demo users while TEYI_DEMO=1, unless they enrolled one).
 */
export async function signIn(
  page: Page,
  username: string,
  { password = DEMO_PASSWORD, path = '/', landing = '工作台' }: { password?: string; path?: string; landing?: string } = {},
): Promise<void> {
  await page.goto(path);
  await page.waitForURL('**/login**');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('heading', { name: landing }).waitFor();
}

/** Signs out through the user menu in the header and waits for the login page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await page.waitForURL('**/login');
  await page.getByRole('heading', { name: '登录' }).waitFor();
}
