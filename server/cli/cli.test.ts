import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../test/test-app.ts';
import { childEnv } from '../test/test-config.ts';

const run = promisify(execFile);
const cli = (args: string[], env: Record<string, string>) =>
  run('node', ['--import', 'tsx', 'server/cli/main.ts', ...args], { env: childEnv(env) });

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.dispose();
});

function where(): Record<string, string> {
  return db.database.kind === 'pglite'
    ? { DATA_DIR: db.dataDir }
    : { DATABASE_URL: String(db.database.pool.options.connectionString) };
}

describe('CLI exit codes (CONTRACTS.md)', () => {
  it('audit verify prints the counts and exits 0 on an intact chain', async () => {
    const { stdout } = await cli(['audit', 'verify', '--seal'], where());
    expect(stdout.trim()).toMatch(/^sealed=\d+ unsealed=0 intact$/);
  });

  it('form show prints the built-in form as JSON, indicators in printed order', async () => {
    const { stdout } = await cli(['form', 'show', 'quality-month-2024', '--json'], where());
    const form = JSON.parse(stdout) as {
      code: string;
      version: number;
      name: string;
      indicators: { code: string; label: string; group: string[]; unit: string; type: string }[];
      rules: { expr: string; level: string; message: string }[];
    };
    expect(form).toMatchObject({ code: 'quality-month-2024', version: 1, name: '2024年“质量月”活动统计表' });
    expect(form.indicators).toHaveLength(31);
    expect(Object.keys(form.indicators[0] ?? {})).toEqual(['code', 'label', 'group', 'unit', 'type']);
    expect(form.indicators.map((i) => i.label).slice(0, 4)).toEqual(['省部级', '市局级', '县处级', '组织活动次数']);
    expect(form.rules.every((r) => ['error', 'warning', 'explain'].includes(r.level))).toBe(true);
    await expect(cli(['form', 'show', 'no-such-form', '--json'], where())).rejects.toMatchObject({ code: 1 });
  });

  it('export stats writes the demo Tibet roll-up as the printed table, and lists ambiguous units', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'qm-export-')), 'tibet.xlsx');
    await cli(['export', 'stats', '--doc', '藏质标办（2024）2号', '--rollup', '--out', out], where());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.worksheets[0];
    const texts: string[] = [];
    sheet?.eachRow((row) =>
      row.eachCell((cell) => {
        texts.push(cellText(cell.value));
      }),
    );
    expect(texts).toContain('合计');
    expect(texts).toContain('拉萨市市场监督管理局');
    expect(texts).toContain('西藏自治区质量协会');
    // 34 units: units as rows by default; --layout indicators gives a column per unit.
    expect(texts).toContain('单位');
    await cli(
      ['export', 'stats', '--doc', '藏质标办〔2024〕2号', '--rollup', '--layout', 'indicators', '--out', out],
      where(),
    );
    const wide = new ExcelJS.Workbook();
    await wide.xlsx.readFile(out);
    expect(wide.worksheets[0]?.getRow(3).getCell(4).value).toBe('合计');
    await expect(
      cli(
        ['export', 'stats', '--doc', '藏质标办〔2024〕2号', '--rollup', '--layout', 'sideways', '--out', out],
        where(),
      ),
    ).rejects.toMatchObject({ code: 2 });
    const ambiguous = cli(
      ['export', 'stats', '--doc', '藏质标办〔2024〕2号', '--unit', '城关区市场监督管理局', '--out', out],
      where(),
    );
    await expect(ambiguous).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('请改用行政区划代码') as unknown,
    });
  });

  it('exits 2 with one line on bad usage', async () => {
    await expect(cli(['no-such-command'], where())).rejects.toMatchObject({ code: 2 });
  });

  it('exits 2 with one line when the database cannot be reached', async () => {
    const failed = cli(['audit', 'verify'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    await expect(failed).rejects.toMatchObject({ code: 2 });
    const err = await failed.then(
      () => '',
      (e: { stderr: string }) => e.stderr,
    );
    expect(
      err
        .trim()
        .split('\n')
        .filter((l: string) => !l.startsWith('npm warn')),
    ).toHaveLength(1);
    expect(err).toContain('无法连接数据库');
  });
});

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  return typeof value === 'object' ? '' : String(value);
}
