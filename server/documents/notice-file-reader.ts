// Reads a received notice file into plain text for the notice parser (issue 4).
// The content is sniffed, not the name: a .doc renamed .docx still gets the .doc message.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import mammoth from 'mammoth';
import { checkPdfPages, guardPdfStreams } from './pdf-guard.ts';

/** A file that cannot be imported; the message (Chinese) says what it is and what to do. */
export class NoticeFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoticeFileError';
  }
}

const SAVE_AS_DOCX = '请在 WPS/Word 中另存为 .docx 后再导入，或直接粘贴文字。';

function startsWith(buffer: Buffer, bytes: number[]): boolean {
  return bytes.every((b, i) => buffer[i] === b);
}

function zipHolds(buffer: Buffer, entry: string): boolean {
  // Entry names are stored in plain text in the zip's headers.
  return buffer.includes(Buffer.from(entry, 'utf8'));
}

export async function readNoticeFile(filePath: string): Promise<string> {
  let buffer: Buffer;
  try {
    buffer = await readFile(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NoticeFileError(`找不到文件：${filePath}`);
    if (code === 'EISDIR') throw new NoticeFileError(`这是一个文件夹，不是文件：${filePath}`);
    throw new NoticeFileError(`无法读取文件：${filePath}（${code ?? String(error)}）`);
  }
  return readNoticeBuffer(buffer, path.basename(filePath));
}

export async function readNoticeBuffer(buffer: Buffer, fileName: string): Promise<string> {
  const ext = path.extname(fileName).toLowerCase();
  if (buffer.length === 0) throw new NoticeFileError(`文件“${fileName}”是空的，没有可导入的内容。`);
  if (startsWith(buffer, [0xd0, 0xcf, 0x11, 0xe0])) {
    const what =
      ext === '.wps'
        ? 'WPS 文字文档（.wps）'
        : ext === '.xls' || ext === '.et'
          ? '旧版表格文件'
          : '旧版 Word 文档（.doc）';
    throw new NoticeFileError(`文件“${fileName}”是${what}，无法直接读取。${SAVE_AS_DOCX}`);
  }
  let text: string;
  if (startsWith(buffer, [0x25, 0x50, 0x44, 0x46])) {
    text = await pdfText(buffer, fileName);
  } else if (startsWith(buffer, [0x50, 0x4b, 0x03, 0x04])) {
    if (zipHolds(buffer, 'OFD.xml')) {
      throw new NoticeFileError(
        `文件“${fileName}”是 OFD 版式文件，无法直接读取。请用 OFD 阅读器另存为 PDF（带文字层）或 .docx 后再导入。`,
      );
    }
    if (!zipHolds(buffer, 'word/document.xml')) {
      throw new NoticeFileError(`文件“${fileName}”是压缩格式的文档，但不是 Word 文档（.docx）。${SAVE_AS_DOCX}`);
    }
    text = await docxText(buffer, fileName);
  } else if (startsWith(buffer, [0x7b, 0x5c, 0x72, 0x74, 0x66])) {
    throw new NoticeFileError(`文件“${fileName}”是 RTF 文档。${SAVE_AS_DOCX}`);
  } else if (startsWith(buffer, [0x89, 0x50, 0x4e, 0x47]) || startsWith(buffer, [0xff, 0xd8, 0xff])) {
    throw new NoticeFileError(`文件“${fileName}”是图片，没有文字。请先用 OCR 识别成文字，再粘贴或另存为 .docx 导入。`);
  } else {
    text = decodeText(buffer, fileName);
  }
  if (text.trim() === '') throw new NoticeFileError(`文件“${fileName}”里没有文字，没有可导入的内容。`);
  return text;
}

/** UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (which covers GBK and GB2312). */
function decodeText(buffer: Buffer, fileName: string): string {
  if (startsWith(buffer, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(buffer.subarray(2));
  if (startsWith(buffer, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(buffer.subarray(2));
  if (buffer.subarray(0, 4096).includes(0)) {
    throw new NoticeFileError(
      `文件“${fileName}”不是文本文件，也不是可识别的文档格式。请导入 .docx、带文字层的 .pdf 或 .txt 文件。`,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
function htmlText(html: string): string {
  return html
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m: string, e: string) => {
      if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
      if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}

/** Paragraphs become lines; a table row becomes one line of tab-separated cells. */
function docxHtmlToText(html: string): string {
  const out: string[] = [];
  const blocks = html.split(/(<table>[\s\S]*?<\/table>)/);
  for (const block of blocks) {
    if (block.startsWith('<table>')) {
      for (const row of block.match(/<tr>[\s\S]*?<\/tr>/g) ?? []) {
        const cells = (row.match(/<t[dh][^>]*>[\s\S]*?<\/t[dh]>/g) ?? []).map((c) =>
          htmlText(c.replace(/<\/p>\s*<p>/g, ' '))
            .replace(/\s+/g, ' ')
            .trim(),
        );
        out.push(cells.join('\t'));
      }
    } else {
      for (const para of block.split(/<\/p>|<\/h\d>|<\/li>/)) {
        const line = htmlText(para).trim();
        if (line !== '') out.push(line);
      }
    }
  }
  return out.join('\n');
}

async function docxText(buffer: Buffer, fileName: string): Promise<string> {
  try {
    const result = await mammoth.convertToHtml({ buffer });
    return docxHtmlToText(result.value);
  } catch {
    throw new NoticeFileError(`文件“${fileName}”看起来是 .docx，但已损坏或无法解析。${SAVE_AS_DOCX}`);
  }
}

interface PdfTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

/** The PDF's text layer, items joined into lines by their y position. */
async function pdfText(buffer: Buffer, fileName: string): Promise<string> {
  await guardPdfStreams(buffer);
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(buffer),
      isEvalSupported: false,
      disableFontFace: true,
      verbosity: 0,
    }).promise;
  } catch {
    throw new NoticeFileError(
      `文件“${fileName}”看起来是 PDF，但已损坏或加密，无法读取。请另存为普通 PDF 或 .docx 后再导入。`,
    );
  }
  const pages: string[] = [];
  try {
    checkPdfPages(doc.numPages);
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const items: PdfTextItem[] = [];
      for (const item of content.items) {
        if ('str' in item && item.str !== '')
          items.push({ str: item.str, transform: item.transform as number[], width: item.width, height: item.height });
      }
      const lines: { y: number; items: PdfTextItem[] }[] = [];
      for (const item of items) {
        const y = item.transform[5] ?? 0;
        const tolerance = Math.max(2, (item.height || 10) * 0.4);
        const line = lines.find((l) => Math.abs(l.y - y) <= tolerance);
        if (line) line.items.push(item);
        else lines.push({ y, items: [item] });
      }
      lines.sort((a, b) => b.y - a.y);
      for (const line of lines) {
        line.items.sort((a, b) => (a.transform[4] ?? 0) - (b.transform[4] ?? 0));
        let text = '';
        let end: number | null = null;
        for (const item of line.items) {
          const x = item.transform[4] ?? 0;
          // A wide gap is a column or a deliberate space; a narrow one is not.
          if (end !== null && x - end > Math.max(2, (item.height || 10) * 0.8))
            text += x - end > (item.height || 10) * 3 ? '\t' : ' ';
          text += item.str;
          end = x + item.width;
        }
        pages.push(text);
      }
      pages.push('');
    }
  } finally {
    await doc.destroy();
  }
  const text = pages.join('\n');
  if (text.trim() === '') {
    throw new NoticeFileError(
      `文件“${fileName}”是扫描版 PDF（只有图像，没有文字层）。请先用 OCR 识别并另存为 .docx 或带文字层的 PDF 后再导入，或直接粘贴文字。`,
    );
  }
  return text;
}
