import type { NoticeTable } from './parsed-notice.ts';
import type { DocumentLines } from './document-lines.ts';
import { tidyText } from './text-cleaner.ts';

const HEADER_WORD = /序号|名称|项目|内容|单位|部门|时间|备注|指标|牵头|责任|协助|配合|任务|措施/;
const ROW_NUMBER = /^(\d{1,2}|[lI|]{1,2}|[lI|]\d|\d[lI|])(?:\s+(.*))?$/;

function trimTrailing(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return cells.slice(0, end);
}

/** 填报单位（盖章）：  填报人：  日期： — the blanks of a form, printed between its title and its grid. */
const FORM_BLANKS = /^(?:填报|填表|报送|制表|统计)(?:单位|人|日期|时间)|[：:]$/;

function titleBefore(doc: DocumentLines, i: number): { title: string | null; index: number } {
  let k = i - 1;
  while (k > 0 && i - k <= 2 && doc.isBody(k) && FORM_BLANKS.test(doc.line(k).trim())) k--;
  const prev = doc.line(k);
  if (
    k >= 0 &&
    doc.isBody(k) &&
    prev.length <= 60 &&
    !/[。；：]/.test(prev) &&
    !prev.includes('\t') &&
    !/^附件\s*\d*$/.test(prev)
  ) {
    return { title: tidyText(prev.replace(/^附件\s*\d+\s*/, '')), index: k };
  }
  return { title: null, index: -1 };
}

function looksLikeHeader(cells: string[]): boolean {
  return cells.length >= 2 && cells.every((c) => c !== '' && c.length <= 12) && cells.some((c) => HEADER_WORD.test(c));
}

/** Tables whose cells are separated by tabs (Word/PDF extraction). */
function tabTables(doc: DocumentLines): NoticeTable[] {
  const tables: NoticeTable[] = [];
  let i = 0;
  while (i < doc.length) {
    if (!doc.line(i).includes('\t') || !doc.isBody(i)) {
      i++;
      continue;
    }
    const start = i;
    const rows: string[][] = [];
    while (i < doc.length && doc.line(i).includes('\t')) {
      const cells = trimTrailing(
        doc
          .line(i)
          .split('\t')
          .map((c) => tidyText(c)),
      );
      doc.claim(i, 'table');
      i++;
      if (cells.length === 0) continue;
      const prev = rows[rows.length - 1];
      // A cell broken over a page: "(份)" alone continues the row above.
      if (prev && cells.length === 1 && /^[（(][^）)]{1,8}[）)]$/.test(cells[0] ?? '')) {
        const last = prev.length - 1 - [...prev].reverse().findIndex((c) => c !== '');
        prev[last] = (prev[last] ?? '') + (cells[0] ?? '');
        continue;
      }
      rows.push(cells);
    }
    const { title, index } = titleBefore(doc, start);
    if (index >= 0) doc.claim(index, 'tableTitle');
    const first = rows[0];
    const header = first && looksLikeHeader(first) ? first : [];
    tables.push({ title, header, rows: header.length > 0 ? rows.slice(1) : rows });
  }
  return tables;
}

function nextRowNumber(doc: DocumentLines, from: number): number | null {
  for (let k = from; k < Math.min(doc.length, from + 12); k++) {
    const m = ROW_NUMBER.exec(doc.line(k));
    if (m) return Number((m[1] ?? '').replace(/[lI|]/g, '1'));
  }
  return null;
}

/** Tables whose text came out as lines: a header line "序号 活动名称 …" and numbered rows. */
function lineTables(doc: DocumentLines): NoticeTable[] {
  const tables: NoticeTable[] = [];
  for (let i = 0; i < doc.length; i++) {
    if (!doc.isBody(i)) continue;
    const header = doc
      .line(i)
      .split(/\s+/)
      .filter((c) => c !== '');
    if (header.length < 3 || !header.every((c) => c.length <= 10) || !/^序号$|^编号$/.test(header[0] ?? '')) continue;
    const { title, index } = titleBefore(doc, i);
    if (index >= 0) doc.claim(index, 'tableTitle');
    doc.claim(i, 'table');
    const rows: string[][] = [];
    let j = i + 1;
    for (; j < doc.length; j++) {
      const line = doc.line(j);
      if (!doc.isBody(j) || /^附件|^[一二三四五六七八九十]+、/.test(line)) break;
      doc.claim(j, 'table');
      const m = ROW_NUMBER.exec(line);
      const current = rows[rows.length - 1];
      if (m) {
        const serial = (m[1] ?? '').replace(/[lI|]/g, '1');
        const rest = (m[2] ?? '').split(/\s+/).filter((c) => c !== '');
        rows.push([serial, ...rest.map((c) => tidyText(c))]);
      } else if (
        current &&
        current.length >= 3 &&
        /[。；]$/.test(current[current.length - 1] ?? '') &&
        nextRowNumber(doc, j + 1) === Number(current[0]) + 2
      ) {
        // A row whose number was lost (OCR): the numbers around it skip one.
        rows.push([String(Number(current[0]) + 1), tidyText(line)]);
      } else if (current) {
        // Cells arrive one per line; beyond the header's width a line continues the last cell.
        const cell = tidyText(line);
        if (current.length < header.length - 1) current.push(cell);
        else current[current.length - 1] = (current[current.length - 1] ?? '') + cell;
      }
    }
    tables.push({ title, header, rows: rows.map(trimTrailing) });
    i = j - 1;
  }
  return tables;
}

export function extractTables(doc: DocumentLines): NoticeTable[] {
  const found = [...tabTables(doc), ...lineTables(doc)];
  return found.filter((t) => t.rows.length > 0 || t.header.length > 0);
}
