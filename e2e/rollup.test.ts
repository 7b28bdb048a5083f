import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiSession } from './support/api-session.ts';
import { fillLogin, see } from './support/page-actions.ts';
import { E2E_DEMO_PASSWORD, type TestServer } from './support/server.ts';
import { browserJourney } from './support/journey.ts';

// Issue D: the Tibet office opens the demo campaign's roll-up, sees the totals with their completeness,
// downloads the printed .xlsx (re-read here) and drills down into a prefecture's column.
const REVIEWER = 'tibet-reviewer';
const DOC = '藏质标办〔2024〕2号';
const OFFICE = '西藏自治区市场监督管理局';
const PREFECTURE = '拉萨市市场监督管理局';
const ASSOCIATION = '西藏自治区质量协会';

let server: TestServer;
let page: Page;
let noticeId = 0;
let expected: {
  total: { values: number[]; covered: number; expected: number };
  form: { indicators: { code: string; label: string }[] };
};

describe('roll-up of the demo Tibet campaign', () => {
  browserJourney('rollup', async (j) => {
    ({ server, page } = j);
    const office = await ApiSession.login(server.baseUrl, REVIEWER, E2E_DEMO_PASSWORD);
    const outbox = await office.call<{ items: { id: number; docNumber: string | null }[] }>(
      'GET',
      '/api/notices/outbox',
    );
    noticeId = outbox.items.find((n) => n.docNumber === DOC)?.id ?? 0;
    if (!noticeId) throw new Error(`demo data has no ${DOC}`);
    expected = await office.call('GET', `/api/notices/${noticeId}/rollup`);
  });

  it('shows the totals with completeness beside every column', async () => {
    await fillLogin(page, server.baseUrl, REVIEWER, E2E_DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto(`${server.baseUrl}/notices/${noticeId}/rollup`);
    const table = page.getByTestId('rollup-table');
    await see(table.getByText('合计'));
    await see(table.getByText(`已报 ${expected.total.covered}/${expected.total.expected}`));
    await see(table.getByText('宣传活动'));
    await see(table.getByText(ASSOCIATION));
    const pub = expected.form.indicators.findIndex((i) => i.code === 'pub_events');
    const row = table
      .getByRole('row')
      .filter({ hasText: expected.form.indicators[pub]?.label ?? '' })
      .first();
    expect(await row.innerText()).toContain((expected.total.values[pub] ?? 0).toLocaleString('zh-CN'));
    await see(page.getByRole('img', { name: '填报完成情况' }));
  });

  it('downloads the roll-up as .xlsx with the label and the total', async () => {
    // Above 12 units the default is units as rows; the indicators-as-rows table is in the menu beside it.
    expect(await page.getByRole('link', { name: /导出 Excel/ }).getAttribute('href')).toContain('layout=units');
    await page.getByRole('button', { name: '选择 Excel 版式' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /指标为行/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${OFFICE}-2024年“质量月”活动统计表-汇总.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(await download.path()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no sheet');
    const header = ws.getRow(3).values as unknown[];
    const totalCol = header.indexOf('合计');
    expect(totalCol).toBeGreaterThan(0);
    let pubRow = 0;
    ws.eachRow((r, n) => {
      if ((r.values as unknown[]).some((v) => typeof v === 'string' && v.startsWith('组织活动次数'))) pubRow = n;
    });
    expect(pubRow).toBeGreaterThan(0);
    const pub = expected.form.indicators.findIndex((i) => i.code === 'pub_events');
    expect(ws.getRow(pubRow).getCell(totalCol).value).toBe(expected.total.values[pub]);
  });

  it('drills down into a prefecture by its column, and back', async () => {
    // By region: the prefecture's column opens its counties, with a breadcrumb back to all regions.
    await page.getByRole('combobox', { name: '分列方式' }).click();
    await page.locator('.ant-select-dropdown').getByText('按地市', { exact: true }).click();
    await page.waitForURL(/by=prefecture/);
    // The association is a child, not a region: once its column is gone the prefectures are on screen.
    await page.getByTestId('rollup-table').getByText(ASSOCIATION).first().waitFor({ state: 'detached' });
    await page.getByTestId('rollup-table').getByRole('link', { name: PREFECTURE }).click();
    await page.waitForURL(/by=county.*region=\d+|region=\d+.*by=county/);
    const crumbs = page.getByTestId('rollup-region-breadcrumb');
    await see(crumbs.getByText(PREFECTURE));
    await crumbs.getByRole('link', { name: '全部地区' }).click();
    await page.waitForURL((url) => !url.search.includes('region='));
    // By child unit: the prefecture's column opens what it reported.
    await page.goto(`${server.baseUrl}/notices/${noticeId}/rollup`);
    await page.getByTestId('rollup-table').getByRole('link', { name: PREFECTURE }).click();
    await page.waitForURL(/\/notices\/\d+\/(report\/\d+|rollup\?.*trail=)/);
    await see(page.getByText(PREFECTURE));
  });
});
