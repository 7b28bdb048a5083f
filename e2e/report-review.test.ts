import os from 'node:os';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ApiSession } from './support/api-session.ts';
import { fillLogin, logout, see } from './support/page-actions.ts';
import { E2E_DEMO_PASSWORD, type TestServer } from './support/server.ts';
import { browserJourney } from './support/journey.ts';
import { issueTibetNotice, TIBET } from './support/tibet-notice.ts';

// Issue 5: a member unit fills in the statistics table with the keyboard, sees a rule warning and submits;
// the issuing office returns it with a reason; the unit fixes it and resubmits; the office sees the changed
// figure highlighted and accepts it, which locks the table. The unit also uploads a photo (resumable, tus),
// which the office sees with the report.
const { association: ASSOCIATION, reviewer: REVIEWER, reporter: REPORTER } = TIBET;
const NOTICE_TITLE = '关于开展2099年全区“质量月”活动的通知';
const RETURN_REASON = '查找质量隐患数与企业上报不一致，请核实后重新提交';
const WARNING = '解决质量问题数一般不超过查找质量隐患数';
const FIGURE_COMMENT = '隐患数请与企业台账核对';
const UNLOCK_REASON = '发现查获货值录入有误，需更正';

let server: TestServer;
let page: Page;
let noticeId = 0;
let reportPath = '';

async function login(username: string): Promise<void> {
  await fillLogin(page, server.baseUrl, username, E2E_DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname === '/');
}

const cell = (code: string) => page.getByTestId(`cell-${code}`);
const status = () => page.locator('.ant-card-head').getByTestId('report-status');

async function openMyReport(expectedStatus: string): Promise<void> {
  await page.getByRole('menuitem', { name: '填报' }).click();
  const row = page.getByTestId('my-reports-table').getByRole('row').filter({ hasText: NOTICE_TITLE });
  await see(row.getByText(expectedStatus, { exact: true }));
  expect(await row.innerText()).toContain('2099-10-10');
  await row.getByRole('link', { name: NOTICE_TITLE }).click();
  await page.waitForURL(/\/notices\/\d+\/report\/\d+$/);
}

async function openSubmittedReport(): Promise<void> {
  await page.getByRole('menuitem', { name: '审核与汇总' }).click();
  await page
    .getByTestId('review-table')
    .getByRole('row')
    .filter({ hasText: NOTICE_TITLE })
    .getByRole('link', { name: '填报情况' })
    .click();
  await page.waitForURL(/\/notices\/\d+\/reports$/);
  await see(page.getByTestId('completeness-table').getByText('已提交', { exact: true }));
  await page.getByTestId('completeness-table').getByRole('link', { name: ASSOCIATION }).click();
  await page.waitForURL(/\/notices\/\d+\/report\/\d+$/);
  await see(status().getByText('已提交'));
}

async function submit(): Promise<void> {
  await page.getByTestId('submit-report').click();
  await see(page.getByText('提交后将交由发文单位审核'));
  await page.locator('.ant-popconfirm').getByRole('button', { name: '提交' }).click();
  await see(status().getByText('已提交'));
  expect(await page.getByTestId('stats-table').locator('input').count()).toBe(0);
}

describe('report entry and review', () => {
  browserJourney('report', async (j) => {
    ({ server, page } = j);
    ({ noticeId } = await issueTibetNotice(server.baseUrl, {
      title: NOTICE_TITLE,
      docNumber: '藏质标办〔2099〕1号',
      requiredReports: ['统计表', '活动总结'],
    }));
  });

  it('lets the association fill the table with the keyboard, see a rule warning and submit', async () => {
    await login(REPORTER);
    // The 工作台 lists the table as a to-do, with its deadline.
    const todo = page.getByTestId('todo-report');
    await see(todo.getByText(NOTICE_TITLE));
    expect(await todo.innerText()).toContain('2099-10-10 · 还剩');
    expect(await todo.innerText()).toContain('未开始');
    await openMyReport('未开始');
    await see(page.getByTestId('stats-table').getByText('领导参与情况'));

    // Tab moves from cell to cell in printed order.
    await cell('pub_events').click();
    for (const v of ['12', '3500', '4', '20']) {
      await page.keyboard.type(v);
      await page.keyboard.press('Tab');
    }
    await cell('ent_count').click();
    for (const v of ['6', '120', '3', '5']) {
      await page.keyboard.type(v);
      await page.keyboard.press('Tab');
    }
    expect(await cell('pub_attendance').inputValue()).toBe('3500');
    expect(await cell('pub_department_attendance').inputValue()).toBe('20');
    expect(await cell('ent_hazards').inputValue()).toBe('3');
    expect(await cell('ent_solved').inputValue()).toBe('5');
    await see(page.getByTestId('rule-warning').getByText(WARNING));

    // A negative figure is kept as typed and flagged in red under the cell; Enter moves down.
    await cell('enf_cases').fill('-1');
    await see(page.getByTestId('problem-enf_cases').getByText('不能为负数'));
    await cell('enf_cases').fill('2');
    await cell('enf_cases').press('Enter');
    await page.keyboard.type('1.5');
    expect(await cell('enf_goods_value').inputValue()).toBe('1.5');
    await page.getByTestId('problem-enf_cases').waitFor({ state: 'detached' });

    await page.getByLabel('填报人', { exact: true }).fill('卓玛');
    await page.getByLabel('联系电话', { exact: true }).fill('0891-6812345');
    await page.getByLabel('活动总结', { exact: true }).fill('组织会员企业开展质量提升活动。');

    // A block copied from Excel or WPS fills consecutive cells from the focused one.
    await cell('pub_leader_provincial').focus();
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', '1\t2\r\n3\r\n');
      document.activeElement?.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    });
    expect(await cell('pub_leader_provincial').inputValue()).toBe('1');
    expect(await cell('pub_leader_city').inputValue()).toBe('2');
    expect(await cell('pub_leader_county').inputValue()).toBe('3');

    // Input typed as the session runs out is kept in the tab and saved after signing in again.
    let expired = true;
    const expire = (route: Route) =>
      expired && route.request().method() === 'PUT'
        ? route.fulfill({
            status: 401,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'SESSION_EXPIRED', message: '登录已超时，请重新登录' } }),
          })
        : route.continue();
    await page.route('**/api/notices/*/reports/*', expire);
    await cell('boards').fill('8');
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('用户名', { exact: true }).fill(REPORTER);
    await page.getByLabel('密码', { exact: true }).fill(E2E_DEMO_PASSWORD);
    expired = false;
    await page.getByLabel('密码', { exact: true }).press('Enter');
    await page.waitForURL(/\/notices\/\d+\/report\/\d+$/);
    await page.unroute('**/api/notices/*/reports/*', expire);
    await see(page.getByText('已恢复上次未保存的输入'));
    expect(await cell('boards').inputValue()).toBe('8');

    // Autosaved: a reload shows what was typed.
    await see(page.getByTestId('save-state').getByText(/已保存 \d\d:\d\d:\d\d/));
    await page.reload();
    await see(cell('ent_solved'));
    expect(await cell('ent_solved').inputValue()).toBe('5');
    expect(await cell('enf_goods_value').inputValue()).toBe('1.5');
    expect(await cell('pub_leader_county').inputValue()).toBe('3');
    expect(await cell('boards').inputValue()).toBe('8');
    await page.getByText('已恢复上次未保存的输入').waitFor({ state: 'detached' });
    await see(status().getByText('草稿'));
    await see(page.getByText(WARNING));

    // A photo of the activity, uploaded before submitting; its caption is typed in place.
    const photo = path.join(os.tmpdir(), `qm-e2e-开放日-${process.pid}.jpg`);
    writeFileSync(
      photo,
      await sharp({ create: { width: 640, height: 480, channels: 3, background: '#2f6fb0' } })
        .jpeg()
        .toBuffer(),
    );
    const photos = page.getByTestId('report-photos');
    await photos.locator('input[type=file]').setInputFiles(photo);
    await see(photos.getByTestId('attachment-card'));
    await see(page.getByText(/已上传“qm-e2e-开放日-\d+\.jpg”/));
    await photos.getByRole('button', { name: '修改说明' }).click();
    await page.keyboard.type('计量器具免费检定');
    await page.keyboard.press('Enter');
    await see(photos.getByTestId('attachment-caption').getByText('计量器具免费检定'));

    await submit();
    await see(page.getByText(WARNING)); // a warning does not block submission
    expect(await cell('enf_goods_value').innerText()).toBe('1.50');
    await logout(page);
  });

  it('lets the office see the completeness and return the report with a reason', async () => {
    await login(REVIEWER);
    await page.goto(`${server.baseUrl}/notices/${noticeId}`);
    await see(page.getByRole('button', { name: '填报情况' }));
    await openSubmittedReport();
    await see(page.getByTestId('review-actions'));
    await see(page.getByTestId('report-photos').getByTestId('attachment-card').getByText('计量器具免费检定'));
    expect(await cell('ent_hazards').innerText()).toBe('3');

    await page.getByTestId('review-actions').getByRole('button', { name: '退回' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '退回' }).click();
    await see(dialog.getByText('请填写退回原因'));
    await dialog.getByLabel('退回原因').fill(RETURN_REASON);
    // A comment on one figure, picked by typing its name.
    await dialog.getByTestId('add-figure-comment').click();
    await dialog.getByRole('combobox', { name: '数据项' }).click();
    await page.keyboard.type('查找质量隐患');
    await page.keyboard.press('Enter');
    await dialog.getByRole('textbox', { name: '意见' }).fill(FIGURE_COMMENT);
    await dialog.getByRole('button', { name: '退回' }).click();
    await see(status().getByText('已退回'));

    await page.getByRole('button', { name: '返回', exact: true }).click();
    await page.waitForURL(/\/notices\/\d+\/reports$/);
    await see(page.getByTestId('completeness-table').getByText('已退回', { exact: true }));
    const text = await page.getByTestId('completeness-counts').innerText();
    expect(text).toMatch(/应报\s*1/);
    expect(text).toMatch(/已退回\s*1/);
    expect(text).toMatch(/已提交\s*0/);
    await logout(page);
  });

  it('tells the reporter through the bell; the reason and the figure comment show; the fixed table goes back', async () => {
    await login(REPORTER);
    await see(page.getByRole('button', { name: /消息通知（\d+ 条未读）/ }));
    await page.getByTestId('notification-bell').click();
    await page.waitForURL((url) => url.pathname === '/notifications');
    const item = page
      .getByTestId('notifications-list')
      .locator('.ant-list-item')
      .filter({ hasText: `报表被退回：${NOTICE_TITLE}` });
    await see(item.getByText(RETURN_REASON, { exact: false }));
    await see(item.getByLabel('未读'));
    await item.getByRole('button', { name: '查看' }).click();
    await page.waitForURL(/\/notices\/\d+\/report\/\d+$/);
    reportPath = new URL(page.url()).pathname;
    await see(page.getByTestId('return-reason').getByText(RETURN_REASON));
    await see(page.getByTestId('figure-comments').getByText(new RegExp(`查找质量隐患：${FIGURE_COMMENT}`)));
    await see(page.getByTestId('comment-ent_hazards').getByText(`审核意见：${FIGURE_COMMENT}`));
    await see(page.getByText(WARNING));

    // Someone else saves the same report meanwhile (another tab): the stale autosave is refused and says so.
    const other = await ApiSession.login(server.baseUrl, REPORTER, E2E_DEMO_PASSWORD);
    const url = new URL(page.url()).pathname.replace('/report/', '/reports/');
    const current = await other.call<{ version: number; figures: (number | null)[] }>('GET', `/api${url}`);
    await other.call('PUT', `/api${url}`, { version: current.version, figures: current.figures });
    await cell('ent_hazards').fill('4');
    await see(page.getByTestId('stale-edit').getByText(/该内容已被“西藏质协填报员”于 .+ 修改/));
    await page.getByTestId('stale-edit').getByRole('button', { name: '重新加载' }).click();
    await page.getByTestId('stale-edit').waitFor({ state: 'detached' });
    expect(await cell('ent_hazards').inputValue()).toBe('3');

    await cell('ent_hazards').fill('5');
    await page.getByText(WARNING).waitFor({ state: 'detached' });
    await see(page.getByText('数据检查通过'));
    await submit();
    await logout(page);
  });

  it('lets the office see the changed figure, accept the report and find it in the roll-up', async () => {
    await login(REVIEWER);
    await openSubmittedReport();
    await see(page.getByTestId('changed-note').getByText('与上次提交相比有变化的数据已标出'));
    expect(await cell('ent_hazards').getAttribute('data-changed')).toBe('true');
    expect(await cell('ent_hazards').innerText()).toBe('5');
    expect(await cell('ent_solved').getAttribute('data-changed')).toBeNull();

    await page.getByTestId('review-actions').getByRole('button', { name: '审核通过' }).click();
    await see(page.getByText('通过后报表锁定'));
    await page.locator('.ant-popconfirm').getByRole('button', { name: '审核通过' }).click();
    await see(status().getByText('已通过'));
    await see(page.getByTestId('accepted-info'));
    expect(await page.getByTestId('review-actions').count()).toBe(0);

    await page.goto(`${server.baseUrl}/notices/${noticeId}/rollup`);
    const row = page.getByTestId('rollup-table').getByRole('row').filter({ hasText: '查找质量隐患' });
    await see(row);
    expect(await row.innerText()).toMatch(/查找质量隐患\s+个\s+5\s+5/);
    await see(page.getByText('已报 1/1').first());
    await page.screenshot({ path: path.join(os.tmpdir(), 'qm-e2e-report-rollup.png'), fullPage: true });
    const value = await page
      .getByTestId('rollup-table')
      .getByRole('row')
      .filter({ hasText: '查获假冒伪劣产品货值' })
      .innerText();
    expect(value).toContain('1.50');
    await logout(page);
  });

  it('shows the reporter the accepted table locked', async () => {
    await login(REPORTER);
    await openMyReport('已通过');
    await see(status().getByText('已通过'));
    await see(page.getByTestId('accepted-info').getByText('报表已锁定'));
    expect(await page.getByTestId('stats-table').locator('input').count()).toBe(0);
    expect(await page.getByTestId('submit-report').count()).toBe(0);
    expect(await cell('ent_hazards').innerText()).toBe('5');
    expect(await page.getByTestId('comment-ent_hazards').count()).toBe(0); // cleared on resubmission
    const shot = path.join(os.tmpdir(), 'qm-e2e-report-accepted.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`[e2e] accepted report screenshot: ${shot}`);
  });

  it('reopens the accepted table when the reporter asks and the office approves', async () => {
    await page.getByTestId('request-unlock').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '申请解锁' }).click();
    await see(dialog.getByText('请填写申请原因'));
    await dialog.getByLabel('申请原因').fill(UNLOCK_REASON);
    await dialog.getByRole('button', { name: '申请解锁' }).click();
    await see(page.getByText('已提交解锁申请，等待发文单位审批'));
    await see(page.getByTestId('unlock-panel').getByText('解锁申请待审批'));
    expect(await page.getByTestId('request-unlock').count()).toBe(0);
    await logout(page);

    await login(REVIEWER);
    await page.goto(`${server.baseUrl}${reportPath}`);
    await see(page.getByTestId('unlock-panel').getByText(UNLOCK_REASON, { exact: false }));
    await page.getByTestId('unlock-panel').getByRole('button', { name: '批准解锁' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '批准解锁' }).click();
    await see(page.getByText('已批准，报表已退回给填报单位'));
    await see(status().getByText('已退回'));
    await logout(page);

    await login(REPORTER);
    await openMyReport('已退回');
    await see(page.getByTestId('return-reason').getByText(UNLOCK_REASON, { exact: false }));
    expect(await cell('enf_goods_value').inputValue()).toBe('1.5');
  });
});
