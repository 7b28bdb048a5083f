import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALITY_MONTH_2024 } from '../../domain/forms/quality-month-2024.form.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';

let t: TestApp;
let office: Client;
let assoc: Client;
let noticeId = 0;
let assocId = 0;
interface Report {
  id: number;
  status: string;
  version: number;
  figures: (number | null)[];
  late: boolean;
  changed: number[];
  check: { cells: { label: string; message: string }[]; rules: { message: string; passed: boolean }[] };
  can: Record<string, boolean>;
}

const codes = QUALITY_MONTH_2024.indicators.map((i) => i.code);
const figures = (values: Record<string, number>): (number | null)[] => codes.map((c) => values[c] ?? 0);
const idx = (code: string): number => codes.indexOf(code);

beforeAll(async () => {
  t = await createTestApp();
  office = await t.login('tibet-reviewer');
  assoc = await t.login('tibet-assoc-reporter');
  const me = office.body.user as { unitId: number };
  assocId = (assoc.body.user as { unitId: number }).unitId;
  const children = (await office.get(`/api/units?parentId=${me.unitId}`)).json<{
    items: { id: number; name: string }[];
  }>().items;
  const lhasa = children.find((u) => u.name === '拉萨市市场监督管理局');
  const campaign = (
    await office.post('/api/campaigns', { ownerUnitId: me.unitId, year: 2099, name: '2099年全区质量月' })
  ).json<{ id: number }>();
  const n = (
    await office.post('/api/notices', {
      campaignId: campaign.id,
      issuerUnitId: me.unitId,
      title: '统计表测试',
      deadline: '2099-10-10',
      formCode: 'quality-month-2024',
      recipientUnitIds: [assocId, lhasa?.id],
    })
  ).json<{ id: number; version: number }>();
  noticeId = (await office.post(`/api/notices/${n.id}/issue`, { version: n.version })).json<{ id: number }>().id;
});
afterAll(async () => {
  await t.dispose();
});

describe('filling in and submitting the statistics table', () => {
  let report: Report;

  it('starts from an empty table of 31 figures and autosaves whatever is typed', async () => {
    const empty = (await assoc.get(`/api/notices/${noticeId}/reports/${assocId}`)).json<Report>();
    expect(empty).toMatchObject({ id: null, status: 'draft', version: 0 });
    expect(empty.figures).toHaveLength(31);
    const saved = await assoc.put(`/api/notices/${noticeId}/reports/${assocId}`, {
      version: 0,
      figures: figures({ pub_events: -3 }),
    });
    expect(saved.statusCode).toBe(200);
    report = saved.json<Report>();
    expect(report.figures[idx('pub_events')]).toBe(-3);
    expect(report.check.cells).toEqual([{ code: 'pub_events', label: '组织活动次数', message: '不能为负数' }]);
    const submit = await assoc.post(`/api/reports/${report.id}/submit`, { version: report.version });
    expect(submit.json()).toMatchObject({
      error: { code: 'REPORT_INVALID', message: '统计表有 1 处错误，请修改后再提交' },
    });
  });

  it('keeps blank cells blank and lets a table with blanks be submitted', async () => {
    const unitsOfTibet = (
      await office.get(`/api/units?parentId=${(office.body.user as { unitId: number }).unitId}`)
    ).json<{ items: { id: number; name: string }[] }>().items;
    const lhasa = unitsOfTibet.find((u) => u.name === '拉萨市市场监督管理局')?.id ?? 0;
    const blanks = codes.map((c) => (c === 'pub_events' ? 4 : null));
    const saved = (
      await office.put(`/api/notices/${noticeId}/reports/${lhasa}`, { version: 0, figures: blanks })
    ).json<Report>();
    const reread = (await office.get(`/api/notices/${noticeId}/reports/${lhasa}`)).json<Report>();
    expect(reread.figures).toEqual(blanks);
    expect(reread.check.cells).toEqual([]);
    const submitted = await office.post(`/api/reports/${saved.id}/submit`, { version: saved.version });
    expect(submitted.json()).toMatchObject({ status: 'submitted', onBehalf: true });
  });

  it('refuses non-numbers, wrong lengths and stale versions', async () => {
    const text = await assoc.put(`/api/notices/${noticeId}/reports/${assocId}`, {
      version: report.version,
      figures: ['十', ...figures({}).slice(1)],
    });
    expect(text.statusCode).toBe(400);
    const short = await assoc.put(`/api/notices/${noticeId}/reports/${assocId}`, {
      version: report.version,
      figures: [1, 2],
    });
    expect(short.json()).toMatchObject({
      error: { code: 'REPORT_FIGURES_LENGTH', message: '统计表应有 31 项数据，收到 2 项' },
    });
    const stale = await assoc.put(`/api/notices/${noticeId}/reports/${assocId}`, { version: 0, figures: figures({}) });
    expect(stale.json()).toMatchObject({ error: { code: 'STALE_EDIT' } });
  });

  it('keeps the summary, explanation and signature a save leaves out, and clears what it sets to null', async () => {
    interface Narrative {
      version: number;
      summary: string | null;
      explanation: string | null;
      signature: Record<string, string | null> | null;
    }
    const url = `/api/notices/${noticeId}/reports/${assocId}`;
    const signature = { reporter: '次仁', reviewer: '卓玛', phone: '0891-6833000', date: '2099-10-08' };
    const full = (
      await assoc.put(url, {
        version: report.version,
        figures: figures({}),
        summary: '<p>开展活动<script>x</script></p>',
        explanation: '口径不同',
        signature,
      })
    ).json<Narrative>();
    expect(full).toMatchObject({ summary: '<p>开展活动</p>', explanation: '口径不同', signature });
    const figuresOnly = (
      await assoc.put(url, { version: full.version, figures: figures({ pub_events: 2 }) })
    ).json<Narrative>();
    expect(figuresOnly).toMatchObject({
      version: full.version + 1,
      summary: '<p>开展活动</p>',
      explanation: '口径不同',
      signature,
    });
    const cleared = (
      await assoc.put(url, { version: figuresOnly.version, figures: figures({}), summary: null, signature: null })
    ).json<Narrative>();
    expect(cleared).toMatchObject({ summary: null, explanation: '口径不同', signature: null });
    report = (await assoc.get(url)).json<Report>();
    expect(report.version).toBe(cleared.version);
  });

  it('submits exactly once under two concurrent submits, with warnings shown', async () => {
    report = (
      await assoc.put(`/api/notices/${noticeId}/reports/${assocId}`, {
        version: report.version,
        figures: figures({ pub_events: 12, ent_hazards: 3, ent_solved: 5, enf_goods_value: 12.5 }),
      })
    ).json<Report>();
    expect(report.check.rules.filter((r) => !r.passed).map((r) => r.message)).toEqual([
      '解决质量问题数一般不超过查找质量隐患数',
    ]);
    const [a, b] = await Promise.all([
      assoc.post(`/api/reports/${report.id}/submit`, { version: report.version }),
      assoc.post(`/api/reports/${report.id}/submit`, { version: report.version }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    report = (a.statusCode === 200 ? a : b).json<Report>();
    expect(report).toMatchObject({ status: 'submitted', late: false, can: { edit: false } });
    const locked = await assoc.put(`/api/notices/${noticeId}/reports/${assocId}`, {
      version: report.version,
      figures: figures({}),
    });
    expect(locked.json()).toMatchObject({
      error: { code: 'REPORT_LOCKED', message: '该报表已提交，等待审核，不能修改' },
    });
  });

  it('shows the issuer who has reported, and nobody beside it anything', async () => {
    const progress = (await office.get(`/api/notices/${noticeId}/reports`)).json<{
      expected: number;
      submitted: number;
      notStarted: number;
      rows: { unitName: string; status: string }[];
    }>();
    expect(progress).toMatchObject({ expected: 2, submitted: 2, notStarted: 0 });
    expect(progress.rows.map((r) => [r.unitName, r.status]).sort()).toEqual([
      ['拉萨市市场监督管理局', 'submitted'],
      ['西藏自治区质量协会', 'submitted'],
    ]);
    const sibling = await t.login('sichuan-reviewer');
    expect((await sibling.get(`/api/notices/${noticeId}/reports/${assocId}`)).statusCode).toBe(404);
    expect((await sibling.get(`/api/notices/${noticeId}/reports`)).statusCode).toBe(404);
    expect((await assoc.post(`/api/reports/${report.id}/accept`, { version: report.version })).statusCode).toBe(403);
  });

  it('returns with a reason, shows the reviewer what changed on resubmission, and locks on acceptance', async () => {
    const noReason = await office.post(`/api/reports/${report.id}/return`, { version: report.version, reason: '' });
    expect(noReason.json()).toMatchObject({ error: { code: 'REPORT_RETURN_REASON_REQUIRED' } });
    report = (
      await office.post(`/api/reports/${report.id}/return`, {
        version: report.version,
        reason: '解决质量问题数大于查找数，请核实',
      })
    ).json<Report>();
    expect(report.status).toBe('returned');
    const seen = (await assoc.get(`/api/notices/${noticeId}/reports/${assocId}`)).json<
      Report & { returnReason: string }
    >();
    expect(seen.returnReason).toBe('解决质量问题数大于查找数，请核实');
    report = (
      await assoc.put(`/api/notices/${noticeId}/reports/${assocId}`, {
        version: seen.version,
        figures: figures({ pub_events: 12, ent_hazards: 5, ent_solved: 5, enf_goods_value: 12.5 }),
      })
    ).json<Report>();
    report = (await assoc.post(`/api/reports/${report.id}/submit`, { version: report.version })).json<Report>();
    const reviewed = (await office.get(`/api/notices/${noticeId}/reports/${assocId}`)).json<Report>();
    expect(reviewed.changed).toEqual([idx('ent_hazards')]);
    report = (await office.post(`/api/reports/${report.id}/accept`, { version: reviewed.version })).json<Report>();
    expect(report.status).toBe('accepted');
    const after = await assoc.put(`/api/notices/${noticeId}/reports/${assocId}`, {
      version: report.version,
      figures: figures({}),
    });
    expect(after.json()).toMatchObject({
      error: { code: 'REPORT_LOCKED', message: '该报表已审核通过并锁定，不能修改' },
    });
  });

  it('keeps archived campaigns read-only', async () => {
    const inbox = (await assoc.get('/api/notices/inbox')).json<{ items: { id: number; docNumber: string | null }[] }>()
      .items;
    const demo = inbox.find((i) => i.docNumber === '藏质标办〔2024〕2号');
    const res = await assoc.put(`/api/notices/${demo?.id}/reports/${assocId}`, { version: 0, figures: figures({}) });
    expect(res.json()).toMatchObject({ error: { code: 'CAMPAIGN_ARCHIVED' } });
  });
});
