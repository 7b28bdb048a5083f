import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fillLogin, logout, see } from './support/page-actions.ts';
import { ApiSession } from './support/api-session.ts';
import { E2E_ADMIN_PASSWORD, E2E_DEMO_PASSWORD, type TestServer } from './support/server.ts';
import { browserJourney } from './support/journey.ts';

// Issue 4 (UI): the Yueyang office pastes a received notice, checks the structured draft against the
// highlighted source, and turns it into a draft notice of a live campaign.
const SEED = readFileSync(new URL('../server/demo/seed-texts/003_3af90c414d37a3cb.txt', import.meta.url), 'utf8');
const CAMPAIGN = '2099年岳阳市“质量月”活动（导入）';
const TITLE = '关于印发《岳阳市2099年“质量月”活动方案》的通知';
// A national notice copied from a mirror in traditional characters (the parser's corpus, issue 23).
const IP_WEEK_2018 = readFileSync(
  new URL('../domain/notice-parser/fixtures/corpus/06-ip-week-2018-national-traditional.txt', import.meta.url),
  'utf8',
);
const TIBET_SEED = readFileSync(new URL('../server/demo/seed-texts/000_297315cc46f3f625.txt', import.meta.url), 'utf8');
// A member enterprise of the Tibet quality association: it receives the association's 转发 letter by e-mail.
const MEMBER = { username: 'member-one', password: 'Huiyuan-Qiye#2099', unit: '示例会员企业一' };

let server: TestServer;
let page: Page;

/** The live campaign a person would have opened earlier, through the API. */
async function prepare(): Promise<void> {
  const office = await ApiSession.login(server.baseUrl, 'yueyang-reviewer', E2E_DEMO_PASSWORD);
  await office.call('POST', '/api/campaigns', { ownerUnitId: office.user.unitId, year: 2099, name: CAMPAIGN });
  // The member's office account, as its administrator would have set it up.
  const first = await ApiSession.login(server.baseUrl, 'admin', E2E_ADMIN_PASSWORD);
  await first.call('POST', '/api/auth/change-password', {
    currentPassword: E2E_ADMIN_PASSWORD,
    newPassword: 'Zongju-Shouwen#2099',
  });
  const admin = await ApiSession.login(server.baseUrl, 'admin', 'Zongju-Shouwen#2099');
  const units = await admin.call<{ items: { id: number; name: string }[] }>(
    'GET',
    `/api/units/search?q=${encodeURIComponent(MEMBER.unit)}`,
  );
  const unitId = units.items.find((u) => u.name === MEMBER.unit)?.id;
  await admin.call('POST', '/api/users', {
    username: MEMBER.username,
    displayName: '会员企业一办公室',
    unitId,
    roles: ['admin'],
    password: 'Chushi-Mima#2099',
  });
  const member = await ApiSession.login(server.baseUrl, MEMBER.username, 'Chushi-Mima#2099');
  await member.call('POST', '/api/auth/change-password', {
    currentPassword: 'Chushi-Mima#2099',
    newPassword: MEMBER.password,
  });
}

describe('notice import', () => {
  browserJourney('notice-import', async (j) => {
    ({ server, page } = j);
    await prepare();
  });

  it('turns pasted text into a checked draft notice, and explains a .doc', async () => {
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel('用户名', { exact: true }).fill('yueyang-reviewer');
    await page.getByLabel('密码', { exact: true }).fill(E2E_DEMO_PASSWORD);
    await page.getByLabel('密码', { exact: true }).press('Enter');
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('menuitem', { name: '通知与任务' }).click();
    await page.locator('.ant-card-extra').getByRole('button', { name: '导入公文' }).click();
    await page.waitForURL(/\/notices\/import$/);

    // An old Word file gets the server's message, not an empty draft.
    await page
      .getByTestId('notice-import')
      .locator('input[type=file]')
      .setInputFiles({
        name: '通知.doc',
        mimeType: 'application/msword',
        buffer: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
      });
    await see(page.getByTestId('import-error').getByText('旧版 Word 文档（.doc）'));
    expect(await page.getByTestId('import-error').innerText()).toContain('另存为 .docx');

    await page.getByLabel('或粘贴通知全文').fill(SEED);
    await page.getByRole('button', { name: '解析', exact: true }).click();

    const source = page.getByTestId('source-text');
    await see(source);
    const deadlineMark = source.locator('mark[data-field="deadline"]');
    expect(await deadlineMark.first().innerText()).toBe('10月12日');
    expect(await deadlineMark.first().getAttribute('title')).toBe('截止日期');
    expect(await source.locator('mark[data-field="title"]').first().innerText()).toContain('岳阳市市场监管系统');
    expect(await source.locator('mark[data-field="arrangements"]').allInnerTexts()).toContain('开展质量强企系列活动');

    const form = page.getByTestId('import-draft-form');
    expect(await form.getByLabel('截止日期', { exact: true }).inputValue()).toBe('2024-10-12');
    expect(await form.getByLabel('标题', { exact: true }).inputValue()).toBe(
      '关于印发《岳阳市市场监管系统2024年“质量月”活动方案》的通知',
    );
    const cards = form.getByTestId('import-arrangement');
    let strong: Locator | null = null;
    for (let i = 0; i < (await cards.count()); i++) {
      const card = cards.nth(i);
      if ((await card.getByLabel('事项', { exact: true }).inputValue()) === '开展质量强企系列活动') strong = card;
    }
    if (!strong) throw new Error('no arrangement 开展质量强企系列活动 in the draft');
    expect(await strong.locator('[data-role="lead"]').innerText()).toContain('质量发展科');
    expect(await strong.locator('[data-role="implementing"]').innerText()).toContain('各县市区局');

    // Clicking a field of the draft marks its place in the source.
    await form.getByLabel('截止日期', { exact: true }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => deadlineMark.first().evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');

    const shot = path.join(os.tmpdir(), 'qm-e2e-import.png');
    await page.screenshot({ path: shot });
    console.log(`[e2e] import review screenshot: ${shot}`);

    await form.getByLabel('标题', { exact: true }).fill(TITLE);
    await page.getByRole('button', { name: '生成通知草稿…' }).click();
    const dialog = page.locator('.ant-modal');
    await see(dialog.getByText(CAMPAIGN));
    await dialog.getByRole('button', { name: '生成通知草稿' }).click();

    await page.waitForURL(/\/notices\/\d+\/edit$/);
    await see(page.getByTestId('notice-form'));
    expect(await page.getByLabel('标题', { exact: true }).inputValue()).toBe(TITLE);
    expect(await page.getByLabel('截止日期', { exact: true }).inputValue()).toBe('2024-10-12');
    expect(await page.getByTestId('notice-form').innerText()).toContain(CAMPAIGN);
  }, 90_000);

  it('marks the fields the parser is unsure of, and offers the runners-up', async () => {
    await page.goto(`${server.baseUrl}/notices/import`);
    await page.getByLabel('或粘贴通知全文').fill(IP_WEEK_2018);
    await page.getByRole('button', { name: '解析', exact: true }).click();
    const form = page.getByTestId('import-draft-form');
    await see(form);
    // The title prefix names 国家知识产权局, the page's metadata 发布机关 another body: the issuer is marked.
    const check = form.getByTestId('check-issuer');
    await see(check.getByText('请核对'));
    expect(await form.getByLabel('发文机关', { exact: true }).inputValue()).toBe('国家知识产权局');
    await check.getByRole('button', { name: '改用“全国知识产权宣传周活动组委会办公室”' }).click();
    expect(await form.getByLabel('发文机关', { exact: true }).inputValue()).toBe('全国知识产权宣传周活动组委会办公室');
    // Fields read from several agreeing places carry no mark.
    expect(await form.getByTestId('check-docNumber').count()).toBe(0);
    expect(await form.getByLabel('文号', { exact: true }).inputValue()).toBe('国知发办字〔2018〕13号');
  }, 60_000);

  it("switches a 转发 letter's draft to the notice it forwards and back, keeping edits", async () => {
    const tibet = readFileSync(new URL('../server/demo/seed-texts/000_297315cc46f3f625.txt', import.meta.url), 'utf8');
    await page.goto(`${server.baseUrl}/notices/import`);
    await page.getByLabel('或粘贴通知全文').fill(tibet);
    await page.getByRole('button', { name: '解析', exact: true }).click();
    const form = page.getByTestId('import-draft-form');
    const title = form.getByLabel('标题', { exact: true });
    const docNumber = form.getByLabel('文号', { exact: true });
    await see(page.getByTestId('import-forwarded'));
    expect(await docNumber.inputValue()).toBe('藏质协字〔2024〕14号');
    await title.fill('西藏自治区质量协会关于转发质量月通知的通知（已改）');

    await page.getByTestId('import-forwarded').getByText('被转发的通知', { exact: true }).click();
    await expect.poll(() => docNumber.inputValue()).toBe('藏质标办〔2024〕2号');
    expect(await form.getByLabel('截止日期', { exact: true }).inputValue()).toBe('2024-10-10');
    // The forwarded notice's own number line is marked, not the letter's citation of it.
    const source = page.getByTestId('source-text');
    const numberMark = source.locator('mark[data-field="docNumber"]');
    expect(await numberMark.count()).toBe(1);
    expect((await numberMark.innerText()).replace(/\s/g, '')).toBe('藏质标办〔2024〕2号');
    const startOf = async (mark: Locator): Promise<number> => Number(await mark.getAttribute('data-start'));
    expect(await startOf(source.locator('mark[data-field="title"]').first())).toBeGreaterThan(
      await startOf(numberMark),
    );

    await page.getByTestId('import-forwarded').getByText('转发函', { exact: true }).click();
    await expect.poll(() => title.inputValue()).toBe('西藏自治区质量协会关于转发质量月通知的通知（已改）');
    expect(await docNumber.inputValue()).toBe('藏质协字〔2024〕14号');
  }, 90_000);

  it('records a 转发 letter received by e-mail in one step: the forwarded notice as a stub, the letter below it', async () => {
    await logout(page);
    await fillLogin(page, server.baseUrl, MEMBER.username, MEMBER.password);
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto(`${server.baseUrl}/notices/import`);
    await page.getByLabel('或粘贴通知全文').fill(TIBET_SEED);
    await page.getByRole('button', { name: '解析', exact: true }).click();
    await see(page.getByTestId('import-forwarded'));

    const dialog = page.locator('.ant-modal');
    const record = async (): Promise<void> => {
      await page.getByRole('button', { name: '生成通知草稿…' }).click();
      await see(dialog.getByText(CAMPAIGN));
      await dialog.getByText('登记收文', { exact: true }).first().click();
      // The issuers come from the text: the letter's by name, the forwarded notice's by the Tibet office's alias.
      await see(dialog.getByText('按文中发文机关“自治区质量和标准化工作领导小组办公室”匹配'));
      expect(await dialog.getByText('西藏自治区市场监督管理局（自治区质量和标准化工作领导小组办公室）').count()).toBe(
        1,
      );
      await see(dialog.getByText('西藏自治区质量协会', { exact: true }));
      expect(await dialog.getByLabel('同时登记被转发的通知，作为转发函的上级通知').isChecked()).toBe(true);
      await dialog.locator('.ant-modal-footer').getByRole('button', { name: '登记收文' }).click();
    };

    // The demo already holds both documents: the member is told, not given a second copy.
    await record();
    await see(dialog.getByTestId('import-create-error'));
    expect(await dialog.getByTestId('import-create-error').innerText()).toContain('被转发的通知已在系统中');
    await dialog.getByRole('button', { name: '取消' }).click();

    // This year's letter (numbers corrected in the draft): recorded with its forwarded notice.
    const form = page.getByTestId('import-draft-form');
    await form.getByLabel('文号', { exact: true }).fill('藏质协字〔2099〕14号');
    await page.getByTestId('import-forwarded').getByText('被转发的通知', { exact: true }).click();
    await expect.poll(() => form.getByLabel('文号', { exact: true }).inputValue()).toBe('藏质标办〔2024〕2号');
    await form.getByLabel('文号', { exact: true }).fill('藏质标办〔2099〕2号');
    await record();

    await page.waitForURL(/\/notices\/\d+$/);
    await see(page.getByTestId('notice-recorded-tag'));
    expect(await page.getByTestId('notice-title').innerText()).toContain('西藏自治区质量协会关于转发');
    expect(await page.getByTestId('notice-recorded').innerText()).toContain(
      '收文登记：由示例会员企业一录入，正文以原件为准',
    );
    expect(await page.getByText('藏质协字〔2099〕14号').count()).toBeGreaterThan(0);
    // The letter can be forwarded to the member's own units as usual.
    await see(page.getByRole('button', { name: '转发' }));

    // Up to the stub, then its cascade: stub → letter, both marked as recorded.
    await page
      .getByRole('link', { name: /自治区质量和标准化工作领导小组办公室关于开展2024年“质量月”活动的通知/ })
      .click();
    await see(page.getByText('藏质标办〔2099〕2号'));
    await see(page.getByTestId('notice-recorded'));
    await page.getByRole('button', { name: '下发树' }).click();
    const tree = page.getByTestId('cascade-tree');
    await see(tree.getByTestId('cascade-node'));
    const nodes = await tree.getByTestId('cascade-node').allInnerTexts();
    expect(nodes).toHaveLength(2);
    expect(nodes[0]).toContain('西藏自治区市场监督管理局');
    expect(nodes[0]).toContain('藏质标办〔2099〕2号');
    expect(nodes[1]).toContain('西藏自治区质量协会');
    expect(nodes[1]).toContain('藏质协字〔2099〕14号');
    for (const n of nodes) expect(n).toContain('收文登记');

    // The inbox marks the recorded letter.
    await page.goto(`${server.baseUrl}/notices`);
    const inboxRow = page.locator('tr', { hasText: '藏质协字〔2099〕14号' });
    await see(inboxRow);
    expect(await inboxRow.getByText('收文登记', { exact: true }).count()).toBe(1);
  }, 120_000);

  it('records a second letter under the forwarded notice already recorded (以它为上级)', async () => {
    await page.goto(`${server.baseUrl}/notices/import`);
    await page.getByLabel('或粘贴通知全文').fill(TIBET_SEED);
    await page.getByRole('button', { name: '解析', exact: true }).click();
    await see(page.getByTestId('import-forwarded'));
    // A new letter forwarding the notice recorded in the test above.
    const form = page.getByTestId('import-draft-form');
    await form.getByLabel('文号', { exact: true }).fill('藏质协字〔2099〕15号');
    await page.getByTestId('import-forwarded').getByText('被转发的通知', { exact: true }).click();
    await expect.poll(() => form.getByLabel('文号', { exact: true }).inputValue()).toBe('藏质标办〔2024〕2号');
    await form.getByLabel('文号', { exact: true }).fill('藏质标办〔2099〕2号');
    await page.getByRole('button', { name: '生成通知草稿…' }).click();
    const dialog = page.locator('.ant-modal');
    await see(dialog.getByText(CAMPAIGN));
    await dialog.getByText('登记收文', { exact: true }).first().click();
    await dialog.locator('.ant-modal-footer').getByRole('button', { name: '登记收文' }).click();
    await see(dialog.getByTestId('import-create-error'));
    expect(await dialog.getByTestId('import-create-error').innerText()).toContain('被转发的通知已在系统中');
    await dialog.getByRole('button', { name: '以它为上级' }).click();

    await page.waitForURL(/\/notices\/\d+$/);
    await see(page.getByTestId('notice-recorded'));
    expect(await page.getByText('藏质协字〔2099〕15号').count()).toBeGreaterThan(0);
    // Under the notice already here: its cascade now holds both letters, and no second copy of it.
    await page
      .getByRole('link', { name: /自治区质量和标准化工作领导小组办公室关于开展2024年“质量月”活动的通知/ })
      .click();
    await see(page.getByText('藏质标办〔2099〕2号'));
    await page.getByRole('button', { name: '下发树' }).click();
    const tree = page.getByTestId('cascade-tree');
    await expect.poll(() => tree.getByTestId('cascade-node').count()).toBe(3);
    const nodes = await tree.getByTestId('cascade-node').allInnerTexts();
    expect(nodes.filter((n) => n.includes('藏质标办〔2099〕2号'))).toHaveLength(1);
    expect(nodes.filter((n) => n.includes('藏质协字〔2099〕14号') || n.includes('藏质协字〔2099〕15号'))).toHaveLength(
      2,
    );
  }, 90_000);
});
