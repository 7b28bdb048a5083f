import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { NoticeFileError, readNoticeBuffer, readNoticeFile } from './notice-file-reader.ts';
import { noticeParseCommand } from '../cli/commands/notice-parse.command.ts';
import { CliUsageError, type CliContext } from '../cli/cli-command.ts';
import { parseNotice } from '../../domain/notice-parser/notice-parser.ts';
import type { ParsedNotice } from '../../domain/notice-parser/parsed-notice.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const seedDir = path.resolve(here, '../..', 'server/demo/seed-texts');
const seed = (name: string): Promise<string> => readFile(path.join(seedDir, name), 'utf8');

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'notice-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A .docx with one paragraph per line; runs of tab-separated lines become a Word table. */
async function docxFrom(text: string): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  let rows: string[][] = [];
  const flush = (): void => {
    if (rows.length === 0) return;
    const width = Math.max(...rows.map((r) => r.length));
    children.push(
      new Table({
        rows: rows.map(
          (r) =>
            new TableRow({
              children: Array.from(
                { length: width },
                (_, k) => new TableCell({ children: [new Paragraph(r[k] ?? '')] }),
              ),
            }),
        ),
      }),
    );
    rows = [];
  };
  for (const line of text.split('\n')) {
    if (line.includes('\t')) rows.push(line.split('\t'));
    else if (line.trim() !== '') {
      flush();
      children.push(new Paragraph(line));
    }
  }
  flush();
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/** GB18030 encoder built from the platform's decoder (two-byte range; ASCII as is). */
function gb18030(text: string): Buffer {
  const table = new Map<string, number>();
  const decoder = new TextDecoder('gb18030');
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.of(hi, lo));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, (hi << 8) | lo);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else {
      const gb = table.get(ch);
      if (gb === undefined) throw new Error(`not encodable: ${ch}`);
      bytes.push(gb >> 8, gb & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** A minimal one-page PDF; `content` is the page's content stream. */
function pdf(content: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * A real multi-page PDF with a Chinese text layer, as office software writes it: a Type0 font with
 * Identity-H (two-byte glyph ids) and a ToUnicode map back to the characters. No glyphs are embedded,
 * which text extraction does not need. Long lines wrap at the A4 measure (text beyond the page edge
 * is not part of the page); tab-separated cells are placed in columns far apart, as a table prints.
 */
function cjkPdf(text: string, linesPerPage = 40, measure = 40): Buffer {
  const cids = new Map<string, number>();
  const cid = (ch: string): number => {
    let id = cids.get(ch);
    if (id === undefined) {
      id = cids.size + 1;
      cids.set(ch, id);
    }
    return id;
  };
  const hex = (s: string): string => [...s].map((ch) => cid(ch).toString(16).padStart(4, '0')).join('');
  const lines = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      if (l.includes('\t')) return [l];
      const chars = [...l.trim()];
      const wrapped: string[] = [];
      for (let i = 0; i < chars.length; i += measure) wrapped.push(chars.slice(i, i + measure).join(''));
      return wrapped;
    });
  const pages: string[] = [];
  for (let start = 0; start < lines.length; start += linesPerPage) {
    const ops: string[] = [];
    lines.slice(start, start + linesPerPage).forEach((line, k) => {
      const y = 800 - k * 19;
      line.split('\t').forEach((cell, c) => {
        if (cell.trim() !== '') ops.push(`BT /F1 12 Tf ${40 + c * 160} ${y} Td <${hex(cell.trim())}> Tj ET`);
      });
    });
    pages.push(ops.join('\n'));
  }
  const toUnicode = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <0000> <FFFF> endcodespacerange',
  ];
  const entries = [...cids].map(([ch, id]) => {
    const utf16 = Buffer.from(ch, 'utf16le').swap16().toString('hex');
    return `<${id.toString(16).padStart(4, '0')}> <${utf16}>`;
  });
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    toUnicode.push(`${chunk.length} beginbfchar`, ...chunk, 'endbfchar');
  }
  toUnicode.push('endcmap CMapName currentdict /CMap defineresource pop end end');
  const cmap = toUnicode.join('\n');
  const pageCount = pages.length;
  // Objects: 1 catalog, 2 pages, 3 Type0 font, 4 CID font, 5 descriptor, 6 ToUnicode, then page + content pairs.
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${7 + i * 2} 0 R`).join(' ')}] /Count ${pageCount} >>`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>',
    '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 1000 /CIDToGIDMap /Identity >>',
    '<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>',
    `<< /Length ${Buffer.byteLength(cmap, 'latin1')} >>\nstream\n${cmap}\nendstream`,
  ];
  pages.forEach((content, i) => {
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${8 + i * 2} 0 R >>`,
    );
    objects.push(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
  });
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function headline(n: ParsedNotice): unknown {
  return {
    title: n.title,
    docNumber: n.docNumber,
    issuer: n.issuer,
    coIssuers: n.coIssuers,
    issuedOn: n.issuedOn,
    recipients: n.recipients,
    theme: n.theme,
    deadline: n.deadline,
    requiredReports: n.requiredReports,
    contacts: n.contacts,
    attachments: n.attachments,
    slogans: n.slogans,
    sections: n.sections.map((s) => `${s.number ?? ''} ${s.heading} ${s.items.length}`),
    arrangements: n.arrangements.length,
    cites: n.cites,
    forwarded: n.forwarded ? headline(n.forwarded) : null,
  };
}

describe('reading notice files', () => {
  it('reads a .docx and yields the same fields as the plain text (Sichuan seed)', async () => {
    const text = await seed('002_dbcbc3134cf864ee.txt');
    const file = path.join(dir, '四川.docx');
    await writeFile(file, await docxFrom(text));
    const fromDocx = parseNotice(await readNoticeFile(file));
    expect(headline(fromDocx)).toEqual(headline(parseNotice(text)));
    expect(fromDocx.deadline).toBe('2024-10-08');
  });

  it('keeps Word table cells apart so the statistics table is found (Tibet seed)', async () => {
    const text = await seed('000_297315cc46f3f625.txt');
    const fromDocx = parseNotice(await readNoticeBuffer(await docxFrom(text), 'tibet.docx'));
    const plain = parseNotice(text);
    expect(headline(fromDocx)).toEqual(headline(plain));
    const table = fromDocx.forwarded?.tables[0];
    expect(table?.rows.length).toBeGreaterThanOrEqual(29);
    expect(table?.rows[0]).toEqual(['宣传活动', '领导参与情况', '省部级']);
  });

  it('reads a GB18030 .txt exactly like the UTF-8 one', async () => {
    const text = await seed('003_3af90c414d37a3cb.txt');
    const file = path.join(dir, 'yueyang.txt');
    await writeFile(file, gb18030(text));
    const decoded = await readNoticeFile(file);
    expect(decoded).toBe(text);
    expect(parseNotice(decoded)).toEqual(parseNotice(text));
  });

  it('reads a .txt in UTF-8 with a byte-order mark', async () => {
    const text = await seed('001_894f70ce9fac03ae.txt');
    const decoded = await readNoticeBuffer(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
      'n.txt',
    );
    expect(parseNotice(decoded).coIssuers).toHaveLength(26);
  });

  it('reads the text layer of a PDF, lines in reading order', async () => {
    // A standard font carries ASCII only; the CJK path is the same code with an embedded font.
    const stream = [
      'BT /F1 12 Tf 72 760 Td (Notice of the Quality Month) Tj ET',
      'BT /F1 12 Tf 72 730 Td (Deadline 2024-10-08) Tj ET',
      'BT /F1 12 Tf 72 700 Td (2024-08-26) Tj ET',
    ].join('\n');
    const file = path.join(dir, 'notice.pdf');
    await writeFile(file, pdf(stream));
    const text = await readNoticeFile(file);
    expect(text.split('\n').filter((l) => l !== '')).toEqual([
      'Notice of the Quality Month',
      'Deadline 2024-10-08',
      '2024-08-26',
    ]);
    expect(parseNotice(text).issuedOn).toBe('2024-08-26');
  });

  it('reads a Chinese PDF text layer (Type0 font, Identity-H, ToUnicode) into the same fields as the .txt', async () => {
    for (const name of ['002_dbcbc3134cf864ee.txt', '003_3af90c414d37a3cb.txt', '000_297315cc46f3f625.txt']) {
      const text = await seed(name);
      const fromPdf = await readNoticeBuffer(cjkPdf(text), `${name}.pdf`);
      // The wrapped text layer holds every character of the source, in order.
      const chars = (s: string): string => s.replace(/\s+/g, '');
      expect(chars(fromPdf)).toBe(chars(text));
      const pdfNotice = parseNotice(fromPdf);
      const plain = parseNotice(text);
      const key = (n: ParsedNotice | null): unknown =>
        n && { docNumber: n.docNumber, title: n.title, deadline: n.deadline, issuer: n.issuer, issuedOn: n.issuedOn };
      expect(key(pdfNotice), name).toEqual(key(plain));
      expect(key(pdfNotice.forwarded), name).toEqual(key(plain.forwarded));
      if (name.startsWith('002')) expect(pdfNotice.deadline).toBe('2024-10-08');
      if (name.startsWith('000')) {
        expect(pdfNotice.docNumber).toBe('藏质协字〔2024〕14号');
        expect(pdfNotice.forwarded?.deadline).toBe('2024-10-10');
      }
    }
  });

  it('explains an image-only (scanned) PDF', async () => {
    const scanned = pdf('0.5 g 72 72 451 698 re f');
    await expect(readNoticeBuffer(scanned, 'scan.pdf')).rejects.toThrow(/扫描版 PDF.*OCR/);
  });

  it('explains .doc, .wps, .ofd, images, other zips, empty and missing files', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    await expect(readNoticeBuffer(ole, 'old.doc')).rejects.toThrow(/旧版 Word 文档（\.doc）.*另存为 \.docx/);
    // The content decides, not the name.
    await expect(readNoticeBuffer(ole, 'renamed.docx')).rejects.toThrow(/\.doc/);
    await expect(readNoticeBuffer(ole, 'file.wps')).rejects.toThrow(/WPS 文字文档/);
    const ofd = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('OFD.xml')]);
    await expect(readNoticeBuffer(ofd, 'doc.ofd')).rejects.toThrow(/OFD 版式文件/);
    const zip = Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      Buffer.alloc(26),
      Buffer.from('xl/workbook.xml'),
    ]);
    await expect(readNoticeBuffer(zip, 'book.xlsx')).rejects.toThrow(/不是 Word 文档/);
    await expect(readNoticeBuffer(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'scan.png')).rejects.toThrow(
      /图片/,
    );
    await expect(readNoticeBuffer(Buffer.alloc(0), 'empty.txt')).rejects.toThrow(/空的/);
    await expect(readNoticeBuffer(Buffer.from(' \n\n '), 'blank.txt')).rejects.toThrow(/没有文字/);
    await expect(readNoticeFile(path.join(dir, 'missing.docx'))).rejects.toBeInstanceOf(NoticeFileError);
    await expect(readNoticeFile(dir)).rejects.toThrow(/文件夹/);
  });
});

describe('notice parse command', () => {
  function context(args: string[], out: string[]): CliContext {
    return {
      env: {} as CliContext['env'],
      args,
      flags: { json: true },
      out: (text) => out.push(text),
      err: () => undefined,
      database: () => Promise.reject(new Error('the notice parser needs no database')),
    };
  }

  it('prints exactly one JSON object', async () => {
    const out: string[] = [];
    const code = await noticeParseCommand.run(context([path.join(seedDir, '000_297315cc46f3f625.txt')], out));
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    const parsed = JSON.parse(out[0] ?? '') as ParsedNotice & {
      confidence: Record<string, number>;
      candidates: Record<string, { value: unknown; score: number; sources: string[] }[]>;
    };
    expect(parsed.docNumber).toBe('藏质协字〔2024〕14号');
    expect(parsed.forwarded?.deadline).toBe('2024-10-10');
    // Beside the existing fields: confidence 0..1 and the weighed candidates, best first.
    // Not below the import page's 请核对 mark (CHECK_BELOW = 0.6 in draft-form.tsx).
    expect(parsed.confidence.docNumber).toBeGreaterThanOrEqual(0.6);
    expect(parsed.candidates.docNumber?.[0]).toMatchObject({ value: '藏质协字〔2024〕14号' });
    expect(parsed.candidates.issuer?.[0]?.value).toBe(parsed.issuer);
    expect(parsed.tables).toEqual([]);
  });

  it('exits 2 (CliUsageError, one line) for missing, unsupported and empty input', async () => {
    const empty = path.join(dir, 'empty.txt');
    await writeFile(empty, '');
    for (const args of [[], [path.join(dir, 'nope.pdf')], [empty]]) {
      const error = await noticeParseCommand.run(context(args, [])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CliUsageError);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
