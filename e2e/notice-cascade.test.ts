import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiSession } from './support/api-session.ts';
import { fillLogin, logout, see, typeDate } from './support/page-actions.ts';
import { E2E_ADMIN_PASSWORD, E2E_DEMO_PASSWORD, type TestServer } from './support/server.ts';
import { browserJourney } from './support/journey.ts';

// Issue 3: an office issues a notice to three counties; one county signs it and forwards it to its two
// sections with an earlier deadline (a later one is refused); the office then sees both levels in the cascade tree.
const ADMIN_NEW_PASSWORD = 'Zongju-Guanli#2099';
const YUEYANG = '岳阳市市场监督管理局';
const COUNTIES = ['岳阳楼区市场监督管理局', '云溪区市场监督管理局', '君山区市场监督管理局'];
const COUNTY = COUNTIES[0] ?? '';
const SECTIONS = ['岳阳楼区质量发展股', '岳阳楼区标准化股'];
const COUNTY_USER = 'yueyanglou-reviewer';
const COUNTY_PASSWORD = 'Yueyanglou-Start#2099';
const COUNTY_NEW_PASSWORD = 'Yueyanglou-Shenhe#2099';
const CAMPAIGN = '2099年岳阳市“质量月”活动';
const NOTICE_TITLE = '关于开展2099年岳阳市“质量月”活动的通知';
const NOTICE_DOC = '岳市监质〔2099〕1号';
const FORWARD_TITLE = `关于转发《${NOTICE_TITLE}》的通知`;

let server: TestServer;
let page: Page;

interface Unit {
  id: number;
  name: string;
  kind: string;
}

async function prepare(): Promise<void> {
  const firstAdmin = await ApiSession.login(server.baseUrl, 'admin', E2E_ADMIN_PASSWORD);
  await firstAdmin.call('POST', '/api/auth/change-password', {
    currentPassword: E2E_ADMIN_PASSWORD,
    newPassword: ADMIN_NEW_PASSWORD,
  });
  const admin = await ApiSession.login(server.baseUrl, 'admin', ADMIN_NEW_PASSWORD);
  const found = await admin.call<{ items: Unit[] }>('GET', `/api/units/search?q=${encodeURIComponent(YUEYANG)}`);
  const yueyang = found.items.find((u) => u.name === YUEYANG);
  if (!yueyang) throw new Error('demo data has no Yueyang office');
  const children = await admin.call<{ items: Unit[] }>('GET', `/api/units?parentId=${yueyang.id}`);
  const county = children.items.find((u) => u.name === COUNTY);
  if (!county || !COUNTIES.every((name) => children.items.some((u) => u.name === name)))
    throw new Error('demo data lacks the Yueyang counties');
  for (const name of SECTIONS) await admin.call('POST', '/api/units', { parentId: county.id, name, kind: 'section' });
  await admin.call('POST', '/api/users', {
    username: COUNTY_USER,
    displayName: '岳阳楼区审核员',
    unitId: county.id,
    roles: ['reviewer'],
    password: COUNTY_PASSWORD,
  });
  const countyUser = await ApiSession.login(server.baseUrl, COUNTY_USER, COUNTY_PASSWORD);
  await countyUser.call('POST', '/api/auth/change-password', {
    currentPassword: COUNTY_PASSWORD,
    newPassword: COUNTY_NEW_PASSWORD,
  });
  // The demo campaign is archived (read-only): the office opens this year's.
  const office = await ApiSession.login(server.baseUrl, 'yueyang-reviewer', E2E_DEMO_PASSWORD);
  await office.call('POST', '/api/campaigns', {
    ownerUnitId: yueyang.id,
    year: 2099,
    name: CAMPAIGN,
    theme: '质量强市',
  });
}

async function login(username: string, password: string): Promise<void> {
  await fillLogin(page, server.baseUrl, username, password);
  await page.waitForURL((url) => url.pathname === '/');
}

async function checkRecipient(name: string): Promise<void> {
  await page
    .getByTestId('recipient-tree')
    .locator('.ant-tree-treenode')
    .filter({ hasText: name })
    .locator('.ant-tree-checkbox')
    .click();
}

async function issueFromForm(): Promise<void> {
  await page.getByRole('button', { name: '保存草稿' }).click();
  await page.waitForURL(/\/notices\/\d+\/edit$/);
  await see(page.getByText('草稿已保存'));
  await page.getByTestId('notice-form').getByRole('button', { name: '印发', exact: true }).click();
  await see(page.getByText('印发后不可修改，确定印发吗？'));
  await page.locator('.ant-popconfirm').getByRole('button', { name: '印发', exact: true }).click();
  await page.waitForURL(/\/notices\/\d+$/);
  await see(page.getByText('通知已印发'));
}

describe('notice cascade', () => {
  browserJourney('cascade', async (j) => {
    ({ server, page } = j);
    await prepare();
  });

  it('lets the Yueyang office issue a notice to three counties with a deadline', async () => {
    await login('yueyang-reviewer', E2E_DEMO_PASSWORD);
    await page.getByRole('menuitem', { name: '通知与任务' }).click();
    await see(page.getByRole('tab', { name: '收文' }));
    await page.locator('.ant-card-extra').getByRole('button', { name: '发文' }).click();
    await page.waitForURL(/\/notices\/new$/);

    await see(page.getByText(CAMPAIGN));
    await page.getByLabel('标题', { exact: true }).fill(NOTICE_TITLE);
    await page.getByLabel('文号', { exact: true }).fill('岳市监质（2099）1号');
    await typeDate(page, '截止日期', '2099-10-12');
    await page.getByLabel('活动总结').check();
    await page.getByLabel('统计表').check();
    for (const name of COUNTIES) await checkRecipient(name);
    await see(page.getByText('已选 3 个单位'));
    await page.getByRole('button', { name: '添加一节' }).click();
    await page.getByLabel('一、标题').fill('活动主题');
    await page.getByLabel('内容', { exact: true }).fill('质量强市，标准引领。\n各县市区要结合实际认真组织。');

    await issueFromForm();
    await see(page.getByTestId('notice-title').filter({ hasText: NOTICE_TITLE }));
    const header = await page.locator('.ant-card').first().innerText();
    expect(header).toContain(NOTICE_DOC); // brackets normalised by the server
    expect(header).toContain('2099-10-12');
    expect(header).toContain('已印发');
    const recipients = await page.getByTestId('recipients-table').innerText();
    for (const name of COUNTIES) expect(recipients).toContain(name);
    expect(recipients).toContain('未签收');
    expect(await page.getByTestId('notice-body').innerText()).toContain('各县市区要结合实际认真组织。');
    await logout(page);
  });

  it('lets a county sign it, refuses a later deadline when forwarding, and issues the forward', async () => {
    await login(COUNTY_USER, COUNTY_NEW_PASSWORD);
    await page.getByRole('menuitem', { name: '通知与任务' }).click();
    const row = page.getByTestId('inbox-table').getByRole('row').filter({ hasText: NOTICE_TITLE });
    await see(row.getByText('未读'));
    expect(await row.innerText()).toContain('2099-10-12');
    await row.getByRole('link', { name: NOTICE_TITLE }).click();

    await see(page.getByTestId('notice-title').filter({ hasText: NOTICE_TITLE }));
    await page.getByRole('button', { name: '签收', exact: true }).click();
    await see(page.getByText(/本单位已于 .+ 签收/));
    await page.getByRole('button', { name: '转发' }).click();
    await page.waitForURL(/\/forward\?kind=forward$/);

    await see(page.getByText('上级通知截止：2099-10-12'));
    expect(await page.getByLabel('标题', { exact: true }).inputValue()).toBe(FORWARD_TITLE);
    for (const name of SECTIONS) await checkRecipient(name);
    await see(page.getByText('已选 2 个单位'));
    await typeDate(page, '截止日期', '2099-10-13');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await see(page.getByText('下级通知的截止日期不能晚于上级通知（2099-10-12）'));
    expect(page.url()).toMatch(/\/forward\?kind=forward$/);

    await typeDate(page, '截止日期', '2099-10-09');
    await page.getByText('下级通知的截止日期不能晚于上级通知（2099-10-12）').waitFor({ state: 'detached' });
    await issueFromForm();
    await see(page.getByTestId('notice-title').filter({ hasText: FORWARD_TITLE }));
    const header = await page.locator('.ant-card').first().innerText();
    expect(header).toContain('2099-10-09');
    expect(header).toContain(NOTICE_TITLE); // the parent link
    const recipients = await page.getByTestId('recipients-table').innerText();
    for (const name of SECTIONS) expect(recipients).toContain(name);
    await logout(page);
  });

  it('shows the Yueyang office both levels in the cascade tree', async () => {
    await login('yueyang-reviewer', E2E_DEMO_PASSWORD);
    await page.getByRole('menuitem', { name: '通知与任务' }).click();
    await page.getByRole('tab', { name: '发文' }).click();
    await page.getByTestId('outbox-table').getByRole('link', { name: NOTICE_TITLE }).click();
    await see(page.getByTestId('recipients-table').getByText(COUNTY));
    const countyRow = await page
      .getByTestId('recipients-table')
      .getByRole('row')
      .filter({ hasText: COUNTY })
      .innerText();
    expect(countyRow).not.toContain('未签收');
    await page.getByRole('button', { name: '下发树' }).click();

    const tree = page.getByTestId('cascade-tree');
    await see(tree.getByText(FORWARD_TITLE));
    const nodes = await tree.getByTestId('cascade-node').allInnerTexts();
    expect(nodes).toHaveLength(2);
    expect(nodes[0]).toContain(YUEYANG);
    expect(nodes[0]).toContain(NOTICE_DOC);
    expect(nodes[0]).toContain('截止 2099-10-12');
    expect(nodes[0]).toContain('签收 1/3');
    expect(nodes[1]).toContain(COUNTY);
    expect(nodes[1]).toContain('无文号');
    expect(nodes[1]).toContain('截止 2099-10-09');
    expect(nodes[1]).toContain('签收 0/2');

    await page.getByLabel('搜索单位、文号或标题').fill('岳阳楼区');
    await see(page.getByText('匹配 1 份'));
    expect(await tree.locator('mark').allInnerTexts()).toContain('岳阳楼区');
    const shot = path.join(os.tmpdir(), 'qm-e2e-cascade.png');
    await page.screenshot({ path: shot });
    console.log(`[e2e] cascade tree screenshot: ${shot}`);
  });
});
