import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';
import { adminClient } from '../test/test-helpers.ts';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  admin = await adminClient(t);
});
afterAll(async () => {
  await t.dispose();
});

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('单位');
  rows.forEach((r, i) =>
    r.forEach((v, j) => {
      ws.getCell(i + 1, j + 1).value = v;
    }),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(file: Buffer, name: string, query = '') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), name);
  return t.app.inject({
    method: 'POST',
    url: `/api/units/import${query}`,
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    payload: form,
  });
}

const names = async (parent: string): Promise<string[]> => {
  const p = (await admin.get(`/api/units/search?q=${encodeURIComponent(parent)}`))
    .json<{ items: { id: number; name: string }[] }>()
    .items.find((u) => u.name === parent);
  return (await admin.get(`/api/units?parentId=${p?.id}`))
    .json<{ items: { name: string }[] }>()
    .items.map((u) => u.name);
};

describe('bulk import of units', () => {
  it('imports a whole .xlsx sheet, parents before children', async () => {
    const file = await xlsx([
      ['单位名称', '上级单位', '类型', '行政区划代码', '别名'],
      ['示例新区市场监督管理局', '430600', '机关', '', '示例新区质量办'],
      ['质量股', '示例新区市场监督管理局', '科室', '', ''],
    ]);
    const dry = await upload(file, '单位.xlsx', '?dryRun=true');
    expect(dry.json()).toEqual({ dryRun: true, rows: 2, created: 0 });
    expect(await names('岳阳市市场监督管理局')).not.toContain('示例新区市场监督管理局');
    const res = await upload(file, '单位.xlsx');
    expect(res.json()).toEqual({ dryRun: false, rows: 2, created: 2 });
    expect(await names('示例新区市场监督管理局')).toEqual(['质量股']);
  });

  it('imports nothing when any row is wrong, and names each row', async () => {
    const csv = '\uFEFF单位名称,上级单位,类型\n好科,岳阳市市场监督管理局,科室\n坏科,不存在的局,科室\n';
    const res = await upload(Buffer.from(csv), 'units.csv');
    expect(res.statusCode).toBe(400);
    const body = res.json<{
      error: { code: string; message: string; details: { issues: { row: number; column: string; message: string }[] } };
    }>();
    expect(body.error.code).toBe('IMPORT_FAILED');
    expect(body.error.message).toBe('导入失败：1 行有错误，未导入任何数据');
    expect(body.error.details.issues).toEqual([{ row: 3, column: '上级单位', message: '找不到上级单位“不存在的局”' }]);
    expect(await names('岳阳市市场监督管理局')).not.toContain('好科');
  });

  it('reads a GB18030 .csv as saved by Excel on Chinese Windows', async () => {
    const text = '单位名称,上级单位,类型\n标准化科,岳阳市市场监督管理局,科室\n';
    const encoded = encodeGb18030(text);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(encoded)).toThrow();
    const res = await upload(encoded, 'units.csv');
    expect(res.json()).toMatchObject({ created: 1 });
    expect(await names('岳阳市市场监督管理局')).toContain('标准化科');
  });

  it('refuses a file that lies about its type, an old .xls and an oversized file', async () => {
    const fake = await upload(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), '单位.xlsx');
    expect(fake.json()).toMatchObject({
      error: { code: 'FILE_UNREADABLE', message: '无法读取文件：“单位.xlsx”不是表格文件，请上传 .xlsx 或 .csv' },
    });
    const xls = await upload(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), '单位.xls');
    expect(xls.json<{ error: { message: string } }>().error.message).toContain('另存为 .xlsx');
    const broken = await upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), '单位.xlsx');
    expect(broken.json()).toMatchObject({ error: { code: 'FILE_UNREADABLE' } });
    const big = await upload(Buffer.alloc(11 * 1024 * 1024, 0x41), 'big.csv');
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('offers a template that imports back', async () => {
    const res = await admin.get('/api/units/import-template.xlsx');
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.getRow(1).values).toEqual([
      undefined,
      '单位名称',
      '上级单位',
      '类型',
      '行政区划代码',
      '别名',
    ]);
  });
});

/** Node has no GB18030 encoder: find each character's two-byte GBK code by decoding candidates. */
function encodeGb18030(text: string): Buffer {
  const bytes: number[] = [];
  const decoder = new TextDecoder('gb18030');
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) {
      bytes.push(ch.charCodeAt(0));
      continue;
    }
    let found = false;
    for (let hi = 0x81; hi <= 0xfe && !found; hi++) {
      for (let lo = 0x40; lo <= 0xfe && !found; lo++) {
        if (decoder.decode(new Uint8Array([hi, lo])) === ch) {
          bytes.push(hi, lo);
          found = true;
        }
      }
    }
    if (!found) throw new Error(`no GBK code for ${ch}`);
  }
  return Buffer.from(bytes);
}
