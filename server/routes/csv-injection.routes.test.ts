import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantsOf } from '../db/repositories/user.repository.ts';
import { getExportJob, runExportJob, startRollupExport } from '../services/export-job.service.ts';
import type { RequestCtx } from '../services/service-context.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';

// Names a unit admin could give a unit: each would run as a formula if a spreadsheet opened it raw.
const HOSTILE = [
  '=HYPERLINK("http://evil.example","点我")',
  '=1+1',
  "+cmd|' /C calc'!A0",
  '@SUM(1+1)',
  '-2+3',
  '\t=1+1',
];
const RENAMED = [
  '拉萨市市场监督管理局',
  '日喀则市市场监督管理局',
  '昌都市市场监督管理局',
  '林芝市市场监督管理局',
  '山南市市场监督管理局',
  '那曲市市场监督管理局',
];

let t: TestApp;
let office: Client;
let demo = 0;

beforeAll(async () => {
  t = await createTestApp();
  for (const [i, name] of RENAMED.entries()) {
    await t.database.db.execute(sql`update units set name = ${HOSTILE[i]} where name = ${name}`);
  }
  office = await t.login('tibet-reviewer');
  demo =
    (await office.get('/api/notices/outbox'))
      .json<{ items: { id: number; docNumber: string | null }[] }>()
      .items.find((n) => n.docNumber === '藏质标办〔2024〕2号')?.id ?? 0;
});
afterAll(async () => {
  await t.dispose();
});

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted && ch === '"' && src[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && ch === '\r' && src[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += ch;
    }
  }
  return rows;
}

function checkNeutralised(rows: string[][]): void {
  // One row per unit (issue H): the unit's name first, then 已报, 应报 and the figures.
  const names = rows.slice(1).map((r) => r[0] ?? '');
  for (const name of HOSTILE) {
    expect(names).toContain(`'${name}`);
    expect(names).not.toContain(name);
  }
  // No text cell anywhere starts a formula …
  for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+@\t\r]/);
  // … and the figures stay plain numbers.
  const figures = rows.slice(1).flatMap((r) => r.slice(1));
  expect(figures.filter((f) => f !== '').every((f) => /^-?\d+(\.\d+)?$/.test(f))).toBe(true);
  expect(figures.some((f) => Number(f) > 0)).toBe(true);
}

describe('CSV exports neutralise formula-like text', () => {
  it('writes hostile unit names with a leading apostrophe in /rollup.csv', async () => {
    const res = await office.get(`/api/notices/${demo}/rollup.csv`);
    expect(res.statusCode).toBe(200);
    checkNeutralised(parseCsv(res.rawPayload.toString('utf8')));
  });

  it('does the same in the CSV export job', async () => {
    const me = (await office.get('/api/auth/me')).json<{
      user: { id: number; username: string; displayName: string; unitId: number };
    }>().user;
    const grants = (await grantsOf(t.database.db, [me.id])).get(me.id) ?? [];
    const ctx: RequestCtx = {
      actor: {
        ...me,
        userId: me.id,
        grants: grants.map((g) => ({ unitId: g.unitId, unitPath: g.unitPath, role: g.role })),
      },
      ip: null,
    };
    const job = await startRollupExport(
      t.deps,
      ctx,
      { noticeId: demo, by: 'child', status: 'submitted', format: 'csv' },
      { start: false },
    );
    await runExportJob(t.deps, ctx, job.id);
    const done = await getExportJob(t.deps, ctx, job.id);
    expect(done.status).toBe('done');
    const file = await office.get(String(done.downloadUrl));
    expect(file.statusCode).toBe(200);
    checkNeutralised(parseCsv(file.rawPayload.toString('utf8')));
  });
});
