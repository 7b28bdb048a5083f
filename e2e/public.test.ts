import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { see } from './support/page-actions.ts';
import type { TestBrowser } from './support/browser.ts';
import type { TestServer } from './support/server.ts';
import { browserJourney } from './support/journey.ts';

// DESIGN.md §1 item 7: a citizen, never logged in, finds the campaign's theme and slogans and the public
// activities near them — on a laptop and on a phone.
let server: TestServer;
let browser: TestBrowser;
let page: Page;

interface ActivityPage {
  total: number;
  items: { title: string; unitName: string }[];
}

async function publicApi<T>(url: string): Promise<T> {
  const res = await fetch(`${server.baseUrl}${url}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

let c2024 = 0;

describe('public side', () => {
  browserJourney('public', (j) => {
    ({ server, browser, page } = j);
  });

  it('shows the theme, slogans and public activities without a login, filtered by city and keyword', async () => {
    // The demo's 2024 campaign marks some activities public (lab open days, free meter checks); the live campaign
    // of this year is the newest, and the visitor chooses 2024.
    const campaigns = await publicApi<{ id: number; year: number }[]>('/api/public/campaigns');
    const year2024 = campaigns.find((c) => c.year === 2024)?.id ?? 0;
    expect(campaigns[0]?.year).toBeGreaterThan(2024);
    c2024 = year2024;
    const all = await publicApi<ActivityPage>(`/api/public/activities?campaignId=${c2024}&pageSize=50`);
    expect(all.total).toBeGreaterThan(0);
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.goto(`${server.baseUrl}/login`);
    await page.getByRole('link', { name: '公众版' }).click();
    await page.waitForURL((url) => url.pathname === '/public');
    expect(await browser.context.cookies()).toEqual([]);
    await see(page.getByTestId('public-theme'));
    await page.goto(`${server.baseUrl}/public?c=${c2024}`);

    await see(page.getByTestId('public-theme'));
    expect(await page.getByTestId('public-theme').innerText()).toBe('加强质量支撑 共建质量强国');
    expect(await page.getByText('活动时间：2024年9月1日至30日').count()).toBe(1);
    expect(await page.getByTestId('public-slogans').locator('li').count()).toBeGreaterThan(0);
    await see(page.getByTestId('public-posters').getByText('暂无海报'));

    const activities = page.getByTestId('public-activities');
    const cards = activities.getByTestId('public-activity');
    await page.getByRole('button', { name: `查找身边的活动（${String(all.total)} 项）` }).click();
    await see(cards);
    await see(activities.getByText(`共 ${String(all.total)} 项`));

    // 西藏自治区 → 拉萨市, typed into the region picker.
    const lhasa = await publicApi<ActivityPage>(
      `/api/public/activities?campaignId=${c2024}&province=540000&prefecture=540100&pageSize=50`,
    );
    expect(lhasa.total).toBeLessThan(all.total);
    await activities.getByLabel('地区').click();
    await page.keyboard.type('拉萨');
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '拉萨市' }).first().click();
    // Wait on what the visitor sees (the count), then on the address it leaves to share.
    await see(activities.getByText(`共 ${String(lhasa.total)} 项`));
    expect(new URL(page.url()).searchParams.get('city')).toBe('540100');
    await see(cards.filter({ hasText: '实验室开放日' }));
    for (const text of await cards.allInnerTexts()) expect(text).toContain('拉萨');

    // A keyword nothing matches: the empty state offers to clear the filters.
    await activities.getByLabel('关键词').fill('没有这样的活动');
    await activities.getByLabel('关键词').press('Enter');
    await see(activities.getByText('没有符合条件的活动'));
    await activities.getByRole('button', { name: '清除筛选' }).click();
    await see(activities.getByText(`共 ${String(all.total)} 项`));
    expect(new URL(page.url()).search).toBe(`?c=${c2024}`);

    await activities.getByLabel('关键词').fill('手机变砝码');
    await activities.getByLabel('关键词').press('Enter');
    await see(activities.getByText('共 1 项'));
    expect(await cards.count()).toBe(1);
    expect(await cards.first().innerText()).toContain('日喀则');
    expect(await cards.first().innerText()).toContain('2024年9月7日至8日');
    const shot = path.join(os.tmpdir(), 'qm-e2e-public.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`[e2e] public page: ${shot}`);
  }, 120_000);

  it('fits a phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/public?c=${c2024}`);
    await see(page.getByTestId('public-activity'));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // One card per row.
    const widths = await page
      .getByTestId('public-activity')
      .evaluateAll((els) => els.slice(0, 2).map((e) => e.getBoundingClientRect().width));
    for (const w of widths) expect(w).toBeGreaterThan(300);
    const shot = path.join(os.tmpdir(), 'qm-e2e-public-phone.png');
    await page.screenshot({ path: shot, fullPage: false });
    console.log(`[e2e] public page on a phone: ${shot}`);
  }, 60_000);
});
