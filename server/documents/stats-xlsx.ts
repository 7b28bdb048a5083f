import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FormDefinition, Indicator } from '../../domain/forms/form.ts';
import type { ReportSignature } from '../db/schema.ts';

/** One value column of the table: a unit's own figures, or 合计 / a child in a roll-up. */
export interface StatsColumn {
  header: string;
  values: (number | null)[];
  note?: string;
}
export interface StatsCompleteness {
  header: string;
  covered: number;
  expected: number;
}
export interface StatsWorkbookOptions {
  /** The unit's name, printed after 填报单位：. */
  unitLine: string;
  /** The date as it should read, printed after 填报日期：. */
  dateLine: string;
  columns: StatsColumn[];
  /** 已报/应报 per column, matched by header. */
  completeness?: StatsCompleteness[];
  signature?: ReportSignature | null;
  /** Called as rows of figures are written (for an export job's progress); throwing stops the export. */
  onRow?: (done: number, total: number) => Promise<void> | void;
}

export const STATS_SHEET_NAME = '统计表';
export const COMPLETENESS_LABEL = '已报/应报';
export const HEADER_ROWS = 3;

/**
 * The label as printed: the unit of measure in brackets, unless the label already says it
 * (组织活动次数, 群众参加人次).
 */
export function indicatorLabel(ind: Indicator): string {
  if (!ind.unit || ind.label.endsWith(ind.unit) || ind.label.endsWith(`${ind.unit}数`)) return ind.label;
  return `${ind.label}(${ind.unit})`;
}

/** A printed row: one indicator, or (single-unit table only) an indicator with its same-row partner. */
interface Line {
  ind: number;
  partner?: number;
}

const FONT = '宋体';
const thin: Partial<ExcelJS.Border> = { style: 'thin' };
const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
// Shared, never mutated: one style object per kind keeps memory flat at thousands of columns.
const S = {
  title: { font: { name: FONT, size: 18, bold: true }, alignment: { horizontal: 'center', vertical: 'middle' } },
  line: { font: { name: FONT, size: 11 }, alignment: { horizontal: 'left', vertical: 'middle', wrapText: true } },
  header: {
    font: { name: FONT, size: 11, bold: true },
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    border: BORDER,
  },
  group: {
    font: { name: FONT, size: 11 },
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    border: BORDER,
  },
  label: {
    font: { name: FONT, size: 11 },
    alignment: { horizontal: 'left', vertical: 'middle', wrapText: true },
    border: BORDER,
  },
  int: {
    font: { name: FONT, size: 11 },
    alignment: { horizontal: 'center', vertical: 'middle' },
    border: BORDER,
    numFmt: '0',
  },
  dec: {
    font: { name: FONT, size: 11 },
    alignment: { horizontal: 'center', vertical: 'middle' },
    border: BORDER,
    numFmt: '0.00',
  },
  text: {
    font: { name: FONT, size: 11 },
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    border: BORDER,
  },
  sign: { font: { name: FONT, size: 11 }, alignment: { horizontal: 'left', vertical: 'middle' } },
} satisfies Record<string, Partial<ExcelJS.Style>>;
type StyleName = keyof typeof S;

export const chineseDate = (iso: string | null): string => {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : (iso ?? '');
};

/** Printed lines; the same-row pair only where a row has a single value column to hold both figures. */
function linesOf(form: FormDefinition, pairs: boolean): Line[] {
  const lines: Line[] = [];
  const lineOf = new Map<string, Line>();
  form.indicators.forEach((ind, i) => {
    const host = ind.sameRowAs ? lineOf.get(ind.sameRowAs) : undefined;
    if (
      pairs &&
      host &&
      host.partner === undefined &&
      ind.group.length === 0 &&
      (form.indicators[host.ind]?.group.length ?? 1) === 0
    ) {
      host.partner = i;
      return;
    }
    const line: Line = { ind: i };
    lines.push(line);
    lineOf.set(ind.code, line);
  });
  return lines;
}

/**
 * The printed 统计表, generated from the form definition: title, 填报单位/填报日期 line, group labels as merged
 * cells, one value column per `columns` entry, optional 已报/应报 row, signature block. Written with the
 * streaming writer so a national roll-up by county (~3,000 columns) stays fast and small in memory.
 */
export async function statsWorkbook(form: FormDefinition, opts: StatsWorkbookOptions): Promise<Buffer> {
  const depth = Math.max(0, ...form.indicators.map((i) => i.group.length));
  const labelCols = depth + 1;
  const nCols = Math.max(1, opts.columns.length);
  // The paper prints 播放…次 and 总时长 side by side: label, value, label, value. That needs three label columns.
  const lines = linesOf(form, nCols === 1 && labelCols >= 3);
  const firstValueCol = labelCols + 1;
  const lastCol = labelCols + nCols;
  const landscape = nCols > 3;

  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  wb.creator = '';
  const fitWidth = nCols <= 12;
  const ws = wb.addWorksheet(STATS_SHEET_NAME, {
    pageSetup: {
      paperSize: 9,
      orientation: landscape ? 'landscape' : 'portrait',
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      // One page wide while it stays legible; a wide roll-up flows over pages with the labels repeated.
      ...(fitWidth
        ? { fitToPage: true, fitToWidth: 1, fitToHeight: 0 }
        : { printTitlesColumn: `A:${colLetter(labelCols)}` }),
      printTitlesRow: `1:${HEADER_ROWS}`,
    },
    views: [{ state: 'frozen', xSplit: labelCols, ySplit: HEADER_ROWS }],
  });

  const labelWidths = depth >= 2 ? [16, 14, 30] : depth === 1 ? [16, 34] : [40];
  ws.columns = [
    ...Array.from({ length: labelCols }, (_, i) => ({ width: labelWidths[i] ?? 14 })),
    ...Array.from({ length: nCols }, (_, k) => ({
      width: Math.min(30, Math.max(14, 2 * (opts.columns[k]?.header.length ?? 0) + 2)),
    })),
  ];

  const put = (r: number, c: number, value: ExcelJS.CellValue, style: StyleName): void => {
    const cell = ws.getCell(r, c);
    // Blank stays blank: null, '' and a non-finite number are never written as 0 or as "NaN".
    if (
      value !== null &&
      value !== undefined &&
      value !== '' &&
      !(typeof value === 'number' && !Number.isFinite(value))
    )
      cell.value = value;
    cell.style = S[style];
  };
  /** Styles the whole range first (so borders are drawn on every edge), then merges it if it spans cells. */
  const block = (r1: number, c1: number, r2: number, c2: number, value: ExcelJS.CellValue, style: StyleName): void => {
    for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) put(r, c, r === r1 && c === c1 ? value : null, style);
    if (r2 > r1 || c2 > c1) ws.mergeCells(r1, c1, r2, c2);
  };

  // Title, and the unit/date line.
  block(1, 1, 1, lastCol, form.title, 'title');
  ws.getRow(1).height = 36;
  const leftEnd = Math.max(1, labelCols - 1);
  block(2, 1, 2, leftEnd, `填报单位：${opts.unitLine}`, 'line');
  if (lastCol > leftEnd) block(2, leftEnd + 1, 2, lastCol, `填报日期：${opts.dateLine}`, 'line');
  ws.getRow(2).height = 24;

  // Column headers.
  block(3, 1, 3, labelCols, '项目', 'header');
  opts.columns.forEach((col, k) => put(3, firstValueCol + k, col.header, 'header'));
  if (opts.columns.length === 0) put(3, firstValueCol, '数值', 'header');
  ws.getRow(3).height = 30;

  // Figures: group labels merged down their rows, item labels merged across to the value column.
  const top = HEADER_ROWS + 1;
  const keyAt = (li: number, d: number): string | null => {
    const g = form.indicators[lines[li]?.ind ?? -1]?.group ?? [];
    return g.length > d ? g.slice(0, d + 1).join('\u0001') : null;
  };
  for (let d = 0; d < depth; d++) {
    for (let start = 0, end = 0; start < lines.length; start = end + 1) {
      const key = keyAt(start, d);
      end = start;
      if (key === null) continue;
      while (end + 1 < lines.length && keyAt(end + 1, d) === key) end++;
      block(top + start, d + 1, top + end, d + 1, form.indicators[lines[start]?.ind ?? -1]?.group[d] ?? '', 'group');
    }
  }
  const valueStyle = (ind: Indicator): StyleName => (ind.type === 'decimal2' ? 'dec' : 'int');
  for (const [li, line] of lines.entries()) {
    if (li > 0) await opts.onRow?.(li, lines.length);
    const r = top + li;
    const ind = form.indicators[line.ind] as Indicator;
    const partner = line.partner === undefined ? undefined : form.indicators[line.partner];
    if (partner && line.partner !== undefined) {
      block(r, 1, r, labelCols - 2, indicatorLabel(ind), 'label');
      put(r, labelCols - 1, opts.columns[0]?.values[line.ind] ?? null, valueStyle(ind));
      put(r, labelCols, indicatorLabel(partner), 'label');
      put(r, firstValueCol, opts.columns[0]?.values[line.partner] ?? null, valueStyle(partner));
      ws.getRow(r).height = 48;
      continue;
    }
    block(r, ind.group.length + 1, r, labelCols, indicatorLabel(ind), 'label');
    for (let k = 0; k < nCols; k++)
      put(r, firstValueCol + k, opts.columns[k]?.values[line.ind] ?? null, valueStyle(ind));
    ws.getRow(r).height = indicatorLabel(ind).length > 18 ? 32 : 20;
    // Each finished row goes out to the zip at once: at 3,000 columns a row is 3,000 cell objects.
    // The group labels below it were written before the loop, and merges are kept apart from rows.
    ws.getRow(r).commit();
  }
  await opts.onRow?.(lines.length, lines.length);

  let r = top + lines.length;
  if (opts.completeness) {
    const byHeader = new Map(opts.completeness.map((c) => [c.header, c]));
    block(r, 1, r, labelCols, COMPLETENESS_LABEL, 'label');
    opts.columns.forEach((col, k) => {
      const c = byHeader.get(col.header);
      put(r, firstValueCol + k, c ? `${c.covered}/${c.expected}` : null, 'text');
    });
    ws.getRow(r).height = 20;
    r++;
  }
  if (opts.columns.some((c) => c.note)) {
    block(r, 1, r, labelCols, '备注', 'label');
    opts.columns.forEach((col, k) => put(r, firstValueCol + k, col.note ?? null, 'text'));
    r++;
  }

  // Signature block, as on paper: two fields a line below the table.
  const sig = opts.signature ?? null;
  const right = Math.min(lastCol, labelCols + 1);
  const pairsBelow: [string, string | null][] = [
    [`填报单位：${opts.unitLine}`, `填报人：${sig?.reporter ?? ''}`],
    [`审核人：${sig?.reviewer ?? ''}`, `联系电话：${sig?.phone ?? ''}`],
    [`填报日期：${chineseDate(sig?.date ?? null)}`, null],
  ];
  r++;
  for (const [left, rightText] of pairsBelow) {
    block(r, 1, r, leftEnd, left, 'sign');
    if (rightText !== null && right > leftEnd) block(r, leftEnd + 1, r, right, rightText, 'sign');
    ws.getRow(r).height = 22;
    r++;
  }

  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
