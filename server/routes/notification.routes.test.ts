import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, mailOutbox, users } from '../db/schema.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';

let t: TestApp;
let office: Client;
let assoc: Client;
let noticeId = 0;
let campaignId = 0;
const ids = { tibet: 0, lhasa: 0, assoc: 0 };

interface Item {
  id: number;
  kind: string;
  title: string;
  body: string;
  unitId: number;
  noticeId: number | null;
  link: string | null;
  readAt: string | null;
}
interface List {
  items: Item[];
  total: number;
  unread: number;
}

beforeAll(async () => {
  t = await createTestApp();
  office = await t.login('tibet-reviewer');
  assoc = await t.login('tibet-assoc-reporter');
  ids.tibet = (office.body.user as { unitId: number }).unitId;
  ids.assoc = (assoc.body.user as { unitId: number }).unitId;
  ids.lhasa =
    (await office.get(`/api/units?parentId=${ids.tibet}`))
      .json<{ items: { id: number; name: string }[] }>()
      .items.find((u) => u.name === '拉萨市市场监督管理局')?.id ?? 0;
  await t.database.db
    .update(users)
    .set({ email: 'assoc@zlj.example.cn' })
    .where(eq(users.username, 'tibet-assoc-reporter'));
  const campaign = (
    await office.post('/api/campaigns', { ownerUnitId: ids.tibet, year: 2099, name: '2099年全区质量月' })
  ).json<{ id: number }>();
  campaignId = campaign.id;
  const n = (
    await office.post('/api/notices', {
      campaignId,
      issuerUnitId: ids.tibet,
      title: '统计表催报测试',
      deadline: '2099-10-10',
      formCode: 'quality-month-2024',
      recipientUnitIds: [ids.assoc, ids.lhasa],
    })
  ).json<{ id: number; version: number }>();
  noticeId = (await office.post(`/api/notices/${n.id}/issue`, { version: n.version })).json<{ id: number }>().id;
});
afterAll(async () => {
  await t.dispose();
});

describe('manual reminder (催报)', () => {
  it('is for the issuing office’s reviewers and admins only; others do not even see the notice', async () => {
    expect((await assoc.post(`/api/notices/${noticeId}/remind`, { message: '请尽快报送' })).json()).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    const reporter = await t.login('tibet-reporter');
    expect((await reporter.post(`/api/notices/${noticeId}/remind`, { message: '请尽快报送' })).json()).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    const hunan = await t.login('hunan-reviewer');
    const res = await hunan.post(`/api/notices/${noticeId}/remind`, { message: '请尽快报送' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'NOTICE_NOT_FOUND' } });
  });

  it('reaches every unit that has not reported, in the app and by e-mail where there is an address', async () => {
    const res = await office.post(`/api/notices/${noticeId}/remind`, { message: '请于10月10日前报送统计表。' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ units: 2, emails: 1, unitsWithoutEmail: 1 });
    const mail = await t.database.db.select().from(mailOutbox);
    expect(mail).toMatchObject([
      { toAddresses: ['assoc@zlj.example.cn'], status: 'pending', subject: '【质量月平台】催报：统计表催报测试' },
    ]);
    expect(mail[0]?.body).toContain('请于10月10日前报送统计表。');
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'notice.remind'), eq(auditLog.objectId, String(noticeId))));
    expect(audit[0]?.summary).toMatchObject({
      units: [ids.assoc, ids.lhasa].sort((a, b) => a - b),
      message: '请于10月10日前报送统计表。',
    });
  });

  it('shows up under the unit’s bell with a link to its report', async () => {
    const list = (await assoc.get('/api/notifications?unread=1')).json<List>();
    expect(list).toMatchObject({ total: 1, unread: 1 });
    expect(list.items[0]).toMatchObject({
      kind: 'manual',
      title: '催报：统计表催报测试',
      unitId: ids.assoc,
      noticeId,
      link: `/notices/${noticeId}/report/${ids.assoc}`,
      readAt: null,
    });
    expect(list.items[0]?.body).toContain('西藏自治区质量协会：请于10月10日前报送统计表。');
    // The issuer's own bell is empty: the notice went to the units.
    expect((await office.get('/api/notifications')).json<List>()).toMatchObject({ total: 0, unread: 0, items: [] });
  });

  it('skips units that have submitted; named units may be any recipient, never a stranger', async () => {
    const draft = (
      await assoc.put(`/api/notices/${noticeId}/reports/${ids.assoc}`, {
        version: 0,
        figures: Array.from({ length: 31 }, () => null),
      })
    ).json<{ id: number; version: number }>();
    expect((await assoc.post(`/api/reports/${draft.id}/submit`, { version: draft.version })).statusCode).toBe(200);
    expect((await office.post(`/api/notices/${noticeId}/remind`, { message: '请尽快报送' })).json()).toEqual({
      units: 1,
      emails: 0,
      unitsWithoutEmail: 1,
    });
    expect(
      (
        await office.post(`/api/notices/${noticeId}/remind`, { unitIds: [ids.assoc], message: '请补充典型案例' })
      ).json(),
    ).toMatchObject({ units: 1, emails: 1 });
    const stranger = await office.post(`/api/notices/${noticeId}/remind`, {
      unitIds: [ids.tibet],
      message: '请尽快报送',
    });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', message: '提交的数据不符合要求：所选单位不是该通知的主送单位' },
    });
    expect((await office.post(`/api/notices/${noticeId}/remind`, { message: '' })).statusCode).toBe(400);
    expect((await office.post(`/api/notices/${noticeId}/remind`, { message: '   ' })).statusCode).toBe(400);
  });

  it('tells the unit when its report is returned or accepted', async () => {
    const progress = (await office.get(`/api/notices/${noticeId}/reports`)).json<{
      rows: { unitId: number; reportId: number | null }[];
    }>();
    const reportId = progress.rows.find((r) => r.unitId === ids.assoc)?.reportId ?? 0;
    const r = (await office.get(`/api/notices/${noticeId}/reports/${ids.assoc}`)).json<{ version: number }>();
    expect(
      (await office.post(`/api/reports/${reportId}/return`, { version: r.version, reason: '组织活动次数有误' }))
        .statusCode,
    ).toBe(200);
    const list = (await assoc.get('/api/notifications')).json<List>();
    expect(list.items[0]).toMatchObject({
      kind: 'returned',
      title: '报表被退回：统计表催报测试',
      link: `/notices/${noticeId}/report/${ids.assoc}`,
    });
    expect(list.items[0]?.body).toContain('原因：组织活动次数有误');
  });

  it('marks one or all read, for the unit’s accounts only', async () => {
    const list = (await assoc.get('/api/notifications')).json<List>();
    expect(list.unread).toBe(3);
    const first = list.items[0]?.id ?? 0;
    expect((await office.post(`/api/notifications/${first}/read`)).statusCode).toBe(404);
    expect((await assoc.post(`/api/notifications/${first}/read`)).json()).toEqual({ unread: 2 });
    expect((await assoc.get('/api/notifications?unread=1')).json<List>().items.map((i) => i.id)).not.toContain(first);
    expect((await assoc.get('/api/notifications/count')).json()).toEqual({ total: 3, unread: 2 });
    expect((await assoc.post('/api/notifications/read-all')).json()).toEqual({ marked: 2, unread: 0 });
    expect((await assoc.get('/api/notifications?unread=1')).json<List>()).toMatchObject({
      items: [],
      unread: 0,
      total: 3,
    });
  });

  it('sends nothing in an archived campaign', async () => {
    const c = (await office.get('/api/campaigns'))
      .json<{ items: { id: number; version: number }[] }>()
      .items.find((x) => x.id === campaignId);
    expect(
      (await office.patch(`/api/campaigns/${campaignId}`, { version: c?.version, archived: true })).statusCode,
    ).toBe(200);
    const res = await office.post(`/api/notices/${noticeId}/remind`, { message: '请尽快报送' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'CAMPAIGN_ARCHIVED' } });
  });
});
