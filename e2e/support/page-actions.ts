import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeEach, onTestFailed } from 'vitest';

/** Waits until a person would see this on the page. */
export async function see(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible' });
}

/** Opens the login page and signs in with the keyboard, as a person would. */
export async function fillLogin(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('密码', { exact: true }).press('Enter');
}

/** A date typed into a picker and confirmed with Enter, as a keyboard user does; scope: the page or a form. */
export async function typeDate(scope: Page | Locator, label: string, date: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

export async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/login/);
}

/** Inside a describe: when a step fails, save what the page looked like, for whoever reads the CI log. */
export function screenshotOnFailure(label: string, page: () => Page | undefined): void {
  beforeEach(({ task }) => {
    onTestFailed(async () => {
      const shown = page();
      if (!shown) return;
      const file = path.join(os.tmpdir(), `qm-e2e-${label}-failed-${task.name.replace(/\W+/g, '-')}.png`);
      await shown.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.error(`[e2e] failed at ${shown.url()}; screenshot: ${file}`);
    });
  });
}
