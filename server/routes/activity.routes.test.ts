import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALITY_MONTH_2024 } from '../../domain/forms/quality-month-2024.form.ts';
import { insertCampaign } from '../db/repositories/notice.repository.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';

let t: TestApp;
let national: Client;
let office: Client;
let assoc: Client;
let sichuan: Client;
let tibetId = 0;
let assocId = 0;
let parentNoticeId = 0;
let noticeId = 0;

interface Activity {
  id: number;
  title: string;
  version: number;
  startOn: string | null;
  coOrganisers: string[];
  participants: number | null;
}
interface Case {
  id: number;
  title: string;
  html: string;
  version: number;
  recommended: { byUnitId: number } | null;
  unitName?: string;
  can: { recommend: boolean };
}
interface Progress {
  id: number;
  reportedOn: string;
  version: number;
}

const del = (c: Client, url: string): Promise<LightMyRequestResponse> =>
  t.app.inject({ method: 'DELETE', url, headers: { cookie: c.cookie, 'x-csrf-token': c.csrfToken } });
const unitIdOf = (c: Client): number => (c.body.user as { unitId: number }).unitId;

beforeAll(async () => {
  t = await createTestApp();
  national = await t.login('national-reviewer');
  office = await t.login('tibet-reviewer');
  assoc = await t.login('tibet-assoc-reporter');
  sichuan = await t.login('sichuan-reviewer');
  tibetId = unitIdOf(office);
  assocId = unitIdOf(assoc);
  const nationalId = unitIdOf(national);
  // A live campaign: the national notice (no form) to Tibet, Tibet's plan with the statistics form to its association.
  const campaignId = (
    await insertCampaign(t.database.db, { year: 2099, name: '2099年质量月', ownerUnitId: nationalId })
  ).id;
  const n = (
    await national.post('/api/notices', {
      campaignId,
      issuerUnitId: nationalId,
      title: '2099年全国质量月',
      recipientUnitIds: [tibetId],
    })
  ).json<{ id: number; version: number }>();
  parentNoticeId = (await national.post(`/api/notices/${n.id}/issue`, { version: n.version })).json<{ id: number }>()
    .id;
  const plan = await office.post(`/api/notices/${parentNoticeId}/forward`, {
    kind: 'plan',
    title: '2099年全区质量月',
    deadline: '2099-10-10',
    formCode: QUALITY_MONTH_2024.code,
    recipientUnitIds: [assocId],
    arrangements: [
      {
        title: '开展质量宣传活动',
        content: '',
        dueOn: null,
        lead: [],
        responsible: [],
        cooperating: [],
        implementing: [],
      },
    ],
  });
  expect(plan.statusCode).toBe(201);
  const draft = plan.json<{ id: number; version: number }>();
  noticeId = (await office.post(`/api/notices/${draft.id}/issue`, { version: draft.version })).json<{ id: number }>()
    .id;
});
afterAll(async () => {
  await t.dispose();
});

describe('activities, cases and progress follow the unit’s report', () => {
  let activity: Activity;
  let kase: Case;

  it('the unit registers an activity; its fields are checked with Chinese messages', async () => {
    const base = `/api/notices/${noticeId}/units/${assocId}/activities`;
    const created = await assoc.post(base, {
      title: ' 质量开放日 ',
      startOn: '2099-09-10',
      endOn: '2099-09-11',
      region: '拉萨市',
      coOrganisers: ['甲', '甲', ' '],
      participants: 120,
      isPublic: true,
    });
    expect(created.statusCode).toBe(201);
    activity = created.json<Activity>();
    expect(activity).toMatchObject({ title: '质量开放日', coOrganisers: ['甲'], version: 1 });
    const list = (await assoc.get(base)).json<{ items: Activity[]; categories: string[]; can: { edit: boolean } }>();
    expect(list.items.map((a) => a.title)).toEqual(['质量开放日']);
    expect(list.categories).toEqual(['开展质量宣传活动', '其他']);
    expect(list.can.edit).toBe(true);

    const order = await assoc.post(base, { title: '培训', startOn: '2099-09-10', endOn: '2099-09-01' });
    expect(order.json()).toMatchObject({
      error: { code: 'NARRATIVE_INVALID', message: '结束日期不能早于开始日期', details: { field: 'endOn' } },
    });
    const people = await assoc.post(base, { title: '培训', participants: -1 });
    expect(people.json()).toMatchObject({
      error: { code: 'NARRATIVE_INVALID', message: '参与人数应为 0 到 1 亿之间的整数' },
    });
    const far = await assoc.post(base, { title: '培训', startOn: '2024-09-01' });
    expect(far.json()).toMatchObject({
      error: { code: 'NARRATIVE_INVALID', message: '开始日期应在活动年度及其前后一年内' },
    });
  });

  it('refuses a stale edit, naming who changed it, and a stale delete', async () => {
    const updated = await assoc.patch(`/api/activities/${activity.id}`, {
      version: activity.version,
      place: '自治区质检院',
    });
    expect(updated.json()).toMatchObject({ version: 2, title: '质量开放日' });
    const stale = await assoc.patch(`/api/activities/${activity.id}`, { version: activity.version, place: '别处' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'STALE_EDIT' } });
    expect(JSON.stringify(stale.json())).toMatch(/西藏质协填报员|tibet-assoc-reporter/);
    expect((await del(assoc, `/api/activities/${activity.id}?version=1`)).statusCode).toBe(409);
    activity = updated.json<Activity>();
  });

  it('keeps the draft’s activities from the office and from everybody beside it', async () => {
    for (const c of [office, national, sichuan]) {
      const res = await c.get(`/api/notices/${noticeId}/units/${assocId}/activities`);
      expect(res.statusCode).toBe(404);
    }
    const sibling = await sichuan.post(`/api/notices/${noticeId}/units/${assocId}/activities`, { title: '冒名登记' });
    expect(sibling.statusCode).toBe(404);
    const edit = await office.patch(`/api/activities/${activity.id}`, { version: activity.version, title: '改' });
    expect(edit.statusCode).toBe(200); // the issuing office may fill in on the unit's behalf (代填报), as for figures
    activity = edit.json<Activity>();
  });

  it('takes cases with sanitized rich text and dated progress reports, oldest first', async () => {
    const created = await assoc.post(`/api/notices/${noticeId}/units/${assocId}/cases`, {
      title: '藏香标准宣贯',
      html: '<p onclick="x()">宣贯<script>alert(1)</script>藏香国家标准</p>',
    });
    expect(created.statusCode).toBe(201);
    kase = created.json<Case>();
    expect(kase.html).toBe('<p>宣贯藏香国家标准</p>');
    const empty = await assoc.post(`/api/notices/${noticeId}/units/${assocId}/cases`, {
      title: '空',
      html: '<p> </p>',
    });
    expect(empty.json()).toMatchObject({ error: { code: 'NARRATIVE_INVALID', message: '请填写正文' } });

    const base = `/api/notices/${noticeId}/units/${assocId}/progress`;
    expect((await assoc.post(base, { reportedOn: '2099-09-20', progress: '第二次' })).statusCode).toBe(201);
    expect(
      (await assoc.post(base, { reportedOn: '2099-09-05', progress: '第一次', problems: '经费不足' })).statusCode,
    ).toBe(201);
    const nothing = await assoc.post(base, { reportedOn: '2099-09-06' });
    expect(nothing.json()).toMatchObject({ error: { code: 'NARRATIVE_INVALID', message: '请填写进展情况' } });
    const list = (await assoc.get(base)).json<{ items: Progress[] }>();
    expect(list.items.map((p) => p.reportedOn)).toEqual(['2099-09-05', '2099-09-20']);
    const first = list.items[0];
    if (!first) throw new Error('no progress');
    expect((await del(assoc, `/api/progress/${first.id}?version=${first.version}`)).statusCode).toBe(204);
    expect((await assoc.get(base)).json<{ items: Progress[] }>().items).toHaveLength(1);
  });

  it('after submission: locked for the unit, visible to the office, which recommends a case upward', async () => {
    const figures = QUALITY_MONTH_2024.indicators.map(() => 0);
    const saved = (await assoc.put(`/api/notices/${noticeId}/reports/${assocId}`, { version: 0, figures })).json<{
      id: number;
      version: number;
    }>();
    expect(
      await assoc
        .post(`/api/notices/${noticeId}/units/${assocId}/cases`, { title: 'x', html: 'x' })
        .then((r) => r.statusCode),
    ).toBe(201);
    const early = await office.post(`/api/cases/${kase.id}/recommend`);
    expect(early.statusCode).toBe(404); // the office cannot see the draft's case at all
    const submitted = await assoc.post(`/api/reports/${saved.id}/submit`, { version: saved.version });
    expect(submitted.json()).toMatchObject({ status: 'submitted' });

    const locked = await assoc.patch(`/api/activities/${activity.id}`, { version: activity.version, title: '再改' });
    expect(locked.json()).toMatchObject({ error: { code: 'REPORT_LOCKED' } });
    const seen = (await office.get(`/api/notices/${noticeId}/units/${assocId}/activities`)).json<{
      items: Activity[];
      can: { edit: boolean; recommend: boolean };
    }>();
    expect(seen.items.map((a) => a.title)).toEqual(['改']);
    expect(seen.can).toEqual({ edit: false, recommend: true });
    expect((await sichuan.get(`/api/notices/${noticeId}/units/${assocId}/cases`)).statusCode).toBe(404);

    expect((await assoc.post(`/api/cases/${kase.id}/recommend`)).statusCode).toBe(403);
    const rec = await office.post(`/api/cases/${kase.id}/recommend`);
    expect(rec.json<Case>()).toMatchObject({ recommended: { byUnitId: tibetId } });
    expect((await office.post(`/api/cases/${kase.id}/recommend`)).statusCode).toBe(200); // again: no change

    // The case is now part of Tibet's own material on the national notice (no form: visible upward at once).
    const upward = (await national.get(`/api/notices/${parentNoticeId}/units/${tibetId}/cases`)).json<{
      items: Case[];
      recommended: Case[];
    }>();
    expect(upward.items).toEqual([]);
    expect(upward.recommended.map((c) => [c.title, c.unitName])).toEqual([['藏香标准宣贯', '西藏自治区质量协会']]);
    const mine = (await office.get(`/api/notices/${parentNoticeId}/units/${tibetId}/cases`)).json<{
      recommended: Case[];
    }>();
    expect(mine.recommended[0]?.can.recommend).toBe(true);

    const withdrawn = await del(office, `/api/cases/${kase.id}/recommend`);
    expect(withdrawn.json<Case>().recommended).toBeNull();
    expect(
      (await national.get(`/api/notices/${parentNoticeId}/units/${tibetId}/cases`)).json<{ recommended: Case[] }>()
        .recommended,
    ).toEqual([]);
    const audit = (
      await t.database.db.execute<{ action: string }>(
        sql`select action from audit_log where object_type = 'case' and object_id = ${String(kase.id)} order by seq`,
      )
    ).rows.map((r) => r.action);
    expect(audit).toEqual(['case.create', 'case.recommend', 'case.unrecommend']);
  });

  it('without a statistics form the unit’s items go up as saved, and the unit deletes its own', async () => {
    const base = `/api/notices/${parentNoticeId}/units/${tibetId}/activities`;
    const created = (
      await office.post(base, { title: '举办全区质量月启动仪式', startOn: '2099-09-02' })
    ).json<Activity>();
    expect((await national.get(base)).json<{ items: Activity[] }>().items.map((a) => a.title)).toEqual([
      '举办全区质量月启动仪式',
    ]);
    expect(
      (await national.patch(`/api/activities/${created.id}`, { version: created.version, title: '改' })).statusCode,
    ).toBe(403);
    expect((await del(office, `/api/activities/${created.id}?version=${created.version}`)).statusCode).toBe(204);
    expect((await national.get(base)).json<{ items: Activity[] }>().items).toEqual([]);
  });
});
