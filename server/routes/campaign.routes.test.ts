import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markRecipient } from '../db/repositories/notice.repository.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.dispose();
});

interface Campaign {
  id: number;
  name: string;
  version: number;
  archived: boolean;
  periodStart: string | null;
  can: { edit: boolean };
}
interface Notice {
  id: number;
  title: string;
  status: string;
  version: number;
  deadline: string | null;
  revision: number;
  changeNote: string | null;
  recipients: unknown[];
}

describe('campaigns', () => {
  it('clones last year’s campaign with its notices as drafts to the same recipients', async () => {
    const tibet = await t.login('tibet-reviewer');
    const demo = (await tibet.get('/api/campaigns')).json<{ items: Campaign[] }>().items[0];
    const res = await tibet.post(`/api/campaigns/${demo?.id}/clone`, { year: 2025, name: '2025年全区“质量月”' });
    expect(res.statusCode).toBe(201);
    const { campaign, notices } = res.json<{ campaign: Campaign; notices: number }>();
    expect(notices).toBe(1);
    expect(campaign.periodStart).toBe('2025-09-01');
    const outbox = (await tibet.get('/api/notices/outbox'))
      .json<{ items: (Notice & { campaignId: number; recipientCount: number })[] }>()
      .items.filter((n) => n.campaignId === campaign.id);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      status: 'draft',
      title: '自治区质量和标准化工作领导小组办公室关于开展2025年“质量月”活动的通知',
      deadline: '2025-10-10',
    });
    // The outbox lists counts; the notice itself carries the recipients.
    expect(outbox[0]?.recipientCount).toBeGreaterThan(30);
    expect((await tibet.get(`/api/notices/${outbox[0]?.id}`)).json<Notice>().recipients.length).toBe(
      outbox[0]?.recipientCount,
    );
    const again = await tibet.post(`/api/campaigns/${demo?.id}/clone`, { year: 2025, name: '2025年全区“质量月”' });
    expect(again.json()).toMatchObject({ error: { code: 'CAMPAIGN_NAME_TAKEN' } });
  });

  it('archives a campaign, after which it is read-only', async () => {
    const yy = await t.login('yueyang-reviewer');
    const me = yy.body.user as { unitId: number };
    const created = await yy.post('/api/campaigns', {
      ownerUnitId: me.unitId,
      year: 2025,
      name: '岳阳2025',
      periodStart: '2025-09-01',
      periodEnd: '2025-09-30',
    });
    expect(created.statusCode).toBe(201);
    const c = created.json<Campaign>();
    const bad = await yy.post('/api/campaigns', {
      ownerUnitId: me.unitId,
      year: 2025,
      name: '岳阳错',
      periodStart: '2025-09-31',
    });
    expect(bad.json()).toMatchObject({ error: { code: 'NOTICE_DATE_INVALID' } });
    const archived = await yy.patch(`/api/campaigns/${c.id}`, { version: c.version, archived: true });
    expect(archived.json<Campaign>().archived).toBe(true);
    const edit = await yy.patch(`/api/campaigns/${c.id}`, { version: archived.json<Campaign>().version, theme: '改' });
    expect(edit.json()).toMatchObject({ error: { code: 'CAMPAIGN_ARCHIVED' } });
    const other = await t.login('tibet-reviewer');
    expect((await other.patch(`/api/campaigns/${c.id}`, { version: 1, theme: 'x' })).statusCode).toBe(403);
    // The inbox says which notices belong to an archived campaign (the demo's 2024 one is archived).
    const inbox = (await other.get('/api/notices/inbox')).json<{ items: { title: string; archived: boolean }[] }>()
      .items;
    expect(inbox.find((i) => i.title === '关于开展2024年全国“质量月”活动的通知')?.archived).toBe(true);
  });
});

describe('revisions', () => {
  it('corrects an issued notice with a change note; recipients see it unread again; the old text stays', async () => {
    const yy = await t.login('yueyang-reviewer');
    const me = yy.body.user as { unitId: number };
    const c = (
      await yy.post('/api/campaigns', { ownerUnitId: me.unitId, year: 2099, name: '岳阳2099' })
    ).json<Campaign>();
    const section = (await yy.get(`/api/units?parentId=${me.unitId}`))
      .json<{ items: { id: number; name: string }[] }>()
      .items.find((u) => u.name === '计量科');
    const n = (
      await yy.post('/api/notices', {
        campaignId: c.id,
        issuerUnitId: me.unitId,
        title: '原标题',
        deadline: '2099-10-10',
        recipientUnitIds: [section?.id],
      })
    ).json<Notice>();
    const issued = (await yy.post(`/api/notices/${n.id}/issue`, { version: n.version })).json<Notice>();
    await markRecipient(t.database.db, n.id, [section?.id ?? 0], { readAt: new Date() });
    const noNote = await yy.post(`/api/notices/${n.id}/revise`, {
      version: issued.version,
      changeNote: ' ',
      title: '新标题',
    });
    expect(noNote.json()).toMatchObject({ error: { code: 'NOTICE_CHANGE_NOTE_REQUIRED' } });
    const revised = await yy.post(`/api/notices/${n.id}/revise`, {
      version: issued.version,
      changeNote: '更正截止日期',
      deadline: '2099-10-08',
    });
    expect(revised.json()).toMatchObject({
      revision: 2,
      changeNote: '更正截止日期',
      deadline: '2099-10-08',
      status: 'issued',
    });
    expect(revised.json<{ recipients: { readAt: string | null }[] }>().recipients).toEqual([
      expect.objectContaining({ readAt: null }),
    ]);
    const history = (await yy.get(`/api/notices/${n.id}/revisions`)).json<{
      items: { revision: number; snapshot: { deadline: string } }[];
    }>().items;
    expect(history.map((h) => [h.revision, h.snapshot.deadline])).toEqual([[1, '2099-10-10']]);
    const stale = await yy.post(`/api/notices/${n.id}/revise`, {
      version: issued.version,
      changeNote: '再改',
      title: 'x',
    });
    expect(stale.json()).toMatchObject({ error: { code: 'STALE_EDIT' } });
  });
});
