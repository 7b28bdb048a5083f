import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fillLogin, see, typeDate } from './support/page-actions.ts';
import type { TestBrowser } from './support/browser.ts';
import { ApiSession } from './support/api-session.ts';
import { E2E_DEMO_PASSWORD, type TestServer } from './support/server.ts';
import { browserJourney } from './support/journey.ts';

// Issue B §1: the national office sets up the year's campaign (theme, period, slogans), puts up a poster
// the public side shows, copies the campaign into the next year and archives the old one.
let server: TestServer;
let browser: TestBrowser;
let page: Page;

const NAME = '2099年全国“质量月”';

describe('campaigns', () => {
  browserJourney('campaigns', (j) => {
    ({ server, browser, page } = j);
  });

  it('creates a campaign, adds a poster the public side shows, copies it into the next year and archives it', async () => {
    await fillLogin(page, server.baseUrl, 'national-reviewer', E2E_DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('menuitem', { name: '活动管理' }).click();
    await page.waitForURL((url) => url.pathname === '/campaigns');
    const table = page.getByTestId('campaigns-table');
    // The demo campaign is listed with its period.
    await see(table.getByText('2024年全国“质量月”', { exact: false }));

    await page.getByRole('button', { name: '新建活动' }).click();
    const form = page.getByTestId('campaign-form');
    await form.getByLabel('年度').fill('2099');
    await form.getByLabel('活动名称').fill(NAME);
    await form.getByLabel('活动主题').fill('质量筑基 品质向新');
    // Dates typed with the keyboard; an end before the start is refused in place.
    await typeDate(form, '开始日期', '2099-09-30');
    await typeDate(form, '结束日期', '2099-09-01');
    await form.getByLabel('宣传口号').fill('质量第一\n品质生活');
    await page.getByRole('button', { name: '保存' }).click();
    await see(form.getByText('结束日期不能早于开始日期'));
    await typeDate(form, '开始日期', '2099-09-01');
    await typeDate(form, '结束日期', '2099-09-30');
    await page.getByRole('button', { name: '保存' }).click();
    await see(page.getByText(`已创建“${NAME}”`));
    const row = table.locator('tr', { hasText: NAME });
    await see(row);
    expect(await row.innerText()).toContain('2099-09-01 至 2099-09-30');
    expect(await row.innerText()).toContain('进行中');

    // The same name twice is refused with a clear message; nothing else changes.
    await page.getByRole('button', { name: '新建活动' }).click();
    await form.getByLabel('年度').fill('2099');
    await form.getByLabel('活动名称').fill(NAME);
    await page.getByRole('button', { name: '保存' }).click();
    await see(page.getByTestId('campaign-form-error'));
    expect(await page.getByTestId('campaign-form-error').innerText()).toContain(`已有名为“${NAME}”的活动`);
    await page.getByRole('button', { name: '取消' }).click();

    // A poster, uploaded and then shown on the public side.
    await row.getByRole('button', { name: '海报与资料' }).click();
    const posters = page.getByTestId('campaign-posters');
    const poster = path.join(os.tmpdir(), `qm-e2e-海报-${process.pid}.jpg`);
    writeFileSync(
      poster,
      await sharp({ create: { width: 600, height: 800, channels: 3, background: '#c0392b' } })
        .jpeg()
        .toBuffer(),
    );
    await posters.locator('input[type=file]').setInputFiles(poster);
    await see(page.getByText(/已上传“qm-e2e-海报-\d+\.jpg”/));
    await see(posters.locator('img'));
    await page.keyboard.press('Escape');

    // The public side shows a campaign once a notice in it is issued.
    const national = await ApiSession.login(server.baseUrl, 'national-reviewer', E2E_DEMO_PASSWORD);
    const campaignId = (
      await national.call<{ items: { id: number; name: string }[] }>('GET', '/api/campaigns')
    ).items.find((c) => c.name === NAME)?.id;
    const provinces = (
      await national.call<{ items: { id: number }[] }>('GET', `/api/units?parentId=${national.user.unitId}`)
    ).items;
    const draft = await national.call<{ id: number; version: number }>('POST', '/api/notices', {
      campaignId,
      issuerUnitId: national.user.unitId,
      title: '关于开展2099年全国“质量月”活动的通知',
      recipientUnitIds: provinces.slice(0, 2).map((u) => u.id),
    });
    await national.call('POST', `/api/notices/${draft.id}/issue`, { version: draft.version });

    const publicPage = await browser.context.newPage();
    await publicPage.goto(`${server.baseUrl}/public`);
    await see(publicPage.getByTestId('public-theme'));
    expect(await publicPage.getByTestId('public-theme').innerText()).toBe('质量筑基 品质向新');
    await see(publicPage.getByTestId('public-posters').locator('img'));
    expect(await publicPage.getByTestId('public-slogans').innerText()).toContain('品质生活');
    await publicPage.close();

    // Copied into 2100: the name follows the year.
    await row.getByRole('button', { name: '复制为新一年' }).click();
    const dialog = page.locator('.ant-modal');
    expect(await dialog.getByLabel('活动名称').inputValue()).toBe('2100年全国“质量月”');
    await dialog.locator('.ant-modal-footer').getByRole('button', { name: '复制为新一年' }).click();
    // The notice issued above comes along as a draft skeleton.
    await see(page.getByText(/已创建“2100年全国“质量月””，复制了 1 份通知草稿/));
    await see(table.locator('tr', { hasText: '2100年全国“质量月”' }));
    // The dialog fades out and the list refetches: act on the page once both are done.
    await dialog.waitFor({ state: 'hidden' });

    // Archived after a confirmation: marked, and no longer editable.
    await row.getByRole('button', { name: '归档' }).click();
    const confirm = page.locator('.ant-popconfirm').filter({ hasText: `归档“${NAME}”？` });
    await see(confirm);
    await confirm.getByRole('button', { name: '确定' }).click();
    await see(page.getByText(`已归档“${NAME}”`));
    await see(row.getByText('已归档', { exact: true }));
    expect(await row.getByRole('button', { name: '编辑' }).count()).toBe(0);
    await see(row.getByRole('button', { name: '恢复' }));
  }, 120_000);
});
