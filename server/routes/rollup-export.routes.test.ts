import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALITY_MONTH_2024 } from '../../domain/forms/quality-month-2024.form.ts';
import { grantsOf } from '../db/repositories/user.repository.ts';
import { cancelExportJob, getExportJob, runExportJob, startRollupExport } from '../services/export-job.service.ts';
import type { RequestCtx } from '../services/service-context.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';

let t: TestApp;
let office: Client;
let demo = 0;
const codes = QUALITY_MONTH_2024.indicators.map((i) => i.code);
const at = (code: string): number => codes.indexOf(code);
interface Rollup {
  total: { values: number[]; covered: number; expected: number };
  columns: { name: string; values: number[]; covered: number; expected: number }[];
}
interface Job {
  id: number;
  status: string;
  progress: number;
  total: number;
  fileName: string | null;
  downloadUrl: string | null;
  error: string | null;
}

const exportsDir = (): string => path.join(t.env.dataDir, 'files', 'exports');
const exportFiles = (): string[] => (existsSync(exportsDir()) ? readdirSync(exportsDir()) : []);
const exportFileRows = async (): Promise<number> =>
  (await t.database.pool.query<{ n: number }>(`select count(*)::int n from files where storage_key like 'exports/%'`))
    .rows[0]?.n ?? 0;

async function sheetOf(body: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no sheet');
  return ws;
}

async function ctxOf(c: Client): Promise<RequestCtx> {
  const me = (await c.get('/api/auth/me')).json<{
    user: { id: number; username: string; displayName: string; unitId: number };
  }>().user;
  const grants = (await grantsOf(t.database.db, [me.id])).get(me.id) ?? [];
  return {
    actor: {
      userId: me.id,
      username: me.username,
      displayName: me.displayName,
      unitId: me.unitId,
      grants: grants.map((g) => ({ unitId: g.unitId, unitPath: g.unitPath, role: g.role })),
    },
    ip: null,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  office = await t.login('tibet-reviewer');
  demo =
    (await office.get('/api/notices/outbox'))
      .json<{ items: { id: number; docNumber: string | null }[] }>()
      .items.find((n) => n.docNumber === '藏质标办〔2024〕2号')?.id ?? 0;
});
afterAll(async () => {
  await t.dispose();
});

describe('roll-up CSV', () => {
  it('has a row per unit (合计 first), 已报 and 应报 as numbers, meaningful headers, a BOM, CRLF, every field quoted', async () => {
    const rollup = (await office.get(`/api/notices/${demo}/rollup`)).json<Rollup>();
    const res = await office.get(`/api/notices/${demo}/rollup.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(String(res.headers['content-disposition'])).toContain('.csv');
    const raw = res.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = raw.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n').slice(0, -1);
    expect(lines).toHaveLength(1 + 1 + rollup.columns.length);
    for (const l of lines) expect(l.startsWith('"')).toBe(true);
    const cells = (l: string): string[] => l.slice(1, -1).split('","');
    const header = cells(lines[0] ?? '');
    expect(header.slice(0, 3)).toEqual(['单位', '已报', '应报']);
    expect(header[3 + at('pub_leader_provincial')]).toBe('宣传活动·领导参与情况·省部级(人次)');
    expect(header.some((h) => /类别\d/.test(h))).toBe(false);
    expect(new Set(header).size).toBe(header.length);
    const total = cells(lines[1] ?? '');
    expect(total.slice(0, 3)).toEqual(['合计', String(rollup.total.covered), String(rollup.total.expected)]);
    expect(Number(total[3 + at('pub_events')])).toBe(rollup.total.values[at('pub_events')]);
    expect(lines.slice(2).map((l) => cells(l)[0])).toEqual(rollup.columns.map((c) => c.name));
    // Nothing a spreadsheet would read as a date (1/1) or a formula.
    for (const l of lines.slice(1)) for (const c of cells(l).slice(1)) expect(c).toMatch(/^(\d+(\.\d+)?)?$/);
  });

  it('writes 万元 with two decimals', async () => {
    const text = (await office.get(`/api/notices/${demo}/rollup.csv`)).rawPayload.subarray(3).toString('utf8');
    const i = QUALITY_MONTH_2024.indicators.findIndex((x) => x.type === 'decimal2');
    const total = (text.split('\r\n')[1] ?? '').slice(1, -1).split('","');
    expect(total[3 + i]).toMatch(/^\d+\.\d{2}$/);
  });

  it('refuses a notice one cannot see with an error, not an empty file', async () => {
    const sichuan = await t.login('sichuan-reviewer');
    const res = await sichuan.get(`/api/notices/${demo}/rollup.csv`);
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string } }>().error.code).toBeTruthy();
    const assoc = await t.login('tibet-assoc-reporter');
    const denied = await assoc.get(`/api/notices/${demo}/rollup.csv`);
    expect([403, 404]).toContain(denied.statusCode);
    expect(denied.headers['content-type']).toContain('application/json');
    expect((await assoc.post(`/api/notices/${demo}/rollup-exports`, { by: 'county' })).statusCode).toBe(
      denied.statusCode,
    );
  });

  it('says there is nothing to export when nothing was reported', async () => {
    const res = await office.get(`/api/notices/${demo}/rollup.csv?status=accepted&by=county`);
    const r = (await office.get(`/api/notices/${demo}/rollup?status=accepted&by=county`)).json<{ empty: boolean }>();
    if (r.empty) expect(res.json<{ error: { code: string } }>().error.code).toBe('ROLLUP_EMPTY');
    const tibet = (office.body.user as { unitId: number }).unitId;
    const lhasa = (await office.get(`/api/units?parentId=${tibet}`))
      .json<{ items: { id: number; name: string }[] }>()
      .items.find((u) => u.name === '拉萨市市场监督管理局')?.id;
    const campaign = (await office.post('/api/campaigns', { ownerUnitId: tibet, year: 2098, name: '空' })).json<{
      id: number;
    }>();
    const n = (
      await office.post('/api/notices', {
        campaignId: campaign.id,
        issuerUnitId: tibet,
        title: '空汇总',
        formCode: 'quality-month-2024',
        recipientUnitIds: [lhasa],
      })
    ).json<{ id: number; version: number }>();
    await office.post(`/api/notices/${n.id}/issue`, { version: n.version });
    for (const url of [`/api/notices/${n.id}/rollup.csv`, `/api/notices/${n.id}/rollup.xlsx`]) {
      const empty = await office.get(url);
      expect(empty.statusCode).toBe(409);
      expect(empty.json<{ error: { code: string; message: string } }>().error).toMatchObject({
        code: 'ROLLUP_EMPTY',
        message: '尚无单位提交报表，暂无汇总可导出',
      });
    }
  });
});

describe('roll-up .xlsx', () => {
  it('re-reads with 合计, the total and the 已报/应报 row', async () => {
    const rollup = (await office.get(`/api/notices/${demo}/rollup?by=prefecture`)).json<Rollup>();
    const res = await office.get(`/api/notices/${demo}/rollup.xlsx?by=prefecture`);
    expect(res.statusCode).toBe(200);
    const ws = await sheetOf(res.rawPayload);
    const header = ws.getRow(3).values as unknown[];
    const totalCol = header.indexOf('合计');
    expect(totalCol).toBeGreaterThan(0);
    expect(header.slice(totalCol + 1)).toEqual(rollup.columns.map((c) => c.name));
    let pubRow = 0;
    let doneRow = 0;
    ws.eachRow((row, n) => {
      const texts = (row.values as unknown[]).map((v) => (typeof v === 'string' ? v : ''));
      if (texts.some((v) => v.startsWith('组织活动次数'))) pubRow = n;
      if (texts.includes('已报/应报')) doneRow = n;
    });
    expect(ws.getRow(pubRow).getCell(totalCol).value).toBe(rollup.total.values[at('pub_events')]);
    expect(ws.getRow(doneRow).getCell(totalCol).value).toBe(`${rollup.total.covered}/${rollup.total.expected}`);
  });
});

describe('exports of a region drilled into', () => {
  it("hold that region's units only, and say which region in the file and its name", async () => {
    const tibet = (office.body.user as { unitId: number }).unitId;
    const assoc =
      (await office.get(`/api/units?parentId=${tibet}`))
        .json<{ items: { id: number; name: string }[] }>()
        .items.find((u) => u.name === '西藏自治区质量协会')?.id ?? 0;
    const whole = (await office.get(`/api/notices/${demo}/rollup`)).json<Rollup>();
    const inside = (await office.get(`/api/notices/${demo}/rollup?region=${assoc}`)).json<Rollup>();
    expect(inside.total.expected).toBeLessThan(whole.total.expected);

    const xlsx = await office.get(`/api/notices/${demo}/rollup.xlsx?region=${assoc}`);
    expect(xlsx.statusCode).toBe(200);
    expect(decodeURIComponent(String(xlsx.headers['content-disposition']))).toContain('汇总-西藏自治区质量协会.xlsx');
    const ws = await sheetOf(xlsx.rawPayload);
    const texts: string[] = [];
    ws.eachRow((row) => {
      for (const v of row.values as unknown[]) if (typeof v === 'string') texts.push(v);
    });
    expect(texts.some((v) => v.includes('（汇总·西藏自治区质量协会）'))).toBe(true);
    const header = ws.getRow(3).values as unknown[];
    const totalCol = header.indexOf('合计');
    expect(header.slice(totalCol + 1)).toEqual(inside.columns.map((c) => c.name));
    let doneRow = 0;
    ws.eachRow((row, n) => {
      if ((row.values as unknown[]).includes('已报/应报')) doneRow = n;
    });
    expect(ws.getRow(doneRow).getCell(totalCol).value).toBe(`${inside.total.covered}/${inside.total.expected}`);

    const csv = (await office.get(`/api/notices/${demo}/rollup.csv?region=${assoc}`)).body.replace(/^\uFEFF/, '');
    expect(csv.split('\r\n').map((l) => l.split('","')[0]?.slice(1))).toEqual([
      '单位',
      '合计',
      ...inside.columns.map((c) => c.name),
      '',
    ]);
    expect((await office.get(`/api/notices/${demo}/rollup.xlsx?region=99999999`)).statusCode).toBe(404);
  });
});

describe('export jobs', () => {
  it('run off the request: progress reaches the total, then the file downloads', async () => {
    const started = await office.post(`/api/notices/${demo}/rollup-exports`, { by: 'prefecture' });
    expect(started.statusCode).toBe(202);
    const job = started.json<Job>();
    let now = job;
    for (let i = 0; i < 200 && (now.status === 'queued' || now.status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      now = (await office.get(`/api/export-jobs/${job.id}`)).json<Job>();
    }
    expect(now).toMatchObject({ status: 'done', error: null });
    expect(now.total).toBeGreaterThan(0);
    expect(now.progress).toBe(now.total);
    expect(now.fileName).toMatch(/汇总\.xlsx$/);
    const file = await office.get(now.downloadUrl ?? '');
    expect(file.statusCode).toBe(200);
    const ws = await sheetOf(file.rawPayload);
    expect((ws.getRow(3).values as unknown[]).includes('合计')).toBe(true);
    expect((await office.get('/api/export-jobs')).json<{ items: Job[] }>().items[0]?.id).toBe(job.id);
    // Someone else's job does not exist for them.
    const other = await t.login('tibet-reporter');
    expect((await other.get(`/api/export-jobs/${job.id}`)).statusCode).toBe(404);
    expect((await other.get(`/api/export-jobs/${job.id}/file`)).statusCode).toBe(404);
    // Removing a finished job removes its file.
    expect(exportFiles()).toHaveLength(1);
    expect((await office.delete(`/api/export-jobs/${job.id}`)).json<Job>().status).toBe('cancelled');
    expect(exportFiles()).toHaveLength(0);
    expect(await exportFileRows()).toBe(0);
    expect((await office.get(`/api/export-jobs/${job.id}/file`)).statusCode).toBe(409);
  });

  it('cancelled while running: stops at the next row and leaves no file', async () => {
    const ctx = await ctxOf(office);
    const job = await startRollupExport(
      t.deps,
      ctx,
      { noticeId: demo, by: 'child', status: 'submitted', format: 'xlsx' },
      { start: false },
    );
    let seen = 0;
    await runExportJob(t.deps, ctx, job.id, {
      onProgress: async (done) => {
        seen = done;
        if (done === 3) await cancelExportJob(t.deps, ctx, job.id);
      },
    });
    const after = await getExportJob(t.deps, ctx, job.id);
    expect(seen).toBe(3);
    expect(after).toMatchObject({ status: 'cancelled', downloadUrl: null, fileName: null });
    expect(after.progress).toBeLessThan(after.total);
    expect(exportFiles()).toHaveLength(0);
    expect(await exportFileRows()).toBe(0);
  });

  it('cancelled before it starts: never runs', async () => {
    const ctx = await ctxOf(office);
    const job = await startRollupExport(
      t.deps,
      ctx,
      { noticeId: demo, by: 'child', status: 'submitted', format: 'csv' },
      { start: false },
    );
    expect((await office.delete(`/api/export-jobs/${job.id}`)).json<Job>().status).toBe('cancelled');
    await runExportJob(t.deps, ctx, job.id);
    expect((await getExportJob(t.deps, ctx, job.id)).status).toBe('cancelled');
    expect(exportFiles()).toHaveLength(0);
  });

  it('fails with the reason when there is nothing to export', async () => {
    const ctx = await ctxOf(office);
    const r = (await office.get(`/api/notices/${demo}/rollup?status=accepted&by=county`)).json<{ empty: boolean }>();
    const job = await startRollupExport(
      t.deps,
      ctx,
      { noticeId: demo, by: 'county', status: 'accepted', format: 'xlsx' },
      { start: false },
    );
    await runExportJob(t.deps, ctx, job.id);
    const after = await getExportJob(t.deps, ctx, job.id);
    expect(after.status).toBe(r.empty ? 'failed' : 'done');
    if (r.empty) expect(after.error).toBe('尚无已通过审核的报表，暂无汇总可导出');
  });
});
