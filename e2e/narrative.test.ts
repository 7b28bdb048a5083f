import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fillLogin, logout, see, typeDate } from './support/page-actions.ts';
import { E2E_DEMO_PASSWORD, type TestServer } from './support/server.ts';
import { browserJourney } from './support/journey.ts';
import { issueTibetNotice, TIBET } from './support/tibet-notice.ts';

// Issue 5 §4–5: beside its statistics table a unit registers the activities it ran, writes a typical case
// and dated progress reports (each form refuses what is missing or a date outside the campaign's year, in
// Chinese; a delete asks first). Once the report is submitted the unit can no longer change them, and the
// issuing office recommends the case upward.
const { reviewer: REVIEWER, reporter: REPORTER } = TIBET;
const NOTICE_TITLE = '关于开展2099年全区“质量月”活动的通知';
const ACTIVITY = '“质量开放日”走进拉萨经开区';
const CASE_TITLE = '计量惠民助力牦牛肉加工企业提质';
const PROGRESS = '已组织会员企业开展质量诊断12次';

let server: TestServer;
let page: Page;
let reportUrl = '';

async function openReportAs(username: string): Promise<void> {
  await fillLogin(page, server.baseUrl, username, E2E_DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname === '/');
  await page.goto(reportUrl);
  await see(page.getByTestId('narrative-section'));
}

const section = () => page.getByTestId('narrative-section');
const dialog = () => page.getByRole('dialog');
const tab = (name: string) => section().getByRole('tab', { name });

describe('activities, typical cases and progress reports', () => {
  browserJourney('narrative', async (j) => {
    ({ server, page } = j);
    const { noticeId, associationId } = await issueTibetNotice(server.baseUrl, {
      title: NOTICE_TITLE,
      requiredReports: ['统计表', '典型案例'],
    });
    reportUrl = `${server.baseUrl}/notices/${noticeId}/report/${associationId}`;
  });

  it('lets the unit register an activity, with the photo upload offered once it is saved', async () => {
    await openReportAs(REPORTER);
    await see(section().getByText('尚未登记活动'));
    await section().getByTestId('add-activity').click();
    await dialog().getByRole('button', { name: '保存' }).click();
    await see(dialog().getByText('请填写活动名称'));
    await dialog().getByLabel('活动名称').fill(ACTIVITY);
    await dialog().getByLabel('地点').fill('拉萨经济技术开发区');
    await dialog().getByLabel('参与人数（人次）').fill('350');
    await dialog().getByRole('button', { name: '保存' }).click();
    // A new activity stays open so that its photos can be added straight away.
    await see(page.getByText('活动已登记，可在下方上传活动照片'));
    await see(dialog().getByText('修改活动'));
    await dialog().getByRole('button', { name: '取消' }).click();
    const row = section().getByTestId('activities-panel').getByRole('row').filter({ hasText: ACTIVITY });
    await see(row);
    expect(await row.innerText()).toContain('350');
  });

  it('takes a typical case typed with the keyboard, refusing it without a title', async () => {
    await tab('典型案例').click();
    await see(section().getByText('尚未填报典型案例。'));
    await section().getByTestId('add-case').click();
    await dialog().getByLabel('案例正文').fill('协会联合计量所上门检定衡器，帮助企业建立计量台账。');
    await dialog().getByRole('button', { name: '保存' }).click();
    await see(dialog().getByText('请填写案例标题'));
    await dialog().getByLabel('案例标题').fill(CASE_TITLE);
    await dialog().getByRole('button', { name: '保存' }).click();
    const card = section().getByTestId('case-card');
    await see(card.getByText(CASE_TITLE));
    expect(await card.innerText()).toContain('帮助企业建立计量台账');
  });

  it('takes dated progress reports, needs at least one part filled in, and asks before deleting one', async () => {
    await tab('进展情况').click();
    await see(section().getByText('尚未填报进展情况'));
    await section().getByTestId('add-progress').click();
    await dialog().getByRole('button', { name: '保存' }).click();
    await see(dialog().getByText('请至少填写一项内容'));
    // The date defaults to today; this campaign is 2099's, and a date outside its year is refused.
    await dialog().getByLabel('进展情况', { exact: true }).fill(PROGRESS);
    await dialog().getByRole('button', { name: '保存' }).click();
    await see(dialog().getByText('报告日期应在活动年度及其前后一年内'));
    await typeDate(dialog(), '报告日期', '2099-09-15');
    await dialog().getByLabel('存在问题').fill('偏远县区企业参与不足');
    await dialog().getByRole('button', { name: '保存' }).click();
    const panel = section().getByTestId('progress-panel');
    await see(panel.getByText(PROGRESS));
    expect(await panel.innerText()).toContain('2099-09-15');
    expect(await panel.innerText()).toContain('偏远县区企业参与不足');

    await panel.getByRole('button', { name: '删除' }).click();
    await see(page.locator('.ant-popconfirm').getByText('删除后不可恢复'));
    await page.locator('.ant-popconfirm').getByRole('button', { name: '删除' }).click();
    await see(panel.getByText('尚未填报进展情况'));
    expect(await panel.getByText(PROGRESS).count()).toBe(0);
  });

  it('locks them once the report is submitted', async () => {
    await page.getByTestId('cell-pub_events').click();
    await page.keyboard.type('4');
    await page.keyboard.press('Tab');
    await see(page.getByTestId('save-state').getByText(/已保存 \d\d:\d\d:\d\d/));
    await page.getByTestId('submit-report').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '提交' }).click();
    await see(page.locator('.ant-card-head').getByTestId('report-status').getByText('已提交'));
    await tab('典型案例').click();
    await see(section().getByTestId('case-card').getByText(CASE_TITLE));
    expect(await section().getByTestId('add-case').count()).toBe(0);
    expect(await section().getByTestId('case-card').getByRole('button', { name: '修改' }).count()).toBe(0);
    await logout(page);
  });

  it('lets the issuing office see them and recommend the case upward', async () => {
    await openReportAs(REVIEWER);
    const activity = section().getByTestId('activities-panel').getByRole('row').filter({ hasText: ACTIVITY });
    await see(activity);
    await tab('典型案例').click();
    const card = section().getByTestId('case-card');
    await see(card.getByText(CASE_TITLE));
    await card.getByRole('switch', { name: '推荐上报' }).click();
    await see(page.locator('.ant-message').getByText('已推荐上报'));
    await see(card.locator('.ant-tag').getByText('已推荐上报'));
    expect(await card.getByRole('switch', { name: '推荐上报' }).getAttribute('aria-checked')).toBe('true');
  });
});
