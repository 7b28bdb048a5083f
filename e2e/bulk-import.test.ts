import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { fillLogin, see } from './support/page-actions.ts';
import { browserJourney } from './support/journey.ts';
import { E2E_ADMIN_PASSWORD, type TestServer } from './support/server.ts';

// An admin fills in sheets of units and users and imports them through the dialog: check first, then all rows or none.
const ADMIN_NEW_PASSWORD = 'Zongju-Daoru#2024';
const COUNTY = '导入测试县市场监督管理局';
const SECTION = '导入测试县质量股';
const NEVER = '不应导入的单位';

let server: TestServer;
let page: Page;
let dir = '';

/** Writes a CSV the way a person would save one from Excel (UTF-8). */
function sheet(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.join('\r\n') + '\r\n', 'utf8');
  return file;
}

async function login(username: string, password: string): Promise<void> {
  await fillLogin(page, server.baseUrl, username, password);
}

/** Opens the import dialog on the current page and chooses a file; the check runs by itself. */
async function chooseFile(file: string): Promise<Locator> {
  await page.getByRole('button', { name: '批量导入' }).click();
  const dialog = page.getByRole('dialog').filter({ hasText: '下载导入模板' });
  await see(dialog);
  await dialog.locator('input[type=file]').setInputFiles(file);
  return dialog;
}

async function searchUnits(term: string): Promise<void> {
  const box = page.getByPlaceholder('搜索单位名称、别名或行政区划代码');
  await box.fill(term);
  await box.press('Enter');
}

describe('bulk import', () => {
  browserJourney('import', async (j) => {
    ({ server, page } = j);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qm-e2e-import-'));
    await j.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports two units, the second under the first, after a check', async () => {
    await login('admin', E2E_ADMIN_PASSWORD);
    await page.waitForURL(/\/change-password/);
    await page.getByLabel('当前密码', { exact: true }).fill(E2E_ADMIN_PASSWORD);
    await page.getByLabel('新密码', { exact: true }).fill(ADMIN_NEW_PASSWORD);
    await page.getByLabel('确认新密码', { exact: true }).fill(ADMIN_NEW_PASSWORD);
    await page.getByLabel('确认新密码', { exact: true }).press('Enter');
    await page.waitForURL((url) => url.pathname === '/');

    await page.getByRole('menuitem', { name: '单位管理' }).click();
    await see(page.getByTestId('unit-tree').getByText('国家市场监督管理总局'));
    const file = sheet('units.csv', [
      '单位名称,上级单位,类型,行政区划代码,别名',
      `${COUNTY},岳阳市市场监督管理局,机关,,`,
      `${SECTION},${COUNTY},科室,,`,
    ]);
    const dialog = await chooseFile(file);
    await see(dialog.getByText('共 2 行，可以导入'));
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('link', { name: '下载导入模板' }).click(),
    ]);
    expect(template.suggestedFilename()).toBe('单位导入模板.xlsx');
    expect(
      fs
        .readFileSync(await template.path())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    await dialog.getByRole('button', { name: '确认导入' }).click();
    await see(page.getByText('已导入 2 个单位'));
    await dialog.waitFor({ state: 'detached' });

    // Picking the deeper one opens the tree down to it; both hang under Yueyang.
    await searchUnits(SECTION);
    await page.getByTestId('unit-search-result').filter({ hasText: SECTION }).click();
    await see(page.getByTestId('unit-detail-name').filter({ hasText: SECTION }));
    expect(await page.locator('.ant-breadcrumb').innerText()).toContain(COUNTY);
    await page.getByRole('button', { name: '返回单位树' }).click();
    const tree = page.getByTestId('unit-tree');
    await see(tree.getByText(SECTION));
    const text = await tree.innerText();
    expect(text.indexOf('岳阳市市场监督管理局')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(COUNTY)).toBeGreaterThan(text.indexOf('岳阳市市场监督管理局'));
    expect(text.indexOf(SECTION)).toBeGreaterThan(text.indexOf(COUNTY));
  });

  it('lists the bad row by row, column and problem and imports nothing', async () => {
    const file = sheet('units-bad.csv', [
      '单位名称,上级单位,类型,行政区划代码,别名',
      `${NEVER},岳阳市市场监督管理局,机关,,`,
      `另一个单位,岳阳市市场监督管理局,工厂,,`,
    ]);
    const dialog = await chooseFile(file);
    const issues = dialog.getByTestId('import-issues');
    await see(issues);
    const shown = await issues.innerText();
    expect(shown).toContain('导入失败：1 行有错误，未导入任何数据');
    const row = issues.locator('tbody tr').filter({ hasText: '工厂' });
    expect(await row.locator('td').allInnerTexts()).toEqual([
      '3',
      '类型',
      expect.stringContaining('类型“工厂”无法识别') as string,
    ]);
    expect(await dialog.getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });

    await searchUnits(NEVER);
    await see(page.getByText('没有找到匹配的单位'));
    await page.getByRole('button', { name: '返回单位树' }).click();
  });

  it('imports two users and shows their initial passwords once', async () => {
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    await see(page.getByRole('cell', { name: 'yueyang-reporter', exact: true }));
    const file = sheet('users.csv', [
      '用户名,姓名,所属单位,角色,手机,邮箱',
      `daoru-zhang,导入张三,${COUNTY},填报,,`,
      'daoru-li,导入李四,430600,审核、查看,,',
    ]);
    const dialog = await chooseFile(file);
    await see(dialog.getByText('共 2 行，可以导入'));
    await dialog.getByRole('button', { name: '确认导入' }).click();

    const reveal = page.getByRole('dialog').filter({ hasText: '初始密码' });
    await see(reveal.getByText('初始密码只显示这一次，关闭后无法再次查看'));
    const rows = reveal.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const passwords = new Map<string, string>();
    for (const r of await rows.all()) {
      const [username = '', , password = ''] = await r.locator('td').allInnerTexts();
      passwords.set(username.trim(), password.trim());
    }
    expect([...passwords.keys()]).toEqual(['daoru-zhang', 'daoru-li']);
    for (const p of passwords.values()) expect(p.length).toBeGreaterThanOrEqual(10);

    await reveal.getByRole('button', { name: '复制全部' }).click();
    await see(page.getByText('已复制 2 个账号的初始密码'));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.split('\n')).toEqual([
      '用户名\t姓名\t初始密码',
      `daoru-zhang\t导入张三\t${passwords.get('daoru-zhang')}`,
      `daoru-li\t导入李四\t${passwords.get('daoru-li')}`,
    ]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      reveal.getByRole('button', { name: '下载 .csv' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^初始密码-\d{8}-\d{4}\.csv$/);
    const saved = fs.readFileSync(await download.path(), 'utf8');
    expect(saved.startsWith('\uFEFF用户名,姓名,初始密码\r\n')).toBe(true);
    expect(saved).toContain(`daoru-li,导入李四,${passwords.get('daoru-li')}`);

    await reveal.getByRole('button', { name: '我已保存，关闭' }).click();
    await reveal.waitFor({ state: 'detached' });
    await see(page.getByRole('cell', { name: 'daoru-zhang', exact: true }));
    // Once closed, the passwords are nowhere on the page.
    expect(await page.locator('body').innerText()).not.toContain(passwords.get('daoru-zhang'));

    // The password works once, for the forced change.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login/);
    await login('daoru-zhang', passwords.get('daoru-zhang') ?? '');
    await page.waitForURL(/\/change-password/);
  });
});
