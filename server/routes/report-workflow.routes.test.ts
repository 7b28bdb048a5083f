import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALITY_MONTH_2024 } from '../../domain/forms/quality-month-2024.form.ts';
import { ensureForm } from '../db/repositories/form.repository.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';

// Completing the report workflow: comments on single figures, unlocking an accepted report, blocked late
// submissions, and the bad input each refused with its own code.
let t: TestApp;
let office: Client;
let assoc: Client;
let officeUnit = 0;
let assocId = 0;
let lhasaId = 0;
let campaignId = 0;

interface Unlock {
  id: number;
  status: string;
  reason: string;
  requestedByName: string;
  decisionNote: string | null;
  canDecide?: boolean;
}
interface Report {
  id: number;
  status: string;
  version: number;
  late: boolean;
  onBehalf: boolean;
  returnReason: string | null;
  figureComments: Record<string, string> | null;
  changed: number[];
  unlock: Unlock | null;
  blockLate: boolean;
  check: { cells: { code: string; message: string }[] };
  can: Record<string, boolean>;
}

const codes = QUALITY_MONTH_2024.indicators.map((i) => i.code);
const figures = (values: Record<string, number> = {}): (number | null)[] => codes.map((c) => values[c] ?? 1);

async function issue(title: string, extra: Record<string, unknown> = {}): Promise<number> {
  const n = (
    await office.post('/api/notices', {
      campaignId,
      issuerUnitId: officeUnit,
      title,
      deadline: '2099-10-10',
      formCode: 'quality-month-2024',
      recipientUnitIds: [assocId, lhasaId],
      ...extra,
    })
  ).json<{ id: number; version: number }>();
  const issued = await office.post(`/api/notices/${n.id}/issue`, { version: n.version });
  expect(issued.statusCode).toBe(200);
  return n.id;
}

async function submitted(
  client: Client,
  noticeId: number,
  unitId: number,
  values: Record<string, number> = {},
): Promise<Report> {
  const saved = (
    await client.put(`/api/notices/${noticeId}/reports/${unitId}`, { version: 0, figures: figures(values) })
  ).json<Report>();
  const res = await client.post(`/api/reports/${saved.id}/submit`, { version: saved.version });
  expect(res.statusCode).toBe(200);
  return res.json<Report>();
}

beforeAll(async () => {
  t = await createTestApp();
  office = await t.login('tibet-reviewer');
  assoc = await t.login('tibet-assoc-reporter');
  officeUnit = (office.body.user as { unitId: number }).unitId;
  assocId = (assoc.body.user as { unitId: number }).unitId;
  const children = (await office.get(`/api/units?parentId=${officeUnit}`)).json<{
    items: { id: number; name: string }[];
  }>().items;
  lhasaId = children.find((u) => u.name === '拉萨市市场监督管理局')?.id ?? 0;
  campaignId = (
    await office.post('/api/campaigns', { ownerUnitId: officeUnit, year: 2099, name: '2099年流程测试' })
  ).json<{ id: number }>().id;
});
afterAll(async () => {
  await t.dispose();
});

describe('returning with comments on single figures', () => {
  let noticeId = 0;
  let report: Report;
  beforeAll(async () => {
    noticeId = await issue('逐项意见测试');
    report = await submitted(assoc, noticeId, assocId);
  });

  it('refuses comments on figures the form does not have, and overlong ones', async () => {
    const unknown = await office.post(`/api/reports/${report.id}/return`, {
      version: report.version,
      reason: '请核实',
      figureComments: { no_such_code: '?' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      error: { code: 'REPORT_FIGURE_COMMENT_INVALID', message: '统计表中没有指标“no_such_code”，不能对其填写意见' },
    });
    const long = await office.post(`/api/reports/${report.id}/return`, {
      version: report.version,
      reason: '请核实',
      figureComments: { pub_events: '长'.repeat(201) },
    });
    expect(long.json()).toMatchObject({
      error: { code: 'REPORT_FIGURE_COMMENT_INVALID', message: '对“组织活动次数”的意见不能超过 200 个字' },
    });
  });

  it('shows the unit the comments next to the figures, clears them on resubmission and keeps them in the audit log', async () => {
    const returned = await office.post(`/api/reports/${report.id}/return`, {
      version: report.version,
      reason: '两项数据请核实',
      figureComments: { pub_events: ' 活动次数偏少，请核实 ', ent_hazards: '', enf_cases: '与执法台账不符' },
    });
    expect(returned.statusCode).toBe(200);
    const seen = (await assoc.get(`/api/notices/${noticeId}/reports/${assocId}`)).json<Report>();
    expect(seen).toMatchObject({
      status: 'returned',
      returnReason: '两项数据请核实',
      figureComments: { pub_events: '活动次数偏少，请核实', enf_cases: '与执法台账不符' },
    });
    expect(Object.keys(seen.figureComments ?? {})).toEqual(['pub_events', 'enf_cases']);

    const fixed = (
      await assoc.put(`/api/notices/${noticeId}/reports/${assocId}`, {
        version: seen.version,
        figures: figures({ pub_events: 9 }),
      })
    ).json<Report>();
    expect(fixed.figureComments).not.toBeNull();
    const again = (await assoc.post(`/api/reports/${fixed.id}/submit`, { version: fixed.version })).json<Report>();
    expect(again).toMatchObject({ status: 'submitted', figureComments: null, returnReason: null });
    expect(again.changed).toEqual([codes.indexOf('pub_events')]);

    const audit = await t.database.pool.query<{
      summary: { figureComments?: Record<string, string>; reason?: string };
    }>(`select summary from audit_log where object_type = 'report' and object_id = $1 and action = 'report.return'`, [
      String(report.id),
    ]);
    expect(audit.rows.map((r) => r.summary.figureComments)).toEqual([
      { pub_events: '活动次数偏少，请核实', enf_cases: '与执法台账不符' },
    ]);
  });
});

describe('unlocking an accepted report', () => {
  let noticeId = 0;
  let report: Report;
  beforeAll(async () => {
    noticeId = await issue('解锁测试');
    const sent = await submitted(assoc, noticeId, assocId, { pub_events: 5 });
    report = (await office.post(`/api/reports/${sent.id}/accept`, { version: sent.version })).json<Report>();
    expect(report.status).toBe('accepted');
  });

  it('lets the unit ask with a reason, once at a time; nobody else may ask or decide', async () => {
    expect(report.can.request_unlock).toBe(false); // the reviewer's view
    const mine = (await assoc.get(`/api/notices/${noticeId}/reports/${assocId}`)).json<Report>();
    expect(mine.can).toMatchObject({ request_unlock: true, decide_unlock: false });
    expect((await assoc.post(`/api/reports/${report.id}/unlock-requests`, { reason: '  ' })).json()).toMatchObject({
      error: { code: 'REPORT_UNLOCK_REASON_REQUIRED' },
    });
    expect((await office.post(`/api/reports/${report.id}/unlock-requests`, { reason: '我来申请' })).statusCode).toBe(
      403,
    );
    const asked = await assoc.post(`/api/reports/${report.id}/unlock-requests`, { reason: '执法案件数漏报 2 起' });
    expect(asked.statusCode).toBe(200);
    expect(asked.json<Report>()).toMatchObject({
      status: 'accepted',
      unlock: { status: 'pending', reason: '执法案件数漏报 2 起' },
      can: { request_unlock: false },
    });
    const twice = await assoc.post(`/api/reports/${report.id}/unlock-requests`, { reason: '再申请一次' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'REPORT_UNLOCK_PENDING',
    });
    expect(twice.json<{ error: { message: string } }>().error.message).toMatch(
      /^该报表已有待审批的解锁申请（\d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2} 提出）/,
    );

    const list = (await office.get(`/api/notices/${noticeId}/unlock-requests`)).json<Unlock[]>();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      status: 'pending',
      canDecide: true,
      requestedByName: expect.any(String) as string,
    });
    const sibling = await t.login('sichuan-reviewer');
    expect((await sibling.get(`/api/notices/${noticeId}/unlock-requests`)).statusCode).toBe(404);
    expect((await sibling.post(`/api/unlock-requests/${list[0]?.id}/approve`, {})).statusCode).toBe(404);
    expect((await assoc.post(`/api/unlock-requests/${list[0]?.id}/approve`, {})).statusCode).toBe(403);
  });

  it('rejects with a note, then approves a new request: the report comes back as returned and shows what changed', async () => {
    const [pending] = (await office.get(`/api/notices/${noticeId}/unlock-requests`)).json<Unlock[]>();
    expect((await office.post(`/api/unlock-requests/${pending?.id}/reject`, { note: ' ' })).json()).toMatchObject({
      error: { code: 'REPORT_UNLOCK_NOTE_REQUIRED' },
    });
    const rejected = (
      await office.post(`/api/unlock-requests/${pending?.id}/reject`, { note: '请在下次报送时更正' })
    ).json<Unlock>();
    expect(rejected).toMatchObject({ status: 'rejected', decisionNote: '请在下次报送时更正' });
    expect((await office.post(`/api/unlock-requests/${pending?.id}/approve`, {})).json()).toMatchObject({
      error: { code: 'REPORT_UNLOCK_DECIDED', message: '该解锁申请已驳回，不能重复处理' },
    });
    const stillLocked = (await assoc.get(`/api/notices/${noticeId}/reports/${assocId}`)).json<Report>();
    expect(stillLocked).toMatchObject({
      status: 'accepted',
      unlock: { status: 'rejected', decisionNote: '请在下次报送时更正' },
      can: { request_unlock: true },
    });

    await assoc.post(`/api/reports/${report.id}/unlock-requests`, { reason: '执法案件数漏报 2 起，需更正' });
    const [second] = (await office.get(`/api/notices/${noticeId}/unlock-requests`)).json<Unlock[]>();
    expect(second).toMatchObject({ status: 'pending' });
    expect((await office.post(`/api/unlock-requests/${second?.id}/approve`, {})).json()).toMatchObject({
      status: 'approved',
    });

    const reopened = (await assoc.get(`/api/notices/${noticeId}/reports/${assocId}`)).json<Report>();
    expect(reopened).toMatchObject({
      status: 'returned',
      returnReason: '解锁：执法案件数漏报 2 起，需更正',
      can: { edit: true },
    });
    const edited = (
      await assoc.put(`/api/notices/${noticeId}/reports/${assocId}`, {
        version: reopened.version,
        figures: figures({ pub_events: 5, enf_cases: 3 }),
      })
    ).json<Report>();
    await assoc.post(`/api/reports/${edited.id}/submit`, { version: edited.version });
    const review = (await office.get(`/api/notices/${noticeId}/reports/${assocId}`)).json<Report>();
    expect(review).toMatchObject({ status: 'submitted' });
    expect(review.changed).toEqual([codes.indexOf('enf_cases')]);

    const actions = (
      await t.database.pool.query<{ action: string }>(
        `select action from audit_log where object_type = 'report' and object_id = $1 order by seq`,
        [String(report.id)],
      )
    ).rows.map((r) => r.action);
    expect(actions.filter((a) => a.startsWith('report.unlock'))).toEqual([
      'report.unlock_request',
      'report.unlock_reject',
      'report.unlock_request',
      'report.unlock_approve',
    ]);
  });

  it('refuses an unlock request on a report that is not accepted', async () => {
    const res = await assoc.post(`/api/reports/${report.id}/unlock-requests`, { reason: '再改一次' });
    expect(res.json()).toMatchObject({
      error: { code: 'REPORT_NOT_LOCKED', message: '该报表尚未审核通过，不需要申请解锁' },
    });
  });
});

describe('late submissions', () => {
  it('marks a late submission when allowed, and refuses it with the deadline when the issuer blocked it', async () => {
    const open = await issue('逾期可交', { deadline: '2020-10-10' });
    expect((await submitted(assoc, open, assocId)).late).toBe(true);

    const blocked = await issue('逾期不收', { deadline: '2020-10-10', blockLate: true });
    expect((await office.get(`/api/notices/${blocked}`)).json()).toMatchObject({ blockLate: true });
    const draft = (
      await assoc.put(`/api/notices/${blocked}/reports/${assocId}`, { version: 0, figures: figures() })
    ).json<Report>();
    expect(draft.blockLate).toBe(true);
    const refused = await assoc.post(`/api/reports/${draft.id}/submit`, { version: draft.version });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      error: {
        code: 'REPORT_DEADLINE_PASSED',
        message: '已过截止日期（2020-10-10），发文单位设置了截止后不允许提交，请联系发文单位',
      },
    });
    // The issuing office may still enter it on the unit's behalf; it is marked late and on behalf.
    const lhasa = await submitted(office, blocked, lhasaId);
    expect(lhasa).toMatchObject({ status: 'submitted', late: true, onBehalf: true });
    // A report the issuer returned may always come back.
    const back = (
      await office.post(`/api/reports/${lhasa.id}/return`, { version: lhasa.version, reason: '请补充' })
    ).json<Report>();
    expect(back.status).toBe('returned');
  });

  it('lets the issuer switch the block on a draft notice', async () => {
    const n = (
      await office.post('/api/notices', {
        campaignId,
        issuerUnitId: officeUnit,
        title: '开关测试',
        formCode: 'quality-month-2024',
        recipientUnitIds: [assocId],
      })
    ).json<{ id: number; version: number; blockLate: boolean }>();
    expect(n.blockLate).toBe(false);
    const updated = await office.patch(`/api/notices/${n.id}`, { version: n.version, blockLate: true });
    expect(updated.json()).toMatchObject({ blockLate: true });
  });
});

describe('bad input, each with its own code', () => {
  it('names who changed a notice when an edit is stale', async () => {
    const n = (
      await office.post('/api/notices', {
        campaignId,
        issuerUnitId: officeUnit,
        title: '并发编辑',
        recipientUnitIds: [assocId],
      })
    ).json<{ id: number; version: number }>();
    await office.patch(`/api/notices/${n.id}`, { version: n.version, title: '并发编辑（改）' });
    const stale = await office.patch(`/api/notices/${n.id}`, { version: n.version, title: '并发编辑（旧）' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: { code: string; message: string } }>().error.message).toMatch(
      /^该内容已被“[^”]+”于 .+ 修改，请刷新后重新编辑$/,
    );
  });

  it('flags fractional and absurd figures per cell and refuses to submit them', async () => {
    const n = await issue('数值检查');
    const saved = (
      await assoc.put(`/api/notices/${n}/reports/${assocId}`, {
        version: 0,
        figures: figures({ pub_events: 2.5, pub_attendance: 1e12 }),
      })
    ).json<Report>();
    expect(saved.check.cells.map((c) => c.code).sort()).toEqual(['pub_attendance', 'pub_events']);
    const res = await assoc.post(`/api/reports/${saved.id}/submit`, { version: saved.version });
    expect(res.json()).toMatchObject({
      error: { code: 'REPORT_INVALID', message: '统计表有 2 处错误，请修改后再提交' },
    });
    const inf = await assoc.put(`/api/notices/${n}/reports/${assocId}`, {
      version: saved.version,
      figures: [null, ...figures().slice(1)].map((v, i) => (i === 0 ? '1e999' : v)),
    });
    expect(inf.statusCode).toBe(400);
  });

  it('refuses submitting with an error-level rule failure', async () => {
    const strict = {
      ...QUALITY_MONTH_2024,
      code: 'strict-test',
      version: 1,
      rules: [{ expr: 'ent_solved <= ent_hazards', level: 'error' as const, message: '解决数不能超过隐患数' }],
    };
    await ensureForm(t.database.db, strict, false);
    const n = await issue('严格规则', { formCode: 'strict-test' });
    const saved = (
      await assoc.put(`/api/notices/${n}/reports/${assocId}`, {
        version: 0,
        figures: figures({ ent_hazards: 1, ent_solved: 3 }),
      })
    ).json<Report>();
    const res = await assoc.post(`/api/reports/${saved.id}/submit`, { version: saved.version });
    expect(res.json()).toMatchObject({
      error: { code: 'REPORT_INVALID', message: '统计表有 1 处错误，请修改后再提交' },
    });
  });

  it('keeps a reviewer of another office off reports of notices it did not issue', async () => {
    const n = await issue('越权审核');
    const r = await submitted(assoc, n, assocId);
    const yueyang = await t.login('yueyang-reviewer');
    for (const action of ['accept', 'return']) {
      const res = await yueyang.post(
        `/api/reports/${r.id}/${action}`,
        action === 'return' ? { version: r.version, reason: '越权' } : { version: r.version },
      );
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'REPORT_NOT_FOUND' } });
    }
    // The report's own unit may not review itself either.
    expect((await assoc.post(`/api/reports/${r.id}/accept`, { version: r.version })).json()).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('notice lists', () => {
  it('shows in the inbox whether a report is required and how far this unit got; the outbox lists counts', async () => {
    const withForm = await issue('收文列表：要求填报');
    await submitted(assoc, withForm, assocId);
    const plain = (
      await office.post('/api/notices', {
        campaignId,
        issuerUnitId: officeUnit,
        title: '收文列表：不要求填报',
        recipientUnitIds: [assocId],
      })
    ).json<{ id: number; version: number }>();
    await office.post(`/api/notices/${plain.id}/issue`, { version: plain.version });
    const untouched = await issue('收文列表：未开始');

    const inbox = (await assoc.get('/api/notices/inbox')).json<{
      items: { id: number; formCode: string | null; report: { status: string } | null }[];
    }>().items;
    const item = (id: number) => inbox.find((i) => i.id === id);
    expect(item(withForm)).toMatchObject({
      formCode: 'quality-month-2024',
      report: { status: 'submitted', late: false },
    });
    expect(item(plain.id)).toMatchObject({ formCode: null, report: null });
    expect(item(untouched)).toMatchObject({ formCode: 'quality-month-2024', report: null });

    const outbox = (await office.get('/api/notices/outbox')).json<{ items: Record<string, unknown>[] }>().items;
    expect(outbox.find((n) => n.id === withForm)).toMatchObject({
      status: 'issued',
      formCode: 'quality-month-2024',
      recipientCount: 2,
      // The association never pressed 签收, but reporting is acting on the notice: it counts as signed.
      signedCount: 1,
    });
    expect(outbox.find((n) => n.id === plain.id)).toMatchObject({ recipientCount: 1 });
  });
});
