import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { noticeRecipients, units } from '../db/schema.ts';
import { loadLiveCampaign } from '../demo/demo-live.ts';
import { sweepReminders } from '../services/reminder.service.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';

// A notice without a statistics table still collects: the unit's report holds its summary, files and media,
// with one workflow; submit names what is missing; completeness, reminders and the review queue count it.
let t: TestApp;
let office: Client;
let assoc: Client;
let sichuan: Client;
let officeUnit = 0;
let assocId = 0;
let campaignId = 0;

interface Report {
  id: number | null;
  status: string;
  version: number;
  form: unknown;
  figures: unknown[];
  parts: { kind: string; label: string; done: boolean }[];
  can: Record<string, boolean>;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** Uploads whole through tus and finishes; answers the file id. */
async function upload(c: Client, name: string, data: Buffer): Promise<string> {
  const headers = { cookie: c.cookie, 'x-csrf-token': c.csrfToken, 'tus-resumable': '1.0.0' };
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/uploads',
    headers: { ...headers, 'upload-length': String(data.length), 'upload-metadata': `filename ${b64(name)}` },
  });
  const id = String(created.headers.location).split('/').pop() ?? '';
  await t.app.inject({
    method: 'PATCH',
    url: `/api/uploads/${id}`,
    payload: data,
    headers: { ...headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
  });
  expect((await c.post('/api/files', { uploadId: id })).statusCode).toBe(200);
  return id;
}

async function issue(title: string, requiredReports: string[], extra: Record<string, unknown> = {}): Promise<number> {
  const n = (
    await office.post('/api/notices', {
      campaignId,
      issuerUnitId: officeUnit,
      title,
      deadline: '2099-10-10',
      requiredReports,
      recipientUnitIds: [assocId],
      ...extra,
    })
  ).json<{ id: number; version: number }>();
  const issued = await office.post(`/api/notices/${n.id}/issue`, { version: n.version });
  expect(issued.statusCode).toBe(200);
  return n.id;
}

beforeAll(async () => {
  t = await createTestApp();
  office = await t.login('tibet-reviewer');
  assoc = await t.login('tibet-assoc-reporter');
  sichuan = await t.login('sichuan-reviewer');
  officeUnit = (office.body.user as { unitId: number }).unitId;
  assocId = (assoc.body.user as { unitId: number }).unitId;
  campaignId = (
    await office.post('/api/campaigns', { ownerUnitId: officeUnit, year: 2099, name: '2099年无表测试' })
  ).json<{ id: number }>().id;
});
afterAll(async () => {
  await t.dispose();
});

describe('the report of a notice without a statistics table', () => {
  let noticeId = 0;
  let report: Report;

  beforeAll(async () => {
    noticeId = await issue('只要总结和活动方案', ['活动总结', '其他（活动方案）']);
  });

  it('is one object with the parts the notice requires, and no figures', async () => {
    const res = await assoc.get(`/api/notices/${noticeId}/reports/${assocId}`);
    expect(res.statusCode).toBe(200);
    report = res.json<Report>();
    expect(report).toMatchObject({ id: null, status: 'draft', form: null, figures: [] });
    expect(report.parts).toEqual([
      { kind: 'summary', label: '活动总结', done: false },
      { kind: 'file', label: '活动方案', done: false },
    ]);
    expect(report.can.submit).toBe(true);
  });

  it('refuses a submit that lacks a required part, naming it, and keeps the draft', async () => {
    const saved = await assoc.put(`/api/notices/${noticeId}/reports/${assocId}`, {
      version: 0,
      figures: [],
      summary: '<p>开展了质量宣传周。</p>',
    });
    expect(saved.statusCode).toBe(200);
    report = saved.json<Report>();
    expect(report.parts.find((p) => p.kind === 'summary')?.done).toBe(true);
    const refused = await assoc.post(`/api/reports/${report.id}/submit`, { version: report.version });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      error: { code: 'REPORT_PARTS_MISSING', message: '还缺少通知要求报送的材料：活动方案，补齐后再提交' },
    });
    const still = (await assoc.get(`/api/notices/${noticeId}/reports/${assocId}`)).json<Report>();
    expect(still.status).toBe('draft');
  });

  it('counts the starting unit as having signed for the notice', async () => {
    const rows = await t.database.db
      .select({ signedAt: noticeRecipients.signedAt })
      .from(noticeRecipients)
      .where(eq(noticeRecipients.noticeId, noticeId));
    expect(rows[0]?.signedAt).toBeInstanceOf(Date);
  });

  it('submits once the file is there under its label; the office reviews it and a sibling never sees it', async () => {
    const fileId = await upload(
      assoc,
      '活动方案.pdf',
      Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    );
    const attached = await assoc.post(`/api/attachments/report/${report.id}`, {
      role: 'file',
      fileId,
      caption: '活动方案',
    });
    expect(attached.json()).toMatchObject({ role: 'file', caption: '活动方案' });
    const sent = await assoc.post(`/api/reports/${report.id}/submit`, { version: report.version });
    expect(sent.statusCode).toBe(200);
    expect(sent.json<Report>().status).toBe('submitted');

    const queue = (await office.get('/api/review-queue')).json<{ kind: string; noticeId: number; unitId: number }[]>();
    expect(queue).toContainEqual(expect.objectContaining({ kind: 'review', noticeId, unitId: assocId }));
    const seen = await office.get(`/api/notices/${noticeId}/reports/${assocId}`);
    expect(seen.json<Report>()).toMatchObject({ status: 'submitted', can: { accept: true, return: true } });
    expect((await sichuan.get(`/api/notices/${noticeId}/reports/${assocId}`)).statusCode).toBe(404);
    expect((await sichuan.get('/api/review-queue')).json<unknown[]>()).not.toContainEqual(
      expect.objectContaining({ noticeId }),
    );
  });

  it('counts in completeness as submitted', async () => {
    const c = (await office.get(`/api/notices/${noticeId}/reports`)).json<{
      expected: number;
      submitted: number;
      rows: { unitId: number; status: string }[];
    }>();
    expect(c).toMatchObject({ expected: 1, submitted: 1 });
    expect(c.rows).toEqual([expect.objectContaining({ unitId: assocId, status: 'submitted' })]);
  });
});

describe('drafts of a form-less notice never go upward', () => {
  it('hides a draft and its activities from the office until submitted', async () => {
    const noticeId = await issue('草稿不上报', ['活动总结']);
    const saved = await assoc.put(`/api/notices/${noticeId}/reports/${assocId}`, {
      version: 0,
      figures: [],
      summary: '<p>草稿</p>',
    });
    expect(saved.statusCode).toBe(200);
    // The office never sees the draft itself, only that the unit has begun.
    expect((await office.get(`/api/notices/${noticeId}/reports/${assocId}`)).statusCode).toBe(404);
    const c = (await office.get(`/api/notices/${noticeId}/reports`)).json<{ submitted: number; draft: number }>();
    expect(c).toMatchObject({ submitted: 0, draft: 1 });
  });

  it('refuses issuing with 统计表 ticked and no table chosen', async () => {
    const n = (
      await office.post('/api/notices', {
        campaignId,
        issuerUnitId: officeUnit,
        title: '勾了统计表却没选',
        requiredReports: ['统计表'],
        recipientUnitIds: [assocId],
      })
    ).json<{ id: number; version: number }>();
    const refused = await office.post(`/api/notices/${n.id}/issue`, { version: n.version });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { code: 'NOTICE_FORM_REQUIRED' } });
  });
});

describe('automatic reminders for a form-less notice', () => {
  it('reminds the units that have not submitted, once per slot', async () => {
    const noticeId = await issue('无表催报', ['活动总结'], { deadline: '2099-10-09' });
    const first = await sweepReminders(t.deps, new Date('2099-10-09T01:00:00Z'));
    expect(first.units).toBeGreaterThanOrEqual(1);
    const again = await sweepReminders(t.deps, new Date('2099-10-09T02:00:00Z'));
    expect(again.units).toBe(0);
    const inbox = (await assoc.get('/api/notifications')).json<{ items: { noticeId: number; link: string }[] }>();
    expect(inbox.items).toContainEqual(
      expect.objectContaining({ noticeId, link: `/notices/${noticeId}/report/${assocId}` }),
    );
  });
});

describe('the live demo campaign', () => {
  it('lays out from a December day: deadlines in the next year, numbers and campaign in this one, signatures agree', async () => {
    const national = (
      await t.database.db.select({ id: units.id }).from(units).where(eq(units.name, '国家市场监督管理总局'))
    )[0];
    await t.database.db.transaction((tx) => loadLiveCampaign(tx, national?.id ?? 0, '2026-12-07'));
    const admin = await t.login('national-reviewer');
    const outbox = (await admin.get('/api/notices/outbox')).json<{
      items: { title: string; docNumber: string | null; deadline: string | null; signedCount: number }[];
    }>().items;
    const live = outbox.find((n) => n.docNumber === '国市监质发〔2026〕74号');
    expect(live).toMatchObject({ title: '关于开展2026年全国“质量月”活动的通知', deadline: '2027-01-11' });
    expect(live?.signedCount).toBeGreaterThanOrEqual(20);
    const queue = (await office.get('/api/review-queue')).json<{ kind: string; noticeTitle: string }[]>();
    expect(queue.filter((q) => q.noticeTitle.includes('2026年')).length).toBeGreaterThanOrEqual(3);
    const todo = (await assoc.get('/api/notices/inbox')).json<{
      items: { title: string; collects: boolean; report: unknown }[];
    }>().items;
    expect(todo).toContainEqual(
      expect.objectContaining({ title: expect.stringContaining('2026年“质量月”') as string, collects: true }),
    );
  });
});
