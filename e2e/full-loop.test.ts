import os from 'node:os';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fillLogin, logout, see, typeDate } from './support/page-actions.ts';
import { E2E_DEMO_PASSWORD, type TestServer } from './support/server.ts';
import { browserJourney } from './support/journey.ts';

// Issue F: the whole campaign through the UI from the demo's live campaign, nothing created through the API.
// The national office issues a notice with the statistics table; Tibet signs and issues its plan with an earlier
// deadline; the association fills in with the keyboard and submits; Tibet, led by its 待审核 to-do, returns it; the
// association fixes and resubmits; Tibet accepts; Tibet's and the national roll-ups show the figures and the
// national completeness shows Tibet's branch. Then the form-less path: the national office asks for a summary and
// photos only; Tibet writes, uploads and submits; the national office sees it submitted and reads it.
const TIBET = '西藏自治区市场监督管理局';
const ASSOCIATION = '西藏自治区质量协会';
const NATIONAL_TITLE = '关于报送全国“质量月”活动统计数据的通知';
const PLAN_TITLE = '关于报送全区“质量月”活动统计数据的通知';
const FORMLESS_TITLE = '关于报送“质量月”活动总结和图片的通知';
const RETURN_REASON = '组织活动次数与群众参加人次不相称，请核实';
const SUMMARY = '西藏自治区开展了质量宣传、计量惠民和执法打假活动。';

let server: TestServer;
let page: Page;

async function login(username: string): Promise<void> {
  await fillLogin(page, server.baseUrl, username, E2E_DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname === '/');
}

const cell = (code: string) => page.getByTestId(`cell-${code}`);
const status = () => page.locator('.ant-card-head').getByTestId('report-status');

/** Ticks a recipient in the picker's tree, scrolling it as a person would (the tree renders only what is in view). */
async function checkRecipient(name: string): Promise<void> {
  const tree = page.getByTestId('recipient-tree');
  const node = tree.locator('.ant-tree-treenode').filter({ hasText: name }).first();
  await tree.hover();
  for (let i = 0; i < 40 && (await node.count()) === 0; i++) await page.mouse.wheel(0, 240);
  await node.locator('.ant-tree-checkbox').click();
}

async function issueFromForm(): Promise<void> {
  await page.getByRole('button', { name: '保存草稿' }).click();
  await page.waitForURL(/\/notices\/\d+\/edit$/);
  await see(page.getByText('草稿已保存'));
  await page.getByTestId('notice-form').getByRole('button', { name: '印发', exact: true }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '印发', exact: true }).click();
  await page.waitForURL(/\/notices\/\d+$/);
  await see(page.getByText('通知已印发'));
}

async function newNotice(title: string, deadline: string, reports: string[]): Promise<void> {
  await page.getByRole('menuitem', { name: '通知与任务' }).click();
  await page.locator('.ant-card-extra').getByRole('button', { name: '发文' }).click();
  await page.waitForURL(/\/notices\/new$/);
  await page.getByLabel('标题', { exact: true }).fill(title);
  await typeDate(page, '截止日期', deadline);
  for (const r of reports) await page.getByLabel(r, { exact: true }).check();
}

async function submitReport(): Promise<void> {
  await page.getByTestId('submit-report').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '提交' }).click();
  await see(status().getByText('已提交'));
}

async function openFromTodo(card: string, text: string): Promise<void> {
  await page.getByRole('menuitem', { name: '工作台' }).click();
  const todo = page.getByTestId(card);
  await see(todo.getByText(text));
  await todo
    .getByRole('link', { name: new RegExp(text) })
    .first()
    .click();
}

describe('the whole campaign through the UI', () => {
  browserJourney('full-loop', async (j) => {
    ({ server, page } = j);
  });

  it('the national office issues a notice with the statistics table, preselected and previewed', async () => {
    await login('national-reviewer');
    await newNotice(NATIONAL_TITLE, '2099-10-20', ['活动总结', '统计表']);
    // Ticking 统计表 preselects the built-in table; the preview shows it as printed.
    await see(page.getByTestId('form-picker').getByText(/“质量月”活动统计表|质量月/));
    await page.getByRole('button', { name: '按印刷样式预览' }).click();
    await see(page.getByRole('dialog').getByText('领导参与情况'));
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await checkRecipient(TIBET);
    await see(page.getByText('已选 1 个单位'));
    await issueFromForm();
    await see(page.getByText('2099-10-20'));
    await logout(page);
  });

  it('Tibet signs it and issues its plan to the association with an earlier deadline, keeping the table', async () => {
    await login('tibet-reviewer');
    await openFromTodo('todo-sign', NATIONAL_TITLE);
    await see(page.getByTestId('notice-title').filter({ hasText: NATIONAL_TITLE }));
    await page.getByRole('button', { name: '签收', exact: true }).click();
    await see(page.getByText(/本单位已于 .+ 签收/));
    await page.getByRole('button', { name: '印发实施方案' }).click();
    await page.waitForURL(/\/forward\?kind=plan$/);
    await page.getByLabel('标题', { exact: true }).fill(PLAN_TITLE);
    await typeDate(page, '截止日期', '2099-10-15');
    // The parent's table is kept.
    await see(page.getByTestId('form-picker'));
    await checkRecipient(ASSOCIATION);
    await issueFromForm();
    await logout(page);
  });

  it('the association fills in with the keyboard and submits', async () => {
    await login('tibet-assoc-reporter');
    await openFromTodo('todo-report', PLAN_TITLE);
    await page.waitForURL(/\/notices\/\d+\/report\/\d+$/);
    await see(page.getByTestId('required-parts').getByText('统计表'));
    await cell('pub_events').click();
    for (const v of ['2', '9000', '3', '40']) {
      await page.keyboard.type(v);
      await page.keyboard.press('Tab');
    }
    await page.getByLabel('活动总结', { exact: true }).fill('组织会员企业开展质量提升活动。');
    await see(page.getByTestId('save-state').getByText(/已保存/));
    await submitReport();
    await logout(page);
  });

  it('Tibet is led to it by 待审核 and returns it with a reason', async () => {
    await login('tibet-reviewer');
    await see(page.getByTestId('menu-review').locator('.ant-badge'));
    await openFromTodo('todo-review', ASSOCIATION);
    await page.waitForURL(/\/notices\/\d+\/report\/\d+$/);
    await see(status().getByText('已提交'));
    await page.getByTestId('review-actions').getByRole('button', { name: '退回' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('退回原因').fill(RETURN_REASON);
    await dialog.getByRole('button', { name: '退回' }).click();
    await see(status().getByText('已退回'));
    await logout(page);
  });

  it('the association fixes and resubmits; Tibet sees the change and accepts', async () => {
    await login('tibet-assoc-reporter');
    await openFromTodo('todo-report', PLAN_TITLE);
    await see(page.getByTestId('return-reason').getByText(RETURN_REASON));
    await cell('pub_attendance').fill('900');
    await see(page.getByTestId('save-state').getByText(/已保存/));
    await submitReport();
    await logout(page);

    await login('tibet-reviewer');
    await openFromTodo('todo-review', ASSOCIATION);
    await see(page.getByTestId('changed-note'));
    await page.getByTestId('review-actions').getByRole('button', { name: '审核通过' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '审核通过' }).click();
    await see(page.getByTestId('accepted-info'));
    await logout(page);
  });

  it("Tibet's and the national roll-ups show the figures; the national completeness shows Tibet's branch", async () => {
    await login('tibet-reviewer');
    await page.getByRole('menuitem', { name: '审核与汇总' }).click();
    await page
      .getByTestId('review-table')
      .getByRole('row')
      .filter({ hasText: PLAN_TITLE })
      .getByRole('link', { name: '汇总' })
      .click();
    await see(page.getByTestId('rollup-table').getByText(ASSOCIATION));
    expect(await page.getByTestId('rollup-table').innerText()).toContain('900');
    await logout(page);

    await login('national-reviewer');
    await page.getByRole('menuitem', { name: '审核与汇总' }).click();
    const row = page.getByTestId('review-table').getByRole('row').filter({ hasText: NATIONAL_TITLE });
    await row.getByRole('link', { name: '汇总' }).click();
    await see(page.getByTestId('rollup-table').getByText(TIBET));
    expect(await page.getByTestId('rollup-table').innerText()).toContain('900');
    await page.getByRole('menuitem', { name: '审核与汇总' }).click();
    await row.getByRole('link', { name: '填报情况' }).click();
    const tibetRow = page.getByTestId('completeness-table').getByRole('row').filter({ hasText: TIBET });
    await see(tibetRow.getByText('签收 1/1'));
    expect(await tibetRow.innerText()).toContain('已报 1/1');
    await logout(page);
  });

  it('form-less: the national office asks for a summary and photos; Tibet writes, uploads and submits; read at the top', async () => {
    await login('national-reviewer');
    await newNotice(FORMLESS_TITLE, '2099-10-25', ['活动总结', '图片']);
    await checkRecipient(TIBET);
    await issueFromForm();
    await logout(page);

    await login('tibet-reporter');
    await openFromTodo('todo-report', FORMLESS_TITLE);
    await page.waitForURL(/\/notices\/\d+\/report\/\d+$/);
    await see(page.getByTestId('report-title').getByText(FORMLESS_TITLE));
    expect(await page.getByTestId('stats-table').count()).toBe(0);
    await page.getByLabel('活动总结', { exact: true }).fill(SUMMARY);
    await see(page.getByTestId('save-state').getByText(/已保存/));
    // Submitting without the photo names what is missing.
    await page.getByTestId('submit-report').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '提交' }).click();
    await see(page.getByText('还缺少通知要求报送的材料：图片，补齐后再提交'));
    const photo = path.join(os.tmpdir(), `qm-e2e-tibet-${process.pid}.jpg`);
    writeFileSync(
      photo,
      await sharp({ create: { width: 320, height: 240, channels: 3, background: '#b03a2f' } })
        .jpeg()
        .toBuffer(),
    );
    const photos = page.getByTestId('report-photos');
    await photos.locator('input[type=file]').setInputFiles(photo);
    await see(photos.getByTestId('attachment-card'));
    await submitReport();
    await logout(page);

    await login('national-reviewer');
    await page.getByRole('menuitem', { name: '审核与汇总' }).click();
    await page
      .getByTestId('review-table')
      .getByRole('row')
      .filter({ hasText: FORMLESS_TITLE })
      .getByRole('link', { name: '填报情况' })
      .click();
    await see(page.getByTestId('completeness-table').getByText('已提交', { exact: true }));
    await page.getByTestId('completeness-table').getByRole('link', { name: TIBET }).click();
    await page.waitForURL(/\/notices\/\d+\/report\/\d+$/);
    await see(page.getByText(SUMMARY));
    await see(page.getByTestId('report-photos').getByTestId('attachment-card'));
    await logout(page);
  });
});
