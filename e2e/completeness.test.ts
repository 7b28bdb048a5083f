import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiSession } from './support/api-session.ts';
import { fillLogin, see } from './support/page-actions.ts';
import { E2E_DEMO_PASSWORD, type TestServer } from './support/server.ts';
import { browserJourney } from './support/journey.ts';

// Issue C §8: the national office follows a notice whose deadline has passed down the cascade: its own
// recipients, the Tibet office's forwarded notice below, the 逾期榜 across both, and whom to call.
const TIBET = '西藏自治区市场监督管理局';
const SICHUAN = '四川省市场监督管理局';
const LHASA = '拉萨市市场监督管理局';
const SHIGATSE = '日喀则市市场监督管理局';

let server: TestServer;
let page: Page;
let nationalNotice = 0;
let tibetNotice = 0;

/** The calendar date `n` days before today in Beijing. */
function daysAgo(n: number): string {
  const beijing = new Date(Date.now() + 8 * 3600_000);
  beijing.setUTCDate(beijing.getUTCDate() - n);
  return beijing.toISOString().slice(0, 10);
}

interface Unit {
  id: number;
  name: string;
}

async function prepare(): Promise<void> {
  const national = await ApiSession.login(server.baseUrl, 'national-reviewer', E2E_DEMO_PASSWORD);
  const provinces = (await national.call<{ items: Unit[] }>('GET', `/api/units?parentId=${national.user.unitId}`))
    .items;
  const unit = (list: Unit[], name: string): number => list.find((u) => u.name === name)?.id ?? 0;
  const campaign = await national.call<{ id: number }>('POST', '/api/campaigns', {
    ownerUnitId: national.user.unitId,
    year: 2096,
    name: '2096年全国“质量月”',
  });
  const draft = await national.call<{ id: number; version: number }>('POST', '/api/notices', {
    campaignId: campaign.id,
    issuerUnitId: national.user.unitId,
    title: '关于报送2096年质量月活动统计表的通知',
    deadline: daysAgo(3),
    formCode: 'quality-month-2024',
    recipientUnitIds: [unit(provinces, TIBET), unit(provinces, SICHUAN)],
  });
  nationalNotice = (
    await national.call<{ id: number }>('POST', `/api/notices/${draft.id}/issue`, { version: draft.version })
  ).id;

  // Tibet forwards it to two prefectures with an earlier deadline, and reports its own table late.
  const tibet = await ApiSession.login(server.baseUrl, 'tibet-reviewer', E2E_DEMO_PASSWORD);
  const prefectures = (await tibet.call<{ items: Unit[] }>('GET', `/api/units?parentId=${tibet.user.unitId}`)).items;
  const fwd = await tibet.call<{ id: number; version: number }>('POST', `/api/notices/${nationalNotice}/forward`, {
    kind: 'forward',
    docNumber: '藏质标办〔2096〕1号',
    deadline: daysAgo(5),
    recipientUnitIds: [unit(prefectures, LHASA), unit(prefectures, SHIGATSE)],
  });
  tibetNotice = (await tibet.call<{ id: number }>('POST', `/api/notices/${fwd.id}/issue`, { version: fwd.version })).id;
  const saved = await tibet.call<{ id: number; version: number }>(
    'PUT',
    `/api/notices/${nationalNotice}/reports/${tibet.user.unitId}`,
    {
      version: 0,
      figures: Array.from({ length: 31 }, () => 0),
      signature: { reporter: '次仁', reviewer: null, phone: '0891-6000001', date: null },
    },
  );
  await tibet.call('POST', `/api/reports/${saved.id}/submit`, { version: saved.version });
}

describe('填报情况 and the 逾期榜 along a cascade', () => {
  browserJourney('completeness', async (j) => {
    ({ server, page } = j);
    await prepare();
  });

  it('shows the recipients, the whole cascade, and the notice a recipient forwarded', async () => {
    await fillLogin(page, server.baseUrl, 'national-reviewer', E2E_DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto(`${server.baseUrl}/notices/${nationalNotice}/reports`);
    const table = page.getByTestId('completeness-table');
    const tibetRow = table.getByRole('row').filter({ hasText: TIBET });
    await see(tibetRow.getByText('逾期提交'));
    await see(table.getByRole('row').filter({ hasText: SICHUAN }).getByText('逾期 3 天'));
    await see(page.getByTestId('cascade-line').getByText('整个下发链（2 份通知）：应报 4，已报 1，逾期未报 3'));
    await see(tibetRow.getByRole('link', { name: /藏质标办〔2096〕1号\s*签收 0\/2\s*已报 0\/2\s*逾期未报 2/ }));
  });

  it('gives whom to call for a unit', async () => {
    await page
      .getByTestId('completeness-table')
      .getByRole('row')
      .filter({ hasText: TIBET })
      .getByRole('button', { name: '联系方式' })
      .click();
    const drawer = page.getByRole('dialog').filter({ hasText: `${TIBET} · 联系方式` });
    await see(drawer.getByText('次仁'));
    await see(drawer.getByRole('link', { name: '0891-6000001' }));
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it('ranks the overdue units of the whole cascade on the 逾期榜, the longest first', async () => {
    await page.getByTestId('late-board-tab').click();
    const rows = page.getByTestId('late-board').locator('tbody tr');
    await see(rows.filter({ hasText: TIBET }));
    const texts = await rows.allInnerTexts();
    expect(texts).toHaveLength(4);
    expect(texts.slice(0, 2).every((r) => r.includes('逾期 5 天') && r.includes('藏质标办〔2096〕1号'))).toBe(true);
    expect(texts.slice(0, 2).map((r) => [LHASA, SHIGATSE].find((u) => r.includes(u)))).toEqual(
      expect.arrayContaining([LHASA, SHIGATSE]),
    );
    expect(texts[2]).toContain(SICHUAN);
    expect(texts[2]).toContain('逾期 3 天');
    expect(texts[3]).toContain(TIBET);
    expect(texts[3]).toContain('逾期提交');
    // A unit without any contact on record says where to add one.
    await rows.filter({ hasText: SHIGATSE }).getByRole('button', { name: '联系方式' }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: `${SHIGATSE} · 联系方式` });
    await see(drawer.getByText(/未登记联系方式/));
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it("drills down to the forwarded notice's own recipients", async () => {
    await page.getByRole('tab', { name: /本级收文单位/ }).click();
    await page
      .getByTestId('completeness-table')
      .getByRole('link', { name: /藏质标办〔2096〕1号/ })
      .click();
    await page.waitForURL((url) => url.pathname === `/notices/${tibetNotice}/reports`);
    const table = page.getByTestId('completeness-table');
    await see(table.getByRole('row').filter({ hasText: LHASA }).getByText('逾期 5 天'));
    await see(table.getByRole('row').filter({ hasText: SHIGATSE }).getByText('逾期 5 天'));
  });
});
