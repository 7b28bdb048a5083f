import { deflateRawSync, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';
import { adminClient } from '../test/test-helpers.ts';

// The unpacked limit is set low here (10 MB); each bomb is just over it.
const LIMIT = 10 * 1024 * 1024;
const CHUNK = 64 * 1024;

let t: TestApp;
let office: Client;
let assoc: Client;
let assocId = 0;
let noticeId = 0;

beforeAll(async () => {
  t = await createTestApp({ UPLOAD_MAX_UNZIPPED_MB: '10' });
  office = await t.login('tibet-reviewer');
  assoc = await t.login('tibet-assoc-reporter');
  const me = office.body.user as { unitId: number };
  assocId = (assoc.body.user as { unitId: number }).unitId;
  const campaign = (
    await office.post('/api/campaigns', { ownerUnitId: me.unitId, year: 2099, name: '2099年全区质量月' })
  ).json<{ id: number }>();
  const n = (
    await office.post('/api/notices', {
      campaignId: campaign.id,
      issuerUnitId: me.unitId,
      title: '压缩炸弹测试',
      deadline: '2099-10-10',
      formCode: 'quality-month-2024',
      recipientUnitIds: [assocId],
    })
  ).json<{ id: number; version: number }>();
  noticeId = (await office.post(`/api/notices/${n.id}/issue`, { version: n.version })).json<{ id: number }>().id;
});
afterAll(async () => {
  await t.dispose();
});

interface Entry {
  name: string;
  data: Buffer;
  /** What the directory claims the entry unpacks to (a bomb lies); the real size when absent. */
  declaredSize?: number;
}

/** A zip written by hand, so that its directory can lie about the sizes. */
function zip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const packed = deflateRawSync(e.data);
    const name = Buffer.from(e.name);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const justOver = (): Buffer => Buffer.alloc(LIMIT + 1024 * 1024, 0x41);
const honestBomb = (main: string): Buffer => zip([{ name: main, data: justOver() }]);
// The directory says 1 KB; the entry really unpacks to 11 MB.
const lyingBomb = (main: string): Buffer => zip([{ name: main, data: justOver(), declaredSize: 1024 }]);

function send(c: Client, url: string, file: Buffer, name: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), name);
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrfToken },
    payload: form,
  });
}

interface ErrorReply {
  error: { code: string; message: string; details: Record<string, unknown> };
}

function expectStoppedAtLimit(res: { statusCode: number; json: <T>() => T }): void {
  expect(res.statusCode).toBe(400);
  const { error } = res.json<ErrorReply>();
  expect(error.code).toBe('ARCHIVE_TOO_LARGE');
  expect(error.message).toContain('10 MB');
  expect(error.details.stage).toBe('inflate');
  // Inflation stopped at the limit (within one inflate chunk), not at the bomb's real size.
  const stoppedAt = Number(error.details.stoppedAtBytes);
  expect(stoppedAt).toBeGreaterThan(LIMIT);
  expect(stoppedAt).toBeLessThanOrEqual(LIMIT + CHUNK);
  expect(stoppedAt).toBeLessThan(justOver().length);
}

describe('archive bombs', () => {
  const reportUrl = () => `/api/notices/${noticeId}/reports/${assocId}/xlsx?version=0`;

  it('refuses a report .xlsx whose directory declares more than the limit, before inflating', async () => {
    const res = await send(assoc, reportUrl(), honestBomb('xl/worksheets/sheet1.xml'), '统计表.xlsx');
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorReply>().error).toMatchObject({ code: 'ARCHIVE_TOO_LARGE', details: { stage: 'directory' } });
  });

  it('stops inflating a report .xlsx whose directory lies, at the limit', async () => {
    expectStoppedAtLimit(await send(assoc, reportUrl(), lyingBomb('xl/worksheets/sheet1.xml'), '统计表.xlsx'));
  });

  it('does the same for the bulk import and a notice .docx', async () => {
    // The bulk import answers per file: that file is refused with the reason, nothing is imported.
    const bulk = await send(office, `/api/notices/${noticeId}/reports/bulk-xlsx`, lyingBomb('xl/a.xml'), 'a.xlsx');
    expect(bulk.body).toContain('疑似恶意构造的压缩文件');
    expectStoppedAtLimit(await send(office, '/api/notices/parse', lyingBomb('word/document.xml'), '通知.docx'));
    const admin = await adminClient(t);
    expectStoppedAtLimit(await send(admin, '/api/units/import', lyingBomb('xl/worksheets/sheet1.xml'), 'units.xlsx'));
  });

  it('still reads an honest file under the limit', async () => {
    const exported = await assoc.get(`/api/notices/${noticeId}/reports/${assocId}/xlsx`);
    expect(exported.statusCode).toBe(200);
    const res = await send(assoc, reportUrl(), exported.rawPayload, '统计表.xlsx');
    expect(res.statusCode, res.body).toBe(200);
  });
});

/** A minimal PDF: `pages` empty pages, one of which may carry a content stream. */
function pdf(pages: number, content?: Buffer): Buffer {
  const objs: Buffer[] = [];
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  objs.push(Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'));
  objs.push(Buffer.from(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`));
  const contentId = pages + 3;
  for (let i = 0; i < pages; i++) {
    const c = content && i === 0 ? ` /Contents ${contentId} 0 R` : '';
    objs.push(Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]${c} >>`));
  }
  if (content) {
    objs.push(
      Buffer.concat([
        Buffer.from(`<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`),
        content,
        Buffer.from('\nendstream'),
      ]),
    );
  }
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let at = parts[0]?.length ?? 0;
  objs.forEach((o, i) => {
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), o, Buffer.from('\nendobj\n')]);
    offsets.push(at);
    parts.push(b);
    at += b.length;
  });
  const xref = [
    `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
    `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`,
  ].join('');
  parts.push(Buffer.from(xref));
  return Buffer.concat(parts);
}

describe('PDF limits', () => {
  it('refuses a PDF of more than 500 pages with 400', async () => {
    const res = await send(office, '/api/notices/parse', pdf(501), '通知.pdf');
    expect(res.statusCode).toBe(400);
    const { error } = res.json<ErrorReply>();
    expect(error.code).toBe('PDF_TOO_LARGE');
    expect(error.message).toContain('501 页');
  });

  it('refuses a PDF with a stream that decodes to more than 50 MB', async () => {
    const bomb = deflateSync(Buffer.alloc(51 * 1024 * 1024, 0x20));
    const res = await send(office, '/api/notices/parse', pdf(1, bomb), '通知.pdf');
    expect(res.statusCode).toBe(400);
    const { error } = res.json<ErrorReply>();
    expect(error.code).toBe('PDF_TOO_LARGE');
    expect(error.message).toContain('50 MB');
  });
});
