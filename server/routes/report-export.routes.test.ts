import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALITY_MONTH_2024 } from '../../domain/forms/quality-month-2024.form.ts';
import { statsWorkbook } from '../documents/stats-xlsx.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';

let t: TestApp;
let office: Client;
let assoc: Client;
let assocId = 0;
let lhasaId = 0;
const notices: number[] = [];
interface Report {
  id: number;
  version: number;
  figures: (number | null)[];
  status: string;
  problems?: { cell: string; message: string }[];
}

const codes = QUALITY_MONTH_2024.indicators.map((i) => i.code);
const figures = (values: Record<string, number>): (number | null)[] => codes.map((c) => values[c] ?? null);
const FILLED = figures({
  pub_leader_city: 3,
  pub_events: 12,
  pub_attendance: 2600,
  press_releases: 4,
  broadcast_count: 6,
  broadcast_minutes: 95,
  ent_hazards: 9,
  ent_solved: 7,
  enf_goods_value: 12.5,
});
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  t = await createTestApp();
  office = await t.login('tibet-reviewer');
  assoc = await t.login('tibet-assoc-reporter');
  const me = office.body.user as { unitId: number };
  assocId = (assoc.body.user as { unitId: number }).unitId;
  const children = (await office.get(`/api/units?parentId=${me.unitId}`)).json<{
    items: { id: number; name: string }[];
  }>().items;
  lhasaId = children.find((u) => u.name === '拉萨市市场监督管理局')?.id ?? 0;
  const campaign = (
    await office.post('/api/campaigns', { ownerUnitId: me.unitId, year: 2099, name: '2099年全区质量月' })
  ).json<{ id: number }>();
  // Two notices to the same units: the second gives a fresh draft to import into.
  for (const title of ['统计表导出测试', '统计表导入测试']) {
    const n = (
      await office.post('/api/notices', {
        campaignId: campaign.id,
        issuerUnitId: me.unitId,
        title,
        deadline: '2099-10-10',
        formCode: 'quality-month-2024',
        recipientUnitIds: [assocId, lhasaId],
      })
    ).json<{ id: number; version: number }>();
    notices.push((await office.post(`/api/notices/${n.id}/issue`, { version: n.version })).json<{ id: number }>().id);
  }
});
afterAll(async () => {
  await t.dispose();
});

function upload(c: Client, noticeId: number, unitId: number, file: Buffer, version: number, name = '统计表.xlsx') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), name);
  return t.app.inject({
    method: 'POST',
    url: `/api/notices/${noticeId}/reports/${unitId}/xlsx?version=${version}`,
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrfToken },
    payload: form,
  });
}

async function sheet(buf: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb.worksheets[0] as ExcelJS.Worksheet;
}

describe('the statistics table of a report as .xlsx', () => {
  let exported: Buffer;

  it('exports the filled report in the printed layout, named after the unit and the form', async () => {
    const saved = await assoc.put(`/api/notices/${notices[0]}/reports/${assocId}`, {
      version: 0,
      figures: FILLED,
      signature: { reporter: '次仁', reviewer: '卓玛', phone: '0891-6833000', date: '2099-10-08' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const res = await assoc.get(`/api/notices/${notices[0]}/reports/${assocId}/xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('西藏自治区质量协会-2024年“质量月”活动统计表.xlsx')}`,
    );
    exported = res.rawPayload;
    const ws = await sheet(exported);
    expect(ws.getCell('A1').value).toBe('2024年“质量月”活动统计表');
    expect(ws.getCell('A2').value).toBe('填报单位：西藏自治区质量协会');
    expect(ws.getCell('C2').value).toBe('填报日期：2099年10月8日');
    expect((ws.model as unknown as { merges: string[] }).merges).toEqual(expect.arrayContaining(['A4:A10', 'B4:B6']));
    expect([
      ws.getCell('D5').value,
      ws.getCell('D7').value,
      ws.getCell('B14').value,
      ws.getCell('D14').value,
      ws.getCell('D32').value,
      ws.getCell('D4').value,
    ]).toEqual([3, 12, 6, 95, 12.5, null]);
    // The signature block: 填报人 on the left, 审核人 beside it (issue H's one-page layout).
    expect(ws.getCell('A35').value).toBe('填报人：次仁');
    expect(ws.getCell('C35').value).toBe('审核人：卓玛');
  });

  it('imports the exported file into a fresh draft with the same figures', async () => {
    const res = await upload(assoc, notices[1] ?? 0, assocId, exported, 0);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<Report>();
    expect(report).toMatchObject({ status: 'draft', version: 1, problems: [] });
    expect(report.figures).toEqual(FILLED);
    const again = (await assoc.get(`/api/notices/${notices[1]}/reports/${assocId}`)).json<Report>();
    expect(again.figures).toEqual(FILLED);
  });

  it('answers each bad cell, keeps the rest, and refuses a stale version', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    ws.getCell('D7').value = '十二';
    ws.getCell('D8').value = -5;
    ws.getCell('D9').value = 1.5;
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const stale = await upload(assoc, notices[1] ?? 0, assocId, file, 0);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'STALE_EDIT' } });
    const res = await upload(assoc, notices[1] ?? 0, assocId, file, 1);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<Report>();
    expect(report.problems).toEqual([
      { cell: 'D7', message: 'D7：应为数字，实际为“十二”' },
      { cell: 'D8', message: 'D8：不能为负数，实际为 -5' },
      { cell: 'D9', message: 'D9：应为整数，实际为 1.5' },
    ]);
    expect(report.figures.slice(3, 7)).toEqual([null, -5, 1.5, null]);
    expect(report.figures[codes.indexOf('enf_goods_value')]).toBe(12.5);
  });

  it('refuses a workbook of another form, another unit, and files that are not workbooks', async () => {
    const other = new ExcelJS.Workbook();
    const ws = other.addWorksheet('用户');
    ws.getCell('A1').value = '用户名';
    ws.getCell('B1').value = '姓名';
    const wrong = await upload(assoc, notices[1] ?? 0, assocId, Buffer.from(await other.xlsx.writeBuffer()), 2);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({
      error: {
        code: 'REPORT_XLSX_WRONG_FORM',
        message: expect.stringContaining('这不是《2024年“质量月”活动统计表》') as unknown,
      },
    });
    // The office may fill in Lhasa's table on its behalf, but not with the association's file.
    const unit = await upload(office, notices[1] ?? 0, lhasaId, exported, 0);
    expect(unit.statusCode).toBe(400);
    expect(unit.json()).toMatchObject({
      error: {
        code: 'REPORT_XLSX_WRONG_UNIT',
        message: '这是“西藏自治区质量协会”的统计表，不是“拉萨市市场监督管理局”的，请确认后再导入',
      },
    });
    const lhasaTable = await statsWorkbook(QUALITY_MONTH_2024, {
      unitLine: '拉萨市市场监督管理局',
      dateLine: '',
      columns: [{ header: '数值', values: figures({ pub_events: 4 }) }],
    });
    const onBehalf = await upload(office, notices[1] ?? 0, lhasaId, lhasaTable, 0);
    expect(onBehalf.statusCode, onBehalf.body).toBe(200);
    expect(onBehalf.json<Report>().figures[codes.indexOf('pub_events')]).toBe(4);
    const lying = await upload(
      assoc,
      notices[1] ?? 0,
      assocId,
      Buffer.from('%PDF-1.7\n\u0000\u0001binary'),
      2,
      '统计表.xlsx',
    );
    expect(lying.json()).toMatchObject({ error: { code: 'FILE_UNREADABLE' } });
    const corrupt = await upload(assoc, notices[1] ?? 0, assocId, Buffer.concat([exported.subarray(0, 200)]), 2);
    expect(corrupt.json()).toMatchObject({
      error: { code: 'FILE_UNREADABLE', message: '无法读取文件：文件已损坏或不是有效的 .xlsx 工作簿' },
    });
    const empty = await upload(assoc, notices[1] ?? 0, assocId, Buffer.alloc(0), 2);
    expect(empty.json()).toMatchObject({ error: { code: 'FILE_UNREADABLE' } });
    // Nothing of the refused files reached the draft.
    expect((await assoc.get(`/api/notices/${notices[1]}/reports/${assocId}`)).json<Report>().version).toBe(2);
  });

  it('answers 404 JSON, never a file, to whoever may not see the report', async () => {
    // The issuer never sees a draft; a sibling province sees nothing of Tibet's reports.
    const issuer = await office.get(`/api/notices/${notices[0]}/reports/${assocId}/xlsx`);
    expect(issuer.statusCode).toBe(404);
    expect(issuer.headers['content-type']).toMatch(/application\/json/);
    expect(issuer.json()).toMatchObject({ error: { code: 'REPORT_NOT_FOUND' } });
    const sibling = await t.login('sichuan-reviewer');
    const res = await sibling.get(`/api/notices/${notices[0]}/reports/${assocId}/xlsx`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'REPORT_NOT_FOUND' } });
    expect((await upload(sibling, notices[1] ?? 0, assocId, exported, 2)).statusCode).toBe(404);
  });

  it('lets the issuer export a submitted report', async () => {
    const current = (await assoc.get(`/api/notices/${notices[0]}/reports/${assocId}`)).json<Report>();
    const draft = (
      await assoc.put(`/api/notices/${notices[0]}/reports/${assocId}`, {
        version: current.version,
        figures: FILLED.map((v) => v ?? 0),
      })
    ).json<Report>();
    const submitted = await assoc.post(`/api/reports/${draft.id}/submit`, { version: draft.version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const res = await office.get(`/api/notices/${notices[0]}/reports/${assocId}/xlsx`);
    expect(res.statusCode).toBe(200);
    expect((await sheet(res.rawPayload)).getCell('D7').value).toBe(12);
  });
});
