import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALITY_MONTH_2024 } from '../../domain/forms/quality-month-2024.form.ts';
import { statsWorkbook } from '../documents/stats-xlsx.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';

// An office uploads tables collected offline from many units and gets a result per table.
let t: TestApp;
let office: Client;
let noticeId = 0;
const unit: Record<string, number> = {};

interface Row {
  file: string;
  sheet: string | null;
  unitName: string | null;
  unitId: number | null;
  outcome: string;
  message: string;
  problems: { cell: string; message: string }[];
  status: string | null;
  reportId: number | null;
}
interface Result {
  rows: Row[];
  imported: number;
  submitted: number;
  failed: number;
}

const codes = QUALITY_MONTH_2024.indicators.map((i) => i.code);
const figures = (seed: number): (number | null)[] => codes.map((c, i) => (c === 'ent_solved' ? 0 : (seed + i) % 50));
const table = (unitLine: string, seed: number): Promise<Buffer> =>
  statsWorkbook(QUALITY_MONTH_2024, {
    unitLine,
    dateLine: '2099年10月8日',
    columns: [{ header: '数值', values: figures(seed) }],
  });

/** One workbook with a sheet per unit (copied from single exports), plus a notes sheet without the table. */
async function perSheet(
  sheets: { name: string; file: Buffer; edit?: (ws: ExcelJS.Worksheet) => void }[],
): Promise<Buffer> {
  const out = new ExcelJS.Workbook();
  out.addWorksheet('填表说明').getCell('A1').value = '各单位统计表汇总，每个工作表为一个单位';
  for (const s of sheets) {
    const src = new ExcelJS.Workbook();
    await src.xlsx.load(s.file as unknown as ArrayBuffer);
    const from = src.worksheets[0] as ExcelJS.Worksheet;
    const ws = out.addWorksheet(s.name);
    from.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (!cell.isMerged || cell.master.address === cell.address) ws.getCell(r, c).value = cell.value;
      }),
    );
    for (const range of (from.model as unknown as { merges: string[] }).merges) ws.mergeCells(range);
    s.edit?.(ws);
  }
  return Buffer.from(await out.xlsx.writeBuffer());
}

function bulk(c: Client, files: { name: string; data: Buffer }[], submit = false) {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([new Uint8Array(f.data)]), f.name);
  if (submit) form.append('submit', 'true');
  return t.app.inject({
    method: 'POST',
    url: `/api/notices/${noticeId}/reports/bulk-xlsx`,
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrfToken },
    payload: form,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  office = await t.login('tibet-reviewer');
  const me = (office.body.user as { unitId: number }).unitId;
  const children = (await office.get(`/api/units?parentId=${me}`)).json<{ items: { id: number; name: string }[] }>()
    .items;
  for (const u of children) unit[u.name] = u.id;
  const assoc = await t.login('tibet-assoc-reporter');
  unit['西藏自治区质量协会'] = (assoc.body.user as { unitId: number }).unitId;
  const campaign = (await office.post('/api/campaigns', { ownerUnitId: me, year: 2099, name: '2099年批量导入' })).json<{
    id: number;
  }>();
  const recipients = ['拉萨市市场监督管理局', '日喀则市市场监督管理局', '西藏自治区质量协会'].map((n) => unit[n]);
  const n = (
    await office.post('/api/notices', {
      campaignId: campaign.id,
      issuerUnitId: me,
      title: '批量导入测试',
      deadline: '2099-10-10',
      formCode: 'quality-month-2024',
      recipientUnitIds: recipients,
    })
  ).json<{ id: number; version: number }>();
  noticeId = (await office.post(`/api/notices/${n.id}/issue`, { version: n.version })).json<{ id: number }>().id;
});
afterAll(async () => {
  await t.dispose();
});

describe('bulk import of statistics tables', () => {
  it('imports each good table as a draft on the unit’s behalf and says why every other one was not', async () => {
    const lhasa = await table('拉萨市市场监督管理局', 1);
    const workbook = await perSheet([
      // No unit on the 填报单位 line: the sheet's name says whose it is.
      { name: '西藏自治区质量协会', file: await table('', 2) },
      {
        name: '日喀则市市场监督管理局',
        file: await table('日喀则市市场监督管理局', 3),
        edit: (ws) => {
          ws.getCell('D7').value = '十二';
        },
      },
    ]);
    const res = await bulk(office, [
      { name: '拉萨.xlsx', data: lhasa },
      { name: '各单位汇总.xlsx', data: workbook },
      { name: '昌都.xlsx', data: await table('昌都市市场监督管理局', 4) },
      { name: '四川.xlsx', data: await table('四川省市场监督管理局', 5) },
      { name: '改名的公文.xlsx', data: Buffer.from('PK\u0003\u0004 not really a workbook') },
      { name: '拉萨（重复）.xlsx', data: lhasa },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json<Result>();
    expect(result).toMatchObject({ imported: 2, submitted: 0, failed: 5 });
    const byFile = result.rows.map((r) => [r.file, r.sheet, r.unitName, r.outcome]);
    expect(byFile).toEqual([
      ['拉萨.xlsx', null, '拉萨市市场监督管理局', 'imported'],
      ['各单位汇总.xlsx', '西藏自治区质量协会', '西藏自治区质量协会', 'imported'],
      ['各单位汇总.xlsx', '日喀则市市场监督管理局', '日喀则市市场监督管理局', 'table_error'],
      ['昌都.xlsx', null, '昌都市市场监督管理局', 'not_recipient'],
      ['四川.xlsx', null, '四川省市场监督管理局', 'unit_unknown'],
      ['改名的公文.xlsx', null, null, 'table_error'],
      ['拉萨（重复）.xlsx', null, '拉萨市市场监督管理局', 'duplicate'],
    ]);
    const shigatse = result.rows[2];
    expect(shigatse?.problems).toEqual([{ cell: 'D7', message: 'D7：应为数字，实际为“十二”' }]);
    expect(result.rows[3]?.message).toBe('“昌都市市场监督管理局”不是本通知的填报单位');
    expect(result.rows[5]?.message).toMatch(/损坏|不是有效的 \.xlsx/);

    // The imported drafts are the tables' figures, marked as filled in on the unit's behalf; the failed unit has nothing.
    const report = (await office.get(`/api/notices/${noticeId}/reports/${unit['拉萨市市场监督管理局']}`)).json<{
      figures: number[];
      onBehalf: boolean;
      status: string;
    }>();
    expect(report).toMatchObject({ status: 'draft', onBehalf: true });
    expect(report.figures).toEqual(figures(1));
    const progress = (await office.get(`/api/notices/${noticeId}/reports`)).json<{
      rows: { unitName: string; status: string }[];
    }>();
    expect(Object.fromEntries(progress.rows.map((r) => [r.unitName, r.status]))).toEqual({
      拉萨市市场监督管理局: 'draft',
      日喀则市市场监督管理局: 'not_started',
      西藏自治区质量协会: 'draft',
    });
    const audit = await t.database.pool.query<{ summary: { import?: string } }>(
      `select summary from audit_log where action = 'report.save' and object_id = $1`,
      [String(result.rows[1]?.reportId)],
    );
    expect(audit.rows.map((r) => r.summary.import)).toEqual(['各单位汇总.xlsx（西藏自治区质量协会）']);
  });

  it('submits straight away when asked, and never overwrites an accepted report', async () => {
    const first = (
      await bulk(
        office,
        [
          { name: '拉萨.xlsx', data: await table('拉萨市市场监督管理局', 6) },
          { name: '日喀则.xlsx', data: await table('日喀则市市场监督管理局', 7) },
        ],
        true,
      )
    ).json<Result>();
    expect(first).toMatchObject({ imported: 0, submitted: 2, failed: 0 });
    expect(first.rows.map((r) => r.status)).toEqual(['submitted', 'submitted']);
    const lhasa = first.rows[0];
    const current = (await office.get(`/api/notices/${noticeId}/reports/${lhasa?.unitId}`)).json<{
      version: number;
      figures: number[];
      onBehalf: boolean;
    }>();
    expect(current).toMatchObject({ onBehalf: true, figures: figures(6) });
    expect((await office.post(`/api/reports/${lhasa?.reportId}/accept`, { version: current.version })).statusCode).toBe(
      200,
    );

    const again = (
      await bulk(office, [
        { name: '拉萨.xlsx', data: await table('拉萨市市场监督管理局', 8) },
        { name: '日喀则.xlsx', data: await table('日喀则市市场监督管理局', 9) },
      ])
    ).json<Result>();
    expect(again.rows.map((r) => [r.outcome, r.message])).toEqual([
      ['locked', '报表已审核通过，不能覆盖'],
      ['locked', '报表已提交待审核，不能覆盖；如需修改请先退回'],
    ]);
    expect(
      (await office.get(`/api/notices/${noticeId}/reports/${lhasa?.unitId}`)).json<{ figures: number[] }>().figures,
    ).toEqual(figures(6));
  });

  it('is the issuing office’s alone', async () => {
    const file = [{ name: '拉萨.xlsx', data: await table('拉萨市市场监督管理局', 1) }];
    expect((await bulk(await t.login('tibet-assoc-reporter'), file)).statusCode).toBe(403);
    expect((await bulk(await t.login('sichuan-reviewer'), file)).statusCode).toBe(404);
    const none = await bulk(office, []);
    expect(none.json()).toMatchObject({ error: { code: 'REPORT_BULK_EMPTY' } });
  });
});
