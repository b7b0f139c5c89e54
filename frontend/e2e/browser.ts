/**
 * Drives Debian's Chromium (never a downloaded browser build) through
 * playwright-core against a running Teyi server. The server's address comes
 * from TEYI_BASE_URL; the Makefile starts the real server (`teyi all` against
 * a real database) and sets it. Nothing is mocked.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where screenshots of the main pages go (README and docs use them). */
export const screenshotDir = path.resolve(
  process.env.TEYI_SCREENSHOT_DIR ?? path.join(repoRoot, 'docs', 'screenshots'),
);

/** The size the pages are checked and photographed at. */
export const DESKTOP = { width: 1440, height: 900 } as const;

/** The server under test, e.g. http://127.0.0.1:8080 (no trailing slash). */
export function baseURL(): string {
  const url = process.env.TEYI_BASE_URL;
  if (url === undefined || url.trim() === '') {
    throw new Error(
      'TEYI_BASE_URL is not set. Start the server (`teyi all` against a real database, as `make e2e` does) ' +
        'and run e.g. `TEYI_BASE_URL=http://127.0.0.1:8080 npm run e2e`.',
    );
  }
  return url.trim().replace(/\/+$/, '');
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A fresh browser profile at 1440×900 in Shanghai, pointed at the server, that
 * fails the test on any uncaught page error.
 */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<{ context: BrowserContext; page: Page; pageErrors: Error[] }> {
  const context = await browser.newContext({
    baseURL: baseURL(),
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  const pageErrors: Error[] = [];
  page.on('pageerror', (err) => pageErrors.push(err));
  return { context, page, pageErrors };
}

/** Saves a full-viewport screenshot as docs/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  // Let transitions and web fonts settle so the picture shows the page at rest.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.waitForTimeout(300);
  await page.screenshot({ path: file, animations: 'disabled' });
  return file;
}
