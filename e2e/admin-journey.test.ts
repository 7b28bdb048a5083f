import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { logout, see } from './support/page-actions.ts';
import type { TestBrowser } from './support/browser.ts';
import { E2E_ADMIN_PASSWORD, E2E_DEMO_PASSWORD, type TestServer } from './support/server.ts';
import { browserJourney } from './support/journey.ts';

// One journey through a fresh platform, acted out as a person would, in steps that build on each other.
const ADMIN_NEW_PASSWORD = 'Zongju-Guanli#2024';
const NEW_UNIT = '演示新区市场监督管理局';
const NEW_USER = 'yanshi-admin';
const NEW_USER_NAME = '演示新区管理员';
const NEW_USER_PASSWORD = 'Yanshi-Xinqu#2024';

let server: TestServer;
let browser: TestBrowser;
let page: Page;
let initialPassword = '';

async function login(username: string, password: string): Promise<void> {
  await page.goto(`${server.baseUrl}/login`);
  await submitLogin(username, password);
}

/** Fills the login form already on screen (keeping its ?next=). */
async function submitLogin(username: string, password: string): Promise<void> {
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
  await page.getByLabel('密码', { exact: true }).press('Enter');
  await answered;
}

async function changePassword(current: string, next: string): Promise<void> {
  await page.waitForURL(/\/change-password/);
  await see(page.getByText('至少 10 位，包含大写字母、小写字母、数字、符号中的至少三类，不能包含用户名'));
  await page.getByLabel('当前密码', { exact: true }).fill(current);
  await page.getByLabel('新密码', { exact: true }).fill(next);
  await page.getByLabel('确认新密码', { exact: true }).fill(next);
  await page.getByLabel('确认新密码', { exact: true }).press('Enter');
  await page.waitForURL((url) => url.pathname === '/');
}

async function openMenu(name: string): Promise<void> {
  await page.getByRole('menuitem', { name }).click();
}

const bodyText = () => page.locator('body').innerText();

describe('admin journey', () => {
  browserJourney('admin', (j) => {
    ({ server, browser, page } = j);
  });

  it('sends a first-time admin through the forced password change', async () => {
    await page.goto(server.baseUrl);
    await page.waitForURL(/\/login/);
    await login('admin', E2E_ADMIN_PASSWORD);
    await changePassword(E2E_ADMIN_PASSWORD, ADMIN_NEW_PASSWORD);
    await see(page.getByText('，您好'));
    expect(await bodyText()).toContain('国家市场监督管理总局');
  });

  it('adds a child unit under 湖南省市场监督管理局', async () => {
    await openMenu('单位管理');
    await see(page.getByTestId('unit-tree').getByText('国家市场监督管理总局'));
    await page.getByPlaceholder('搜索单位名称、别名或行政区划代码').fill('湖南省');
    await page.getByPlaceholder('搜索单位名称、别名或行政区划代码').press('Enter');
    await page.getByTestId('unit-search-result').filter({ hasText: '湖南省市场监督管理局' }).click();
    await see(page.getByTestId('unit-detail-name').filter({ hasText: '湖南省市场监督管理局' }));
    expect(await bodyText()).toContain('430000');

    await page.getByRole('button', { name: '新增下级单位' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('单位名称').fill(NEW_UNIT);
    expect(await dialog.innerText()).toContain('机关/质量办');
    await dialog.getByLabel('单位名称').press('Enter');
    await see(page.getByText('已新增下级单位'));
    await see(page.getByTestId('unit-detail-name').filter({ hasText: NEW_UNIT }));

    // Back in the tree, the new unit hangs under Hunan.
    await page.getByRole('button', { name: '返回单位树' }).click();
    await see(page.getByTestId('unit-tree').getByText(NEW_UNIT));
    const shot = path.join(os.tmpdir(), 'qm-e2e-units.png');
    await page.screenshot({ path: shot });
    console.log(`[e2e] units page screenshot: ${shot}`);
  });

  it('creates a unit admin for the new unit and shows the initial password once', async () => {
    await openMenu('用户管理');
    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill(NEW_USER);
    await dialog.getByLabel('姓名').fill(NEW_USER_NAME);
    await dialog.getByLabel('单位', { exact: true }).click();
    await dialog.getByLabel('单位', { exact: true }).fill('演示新区');
    await page.locator('.ant-select-item-option').filter({ hasText: NEW_UNIT }).click();
    await dialog.getByLabel('单位管理员').check();
    await dialog.getByLabel('填报').uncheck();
    await dialog.getByRole('button', { name: '保存' }).click();

    const reveal = page.getByRole('dialog').filter({ hasText: '用户已创建' });
    await see(reveal);
    initialPassword = await page.getByTestId('one-time-password').inputValue();
    expect(initialPassword.length).toBeGreaterThanOrEqual(10);
    await reveal.getByRole('button', { name: '已记下密码' }).click();
    await see(page.getByRole('cell', { name: NEW_USER, exact: true }));
    await logout(page);
  });

  it('lets the new admin see only their own unit and its users', async () => {
    await login(NEW_USER, initialPassword);
    await changePassword(initialPassword, NEW_USER_PASSWORD);
    await see(page.getByText(`${NEW_USER_NAME}，您好`));

    await openMenu('单位管理');
    await see(page.getByTestId('unit-tree').getByText(NEW_UNIT));
    const tree = await page.getByTestId('unit-tree').innerText();
    expect(tree).not.toContain('湖南省市场监督管理局');
    expect(tree).not.toContain('岳阳市市场监督管理局');
    expect(tree).not.toContain('国家市场监督管理总局');

    await openMenu('用户管理');
    await see(page.getByRole('cell', { name: NEW_USER, exact: true }));
    await see(page.getByText('共 1 条'));
    const users = await page.locator('.ant-table').innerText();
    expect(users).not.toContain('hunan-reviewer');
    expect(users).not.toContain('admin\n');
    await logout(page);
  });

  it('locks an account after five wrong passwords with a clear Chinese message', async () => {
    const messages: string[] = [];
    for (let i = 0; i < 5; i++) {
      await login('hunan-reviewer', `wrong-password-${i}`);
      const alert = page.getByRole('alert').filter({ hasText: /用户名或密码错误|锁定/ });
      await see(alert);
      messages.push(await alert.first().innerText());
    }
    expect(messages.slice(0, 4).every((m) => m.includes('用户名或密码错误'))).toBe(true);
    expect(messages[4]).toContain('锁定');
    expect(messages[4]).toMatch(/请于 .+ 后重试/);
  });

  it('lets the admin see the lock and unlock the account', async () => {
    await login('admin', ADMIN_NEW_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/');
    await openMenu('用户管理');
    await page.getByPlaceholder('搜索用户名或姓名').fill('hunan-reviewer');
    await page.getByPlaceholder('搜索用户名或姓名').press('Enter');
    const row = page.getByRole('row').filter({ hasText: 'hunan-reviewer' });
    await see(row.getByText('已锁定'));
    await row.getByRole('button', { name: '解锁' }).click();
    await see(page.getByText('已解除锁定'));
    await row.getByText('已锁定').waitFor({ state: 'detached' });
    await logout(page);

    await login('hunan-reviewer', E2E_DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/');
    await see(page.getByText('湖南省市场监督管理局').first());
    expect(await bodyText()).not.toContain('锁定');
  });

  it('sends a user whose session ended back to login, then to the page they were on', async () => {
    await openMenu('单位管理');
    await see(page.getByTestId('unit-tree').getByText('湖南省市场监督管理局'));
    await browser.context.clearCookies();
    await page.getByTestId('unit-tree').getByText('湖南省市场监督管理局').click();
    await page.waitForURL(/\/login\?next=%2Funits/);
    await see(page.getByRole('alert').filter({ hasText: '登录已超时，请重新登录' }));
    await submitLogin('hunan-reviewer', E2E_DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/units');
    await see(page.getByTestId('unit-tree').getByText('湖南省市场监督管理局'));
  });
});
