import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertActivitiesBulk } from '../db/repositories/activity.repository.ts';
import { insertCampaign, insertNotice } from '../db/repositories/notice.repository.ts';
import { regionNames } from '../services/public.service.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';

// The public side: no session at all, only public activities of issued notices, filters by region and date.
let t: TestApp;
let demoCampaignId = 0;
let lhasaId = 0;

interface Campaign {
  id: number;
  year: number;
  name: string;
  theme: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  slogans: string[];
  posters: unknown[];
  activityCount: number;
}
interface Activity {
  id: number;
  title: string;
  startOn: string | null;
  endOn: string | null;
  region: string | null;
  unitName: string;
  description: string | null;
}
interface Page {
  campaignId: number;
  items: Activity[];
  total: number;
  page: number;
  pageSize: number;
}

/** A request from a citizen: no cookie, no CSRF token. */
const get = (url: string): Promise<LightMyRequestResponse> =>
  t.app.inject({ method: 'GET', url, remoteAddress: '10.99.0.1' });
const activities = async (query: string): Promise<Page> => {
  const res = await get(`/api/public/activities${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Page>();
};
const one = async <T>(query: string): Promise<T> => (await t.database.db.execute(sql.raw(query))).rows[0] as T;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  demoCampaignId = (await one<{ id: number }>(`select id from campaigns where year = 2024 order by id limit 1`)).id;
  lhasaId = (await one<{ id: number }>(`select id from units where division_code = '540100'`)).id;
  const tibetNotice = (await one<{ id: number }>(`select id from notices where doc_number = '藏质标办〔2024〕2号'`)).id;
  // Beside the demo activities: one not public, one public with HTML in its description.
  await insertActivitiesBulk(db, [
    {
      noticeId: tibetNotice,
      unitId: lhasaId,
      title: '内部业务培训会（不公开）',
      region: '拉萨',
      startOn: '2024-09-12',
      isPublic: false,
      description: '内部',
    },
    {
      noticeId: tibetNotice,
      unitId: lhasaId,
      title: '拉萨市民质量讲堂',
      region: '拉萨',
      place: '拉萨市群众文化体育中心',
      startOn: '2024-09-28',
      isPublic: true,
      participants: 99,
      description: '<p>免费参加</p><p>欢迎&amp;市民</p>',
    },
  ]);
  // A newer campaign with only a draft notice: never public, nor its activities.
  const draftCampaign = await insertCampaign(db, {
    year: 2100,
    name: '2100年质量月（筹备）',
    theme: '不应公开',
    ownerUnitId: 1,
  });
  const draft = await insertNotice(db, {
    campaignId: draftCampaign.id,
    kind: 'notice',
    status: 'draft',
    issuerUnitId: 1,
    issuerName: '国家市场监督管理总局',
    title: '筹备中的通知',
  });
  await insertActivitiesBulk(db, [
    { noticeId: draft.id, unitId: lhasaId, title: '草稿通知下的公开活动', startOn: '2100-09-01', isPublic: true },
  ]);
});
afterAll(async () => {
  await t.dispose();
});

describe('public campaigns', () => {
  it('lists campaigns with an issued notice, newest first, without a session; the archived demo campaign included', async () => {
    const res = await get('/api/public/campaigns');
    expect(res.statusCode).toBe(200);
    const list = res.json<{ id: number; year: number; name: string }[]>();
    expect(list[0]).toEqual({ id: demoCampaignId, year: 2024, name: '2024年全国“质量月”' });
    expect(list.some((c) => c.year === 2100)).toBe(false);
    expect(
      (await one<{ archived: boolean }>(`select archived from campaigns where id = ${demoCampaignId}`)).archived,
    ).toBe(true);
  });

  it('shows the theme, period, slogans and posters of the latest campaign or one by id', async () => {
    const latest = (await get('/api/public/campaigns/latest')).json<Campaign>();
    expect(latest).toMatchObject({
      id: demoCampaignId,
      theme: '加强质量支撑 共建质量强国',
      periodStart: '2024-09-01',
      periodEnd: '2024-09-30',
    });
    expect(latest.slogans.length).toBeGreaterThan(0);
    expect(Array.isArray(latest.posters)).toBe(true);
    expect(latest.activityCount).toBe(
      Number(
        (
          await one<{ n: number }>(
            `select count(*) n from activities a join notices n on n.id = a.notice_id where a.is_public and n.campaign_id = ${demoCampaignId}`,
          )
        ).n,
      ),
    );
    expect((await get(`/api/public/campaigns/${demoCampaignId}`)).json<Campaign>()).toEqual(latest);
    const draftOnly = await one<{ id: number }>(`select id from campaigns where year = 2100`);
    const hidden = await get(`/api/public/campaigns/${draftOnly.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toMatchObject({ error: { code: 'CAMPAIGN_NOT_FOUND' } });
  });

  it('lists a poster of the campaign with its public address, and only posters', async () => {
    const db = t.database.db;
    await db.execute(sql`insert into files (id, storage_key, original_name, mime_type, kind, size, width, height, owner_unit_id)
      values ('public-test-poster', 'x/poster', 'poster.png', 'image/png', 'image', 10, 800, 1200, 1), ('public-test-doc', 'x/doc', 'plan.pdf', 'application/pdf', 'document', 10, null, null, 1)`);
    await db.execute(sql`insert into attachments (owner_type, owner_id, role, file_id, caption) values
      ('campaign', ${demoCampaignId}, 'poster', 'public-test-poster', '质量月主题海报'), ('campaign', ${demoCampaignId}, 'file', 'public-test-doc', '内部文件')`);
    const c = (await get('/api/public/campaigns/latest')).json<Campaign>();
    const posterId = (await one<{ id: number }>(`select id from attachments where file_id = 'public-test-poster'`)).id;
    expect(c.posters).toEqual([
      {
        id: posterId,
        caption: '质量月主题海报',
        width: 800,
        height: 1200,
        url: `/api/public/posters/${posterId}`,
        thumbUrl: `/api/public/posters/${posterId}?thumb=1`,
      },
    ]);
  });
});

describe('public activities', () => {
  it('lists only public activities, with public fields only, from the latest campaign by default', async () => {
    const page = await activities('?pageSize=50');
    expect(page.campaignId).toBe(demoCampaignId);
    const expected = Number(
      (
        await one<{ n: number }>(
          `select count(*) n from activities a join notices n on n.id = a.notice_id where a.is_public and n.campaign_id = ${demoCampaignId}`,
        )
      ).n,
    );
    expect(page.total).toBe(expected);
    expect(page.total).toBeGreaterThanOrEqual(15);
    const publicIds = new Set(
      (await t.database.db.execute(sql`select id from activities where is_public`)).rows.map((r) =>
        Number((r as { id: number }).id),
      ),
    );
    for (const a of page.items) expect(publicIds.has(a.id)).toBe(true);
    expect(page.items.map((a) => a.title)).not.toContain('内部业务培训会（不公开）');
    const talk = page.items.find((a) => a.title === '拉萨市民质量讲堂');
    expect(talk).toBeDefined();
    expect(Object.keys(talk ?? {}).sort()).toEqual([
      'audience',
      'category',
      'description',
      'endOn',
      'id',
      'organiser',
      'place',
      'region',
      'startOn',
      'title',
      'unitName',
    ]);
    expect(talk?.description).toBe('免费参加\n欢迎&市民');
    expect(talk?.unitName).toBe('拉萨市市场监督管理局');
    // Sorted by date.
    const dates = page.items.map((a) => a.startOn ?? '9999');
    expect([...dates].sort()).toEqual(dates);
  });

  it('never shows a non-public activity or one under a draft notice, whatever the filter', async () => {
    expect((await activities('?q=内部业务培训会')).total).toBe(0);
    const draftCampaign = await one<{ id: number }>(`select id from campaigns where year = 2100`);
    const res = await get(`/api/public/activities?campaignId=${draftCampaign.id}`);
    expect(res.statusCode).toBe(404);
    expect((await activities('?q=草稿通知下的公开活动')).total).toBe(0);
    expect((await get('/api/public/activities?campaignId=999999')).statusCode).toBe(404);
  });

  it('filters by province (the unit tree or the region text), by city, by date range and keyword', async () => {
    const tibet = await activities('?province=540000&pageSize=50');
    expect(tibet.items.map((a) => a.title)).toEqual(
      expect.arrayContaining([expect.stringContaining('实验室开放日'), expect.stringContaining('手机变砝码')]),
    );
    const tibetUnits = new Set(
      (
        await t.database.db.execute(
          sql`select name from units where path like (select path from units where division_code = '540000') || '%'`,
        )
      ).rows.map((r) => (r as { name: string }).name),
    );
    for (const a of tibet.items) expect(tibetUnits.has(a.unitName) || (a.region ?? '').includes('西藏')).toBe(true);

    const sichuan = await activities('?province=510000&pageSize=50');
    expect(sichuan.total).toBeGreaterThan(0);
    expect(sichuan.items.some((a) => a.unitName.startsWith('南充'))).toBe(true);
    expect(sichuan.items.some((a) => tibetUnits.has(a.unitName))).toBe(false);

    const lhasa = await activities('?province=540000&prefecture=540100&pageSize=50');
    expect(lhasa.items.length).toBeGreaterThanOrEqual(2);
    for (const a of lhasa.items) expect(a.unitName.startsWith('拉萨') || (a.region ?? '').includes('拉萨')).toBe(true);
    expect(lhasa.items.some((a) => a.unitName.startsWith('日喀则'))).toBe(false);

    // Overlapping the day: 山南 on the 20th and 山东's month-long free checks (5th–30th); not 拉萨 on the 12th.
    const day = await activities('?from=2024-09-20&to=2024-09-20&pageSize=50');
    for (const a of day.items) {
      expect(a.startOn && a.startOn <= '2024-09-20').toBeTruthy();
      expect((a.endOn ?? a.startOn ?? '') >= '2024-09-20').toBe(true);
    }
    expect(day.items.some((a) => a.unitName.startsWith('山南'))).toBe(true);
    expect(day.items.some((a) => a.unitName.startsWith('山东'))).toBe(true);
    expect(day.items.some((a) => a.startOn === '2024-09-12')).toBe(false);

    const keyword = await activities('?q=手机变砝码');
    expect(keyword.total).toBe(1);
    expect(keyword.items[0]?.unitName).toMatch(/^日喀则/);
    // A % in the keyword is a character, not a wildcard.
    expect((await activities('?q=%25')).total).toBe(0);
  });

  it('pages through the list', async () => {
    const all = await activities('?pageSize=50');
    const second = await activities('?pageSize=5&page=2');
    expect(second.total).toBe(all.total);
    expect(second.items.map((a) => a.id)).toEqual(all.items.slice(5, 10).map((a) => a.id));
    const past = await activities('?pageSize=5&page=999');
    expect(past).toMatchObject({ items: [], total: all.total });
  });

  it('refuses unknown regions and malformed filters with Chinese messages', async () => {
    const unknown = await get('/api/public/activities?province=999999');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ error: { code: 'DIVISION_CODE_UNKNOWN' } });
    const bad = await get('/api/public/activities?from=20240901');
    expect(bad.statusCode).toBe(400);
    expect((await get('/api/public/activities?pageSize=500')).statusCode).toBe(400);
  });
});

describe('public side, in general', () => {
  it('offers provinces with their cities for the region filter', async () => {
    const regions = (await get('/api/public/regions')).json<
      { code: string; name: string; children?: { code: string; name: string }[] }[]
    >();
    expect(regions.length).toBeGreaterThanOrEqual(31);
    const tibet = regions.find((r) => r.code === '540000');
    expect(tibet?.name).toBe('西藏自治区');
    expect(tibet?.children?.map((c) => c.name)).toContain('拉萨市');
  });

  it('has no write routes, is rate-limited, and ignores a session', async () => {
    for (const url of [
      '/api/public/campaigns',
      '/api/public/campaigns/1',
      '/api/public/activities',
      '/api/public/regions',
    ]) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const)
        expect(t.app.hasRoute({ method, url })).toBe(false);
    }
    const res = await get('/api/public/activities');
    expect(res.headers['x-ratelimit-limit']).toBe('300');
    const signedIn = await t.login('tibet-reviewer');
    expect((await signedIn.get('/api/public/activities?pageSize=50')).json<Page>().total).toBe(
      (await activities('?pageSize=50')).total,
    );
  });

  it('names a region as it is written in free text', () => {
    expect(regionNames('西藏自治区')).toEqual(['西藏自治区', '西藏']);
    expect(regionNames('拉萨市')).toEqual(['拉萨市', '拉萨']);
    expect(regionNames('阿坝藏族羌族自治州')).toEqual(['阿坝藏族羌族自治州', '阿坝']);
    expect(regionNames('广西壮族自治区')).toEqual(['广西壮族自治区', '广西']);
  });
});
