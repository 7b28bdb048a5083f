import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FormDefinition, Indicator } from '../../domain/forms/form.ts';
import type { StatsLayout } from '../../domain/rollup/rollup.ts';
import type { ReportSignature } from '../db/schema.ts';
import {
  A4,
  colPt,
  linesNeeded,
  pagePlan,
  rowPt,
  widthForPt,
  type PagePlan,
  type PageShape,
} from './print-geometry.ts';

/** One value column of the table: a unit's own figures, or 合计 / 本级 / a child in a roll-up. */
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
  /** 已报/应报 per column, matched by header. Given for a roll-up, which prints landscape. */
  completeness?: StatsCompleteness[];
  /** A roll-up's orientation; a unit's own table always has the indicators as rows. */
  layout?: StatsLayout;
  signature?: ReportSignature | null;
  /** Called as rows of figures are written (for an export job's progress); throwing stops the export. */
  onRow?: (done: number, total: number) => Promise<void> | void;
}

export const STATS_SHEET_NAME = '统计表';
export const COMPLETENESS_LABEL = '已报/应报';
export const COVERED_LABEL = '已报';
export const EXPECTED_LABEL = '应报';
export const HEADER_ROWS = 3;
/** Page numbers as offices print them. */
const FOOTER = '&C&"宋体"&10第 &P 页 共 &N 页';

/**
 * The label as printed: the unit of measure in brackets, unless the label already says it
 * (组织活动次数, 群众参加人次) or the form prints none (unit left empty).
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
/** 小五 (9 pt) for the many narrow columns of a 汇总表 with units as rows. */
const SIZE = { title: 18, body: 11, small: 10, table: 9 } as const;
const thin: Partial<ExcelJS.Border> = { style: 'thin' };
const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const font = (size: number, bold = false): Partial<ExcelJS.Font> => ({ name: FONT, size, bold });
const centre = { horizontal: 'center', vertical: 'middle', wrapText: true } as const;
const left = { horizontal: 'left', vertical: 'middle', wrapText: true } as const;
// Shared, never mutated: one style object per kind keeps memory flat at thousands of columns.
const styles = (size: number) =>
  ({
    title: { font: font(SIZE.title, true), alignment: centre },
    line: { font: font(size), alignment: left },
    header: { font: font(size, true), alignment: centre, border: BORDER },
    group: { font: font(size), alignment: centre, border: BORDER },
    label: { font: font(size), alignment: left, border: BORDER },
    total: { font: font(size, true), alignment: left, border: BORDER },
    int: { font: font(size), alignment: { horizontal: 'center', vertical: 'middle' }, border: BORDER, numFmt: '0' },
    dec: { font: font(size), alignment: { horizontal: 'center', vertical: 'middle' }, border: BORDER, numFmt: '0.00' },
    text: { font: font(size), alignment: centre, border: BORDER },
    sign: { font: font(size), alignment: { horizontal: 'left', vertical: 'middle' } },
  }) satisfies Record<string, Partial<ExcelJS.Style>>;
type StyleName = keyof ReturnType<typeof styles>;

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
 * The widest figure of a column in characters. A digit prints 0.43 of a character in Noto CJK, but LibreOffice shows
 * ### unless the cell is about 0.62 of a character wide per digit (measured at 9 pt: 5, 6, 7 digits need widths
 * 4.5, 5.5, 6.5).
 */
function figureChars(values: (number | null)[], types: Indicator['type'][]): number {
  let w = 1;
  values.forEach((v, i) => {
    if (v === null || v === undefined || !Number.isFinite(v)) return;
    const s = types[i] === 'decimal2' ? v.toFixed(2) : String(Math.round(v));
    w = Math.max(w, s.length * 0.62);
  });
  return w;
}

/** A sheet being written: cells, merges, row heights and the page plan, over ExcelJS's streaming writer. */
class Sheet {
  readonly ws: ExcelJS.Worksheet;
  private readonly S: ReturnType<typeof styles>;
  private readonly colBreaks: number[] = [];

  constructor(
    wb: ExcelJS.stream.xlsx.WorkbookWriter,
    shape: PageShape,
    plan: PagePlan,
    widths: number[],
    titles: { rows: [number, number]; cols: number },
    size: number,
  ) {
    this.S = styles(size);
    const fit =
      plan.scale === null
        ? { fitToPage: true, fitToWidth: 1, fitToHeight: plan.onePage ? 1 : 0 }
        : { scale: plan.scale, ...(titles.cols > 0 && { printTitlesColumn: `A:${colLetter(titles.cols)}` }) };
    this.ws = wb.addWorksheet(STATS_SHEET_NAME, {
      pageSetup: {
        paperSize: 9,
        orientation: shape.orientation,
        horizontalCentered: true,
        margins: shape.marginsIn,
        ...fit,
        printTitlesRow: `${titles.rows[0]}:${titles.rows[1]}`,
      },
      headerFooter: { oddFooter: FOOTER, differentFirst: false, differentOddEven: false },
      views: [{ state: 'frozen', xSplit: titles.cols, ySplit: titles.rows[1] }],
    });
    this.ws.columns = widths.map((width) => ({ width }));
    // Column breaks after each page's last column (plan.pages holds 1-based last columns but the final one).
    this.colBreaks.push(...plan.breaksAfter);
    if (this.colBreaks.length) writeColBreaks(this.ws, this.colBreaks);
  }

  put(r: number, c: number, value: ExcelJS.CellValue, style: StyleName): void {
    const cell = this.ws.getCell(r, c);
    // Blank stays blank: null, '' and a non-finite number are never written as 0 or as "NaN".
    if (
      value !== null &&
      value !== undefined &&
      value !== '' &&
      !(typeof value === 'number' && !Number.isFinite(value))
    )
      cell.value = value;
    cell.style = this.S[style];
  }

  /** Styles the whole range first (so borders are drawn on every edge), then merges it if it spans cells. */
  block(r1: number, c1: number, r2: number, c2: number, value: ExcelJS.CellValue, style: StyleName): void {
    for (let r = r1; r <= r2; r++)
      for (let c = c1; c <= c2; c++) this.put(r, c, r === r1 && c === c1 ? value : null, style);
    if (r2 > r1 || c2 > c1) this.ws.mergeCells(r1, c1, r2, c2);
  }

  height(r: number, pt: number): void {
    this.ws.getRow(r).height = Math.round(pt * 4) / 4;
  }

  /** A manual page break below row r (so a group is not split across pages). */
  breakBelow(r: number): void {
    this.ws.getRow(r).addPageBreak();
  }
}

/**
 * ExcelJS writes row breaks but not column breaks; they follow rowBreaks in the sheet XML (CT_Worksheet order),
 * so they are written right after them.
 */
function writeColBreaks(ws: ExcelJS.Worksheet, after: number[]): void {
  const w = ws as unknown as { _writeRowBreaks(): void; stream: { write(s: string): void } };
  const rowBreaks = w._writeRowBreaks.bind(w);
  w._writeRowBreaks = () => {
    rowBreaks();
    const brks = after.map((c) => `<brk id="${c}" max="1048575" man="1"/>`).join('');
    w.stream.write(`<colBreaks count="${after.length}" manualBreakCount="${after.length}">${brks}</colBreaks>`);
  };
}

/**
 * The printed 统计表, generated from the form definition. A unit's own table: A4 portrait, title, 填报单位/填报日期,
 * group labels as merged cells, the figures, and the signature block, on one page where the form allows. A roll-up:
 * A4 landscape with the indicators as rows (合计, 本级 and a column per unit) or the units as rows; see print-geometry.ts
 * for the scaling rules. Written with the streaming writer so a national roll-up by county (~3,000 columns) stays
 * fast and small in memory.
 */
export async function statsWorkbook(form: FormDefinition, opts: StatsWorkbookOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  wb.creator = '';
  const rollup = opts.completeness !== undefined;
  if (rollup && opts.layout === 'units') await unitRowsSheet(wb, form, opts);
  else await indicatorRowsSheet(wb, form, opts, rollup);
  await wb.commit();
  return Buffer.concat(chunks);
}

async function indicatorRowsSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  form: FormDefinition,
  opts: StatsWorkbookOptions,
  rollup: boolean,
): Promise<void> {
  const depth = Math.max(0, ...form.indicators.map((i) => i.group.length));
  const labelCols = depth + 1;
  const nCols = Math.max(1, opts.columns.length);
  const size = rollup ? SIZE.small : SIZE.body;
  // The paper prints 播放…次 and 总时长 side by side: label, value, label, value. That needs three label columns.
  const lines = linesOf(form, !rollup && nCols === 1 && labelCols >= 3);
  const firstValueCol = labelCols + 1;
  const lastCol = labelCols + nCols;
  const shape = rollup ? A4.landscape : A4.portrait;

  const labelWidths = rollup
    ? depth >= 2
      ? [9, 9, 22]
      : depth === 1
        ? [10, 26]
        : [34]
    : depth >= 2
      ? [16, 14, 30]
      : depth === 1
        ? [16, 34]
        : [40];
  const types = form.indicators.map((i) => i.type);
  const labelWidthsAll = Array.from({ length: labelCols }, (_, i) => labelWidths[i] ?? 12);
  // A value column is as wide as its figures, and its header wraps onto at most three lines.
  const valueWidths = Array.from({ length: nCols }, (_, k) => {
    const col = opts.columns[k];
    if (!rollup) return 14;
    const headerChars = Math.ceil((col?.header.length ?? 2) / 3);
    return widthForPt(Math.max(headerChars * size, figureChars(col?.values ?? [], types) * size) + 6);
  });
  const widths = [...labelWidthsAll, ...valueWidths];

  // Row heights, computed so wrapped text is never clipped (a file's rows keep the height it sets).
  const labelPt = (c1: number, c2: number): number => widths.slice(c1 - 1, c2).reduce((s, w) => s + colPt(w), 0);
  const heights: number[] = [];
  const titlePt = rowPt(SIZE.title, 1) + 8;
  const headerPt = Math.max(
    rowPt(size, 1),
    ...opts.columns.map((c, k) => rowPt(size, linesNeeded(c.header, size, colPt(valueWidths[k] ?? 8)))),
  );
  const lineRowPt = (text: string, c1: number, c2: number): number =>
    rowPt(size, linesNeeded(text, size, labelPt(c1, c2)));
  const leftEnd = Math.max(1, labelCols - 1);
  const unitText = `填报单位：${opts.unitLine}`;
  const dateText = `填报日期：${opts.dateLine}`;
  heights.push(titlePt, Math.max(lineRowPt(unitText, 1, leftEnd), rowPt(size, 1) + 4), headerPt);
  const rowHeights = lines.map((line) => {
    const ind = form.indicators[line.ind] as Indicator;
    const partner = line.partner === undefined ? undefined : form.indicators[line.partner];
    if (partner)
      return Math.max(
        lineRowPt(indicatorLabel(ind), 1, labelCols - 2),
        lineRowPt(indicatorLabel(partner), labelCols, labelCols),
      );
    // A group label merged down its rows must fit too: share its lines over the rows it spans.
    return lineRowPt(indicatorLabel(ind), ind.group.length + 1, labelCols);
  });
  // Runs of lines under one group label at depth d, as [first, last] line indexes.
  const keyAt = (li: number, d: number): string | null => {
    const g = form.indicators[lines[li]?.ind ?? -1]?.group ?? [];
    return g.length > d ? g.slice(0, d + 1).join('\u0001') : null;
  };
  const runs = (d: number): [number, number][] => {
    const out: [number, number][] = [];
    for (let start = 0, end = 0; start < lines.length; start = end + 1) {
      const key = keyAt(start, d);
      end = start;
      if (key === null) continue;
      while (end + 1 < lines.length && keyAt(end + 1, d) === key) end++;
      out.push([start, end]);
    }
    return out;
  };
  // A group label taller than its rows: the rows grow evenly until it fits.
  for (let d = 0; d < depth; d++) {
    for (const [start, end] of runs(d)) {
      const label = form.indicators[lines[start]?.ind ?? -1]?.group[d] ?? '';
      const need = rowPt(size, linesNeeded(label, size, colPt(widths[d] ?? 8)));
      const have = rowHeights.slice(start, end + 1).reduce((sum, h) => sum + h, 0);
      if (need > have)
        for (let i = start; i <= end; i++) rowHeights[i] = (rowHeights[i] ?? 0) + (need - have) / (end - start + 1);
    }
  }
  heights.push(...rowHeights);
  // Keep each top-level group on one page; an ungrouped line is a run of its own.
  const keepTogether: number[] = [];
  for (let li = 0; li < lines.length;) {
    const run = depth > 0 ? runs(0).find(([a]) => a === li) : undefined;
    const len = run ? run[1] - run[0] + 1 : 1;
    keepTogether.push(len);
    li += len;
  }
  const tail: number[] = [];
  if (opts.completeness) tail.push(rowPt(size, 1));
  if (opts.columns.some((c) => c.note)) tail.push(rowPt(size, 1));
  const signatureRows = rollup ? 0 : 3;
  if (signatureRows)
    tail.push(rowPt(size, 1) * 0.6, ...Array.from({ length: signatureRows }, () => rowPt(size, 1) + 4));
  heights.push(...tail);

  const plan = pagePlan(shape, widths, heights, { titleCols: labelCols, titleRows: HEADER_ROWS, keepTogether });
  // A roll-up's unit line runs over the label columns and the first value columns, as far as it needs.
  let unitEnd = leftEnd;
  if (rollup) {
    unitEnd = labelCols;
    while (unitEnd + 1 < plan.firstPageLastCol && linesNeeded(unitText, size, labelPt(1, unitEnd)) > 1) unitEnd++;
  }
  const sheet = new Sheet(
    wb,
    shape,
    plan,
    widths,
    { rows: [HEADER_ROWS, HEADER_ROWS], cols: rollup ? labelCols : 0 },
    size,
  );
  const { ws } = sheet;

  // Title over page 1's columns (a wide roll-up continues on further pages); the unit/date line below it.
  const titleEnd = plan.firstPageLastCol;
  sheet.block(1, 1, 1, titleEnd, form.title, 'title');
  if (titleEnd < lastCol) sheet.block(1, titleEnd + 1, 1, lastCol, null, 'line');
  sheet.height(1, titlePt);
  sheet.block(2, 1, 2, unitEnd, unitText, 'line');
  if (titleEnd > unitEnd) sheet.block(2, unitEnd + 1, 2, titleEnd, dateText, 'line');
  sheet.height(2, Math.max(lineRowPt(unitText, 1, unitEnd), rowPt(size, 1) + 4));

  // Column headers.
  sheet.block(3, 1, 3, labelCols, '项目', 'header');
  opts.columns.forEach((col, k) => sheet.put(3, firstValueCol + k, col.header, 'header'));
  if (opts.columns.length === 0) sheet.put(3, firstValueCol, '数值', 'header');
  sheet.height(3, headerPt);

  // Figures: group labels merged down their rows, item labels merged across to the value column.
  const top = HEADER_ROWS + 1;
  for (let d = 0; d < depth; d++) {
    for (const [start, end] of runs(d)) {
      const label = form.indicators[lines[start]?.ind ?? -1]?.group[d] ?? '';
      sheet.block(top + start, d + 1, top + end, d + 1, label, 'group');
    }
  }
  for (const r of plan.rowBreaksAfter) sheet.breakBelow(r);
  const valueStyle = (ind: Indicator): StyleName => (ind.type === 'decimal2' ? 'dec' : 'int');
  for (const [li, line] of lines.entries()) {
    if (li > 0) await opts.onRow?.(li, lines.length);
    const r = top + li;
    const ind = form.indicators[line.ind] as Indicator;
    const partner = line.partner === undefined ? undefined : form.indicators[line.partner];
    sheet.height(r, rowHeights[li] ?? 20);
    if (partner && line.partner !== undefined) {
      sheet.block(r, 1, r, labelCols - 2, indicatorLabel(ind), 'label');
      sheet.put(r, labelCols - 1, opts.columns[0]?.values[line.ind] ?? null, valueStyle(ind));
      sheet.put(r, labelCols, indicatorLabel(partner), 'label');
      sheet.put(r, firstValueCol, opts.columns[0]?.values[line.partner] ?? null, valueStyle(partner));
      continue;
    }
    sheet.block(r, ind.group.length + 1, r, labelCols, indicatorLabel(ind), 'label');
    for (let k = 0; k < nCols; k++)
      sheet.put(r, firstValueCol + k, opts.columns[k]?.values[line.ind] ?? null, valueStyle(ind));
    // Each finished row goes out to the zip at once: at 3,000 columns a row is 3,000 cell objects.
    // The group labels below it were written before the loop, and merges are kept apart from rows.
    ws.getRow(r).commit();
  }
  await opts.onRow?.(lines.length, lines.length);

  let r = top + lines.length;
  if (opts.completeness) {
    // Written as text, so no spreadsheet reads "1/1" as a date.
    const byHeader = new Map(opts.completeness.map((c) => [c.header, c]));
    sheet.block(r, 1, r, labelCols, COMPLETENESS_LABEL, 'label');
    opts.columns.forEach((col, k) => {
      const c = byHeader.get(col.header);
      sheet.put(r, firstValueCol + k, c ? `${c.covered}/${c.expected}` : null, 'text');
    });
    sheet.height(r, rowPt(size, 1));
    r++;
  }
  if (opts.columns.some((c) => c.note)) {
    sheet.block(r, 1, r, labelCols, '备注', 'label');
    opts.columns.forEach((col, k) => sheet.put(r, firstValueCol + k, col.note ?? null, 'text'));
    sheet.height(r, rowPt(size, 1));
    r++;
  }

  // Signature block below a unit's own table (填报单位 and 填报日期 are already printed above it).
  if (!rollup) {
    const sig = opts.signature ?? null;
    const right = Math.min(lastCol, labelCols + 1);
    const rows: [string, string | null][] = [
      [`填报人：${sig?.reporter ?? ''}`, `审核人：${sig?.reviewer ?? ''}`],
      [`联系电话：${sig?.phone ?? ''}`, null],
      ['（盖章）', null],
    ];
    sheet.height(r, rowPt(size, 1) * 0.6);
    r++;
    for (const [l, rt] of rows) {
      sheet.block(r, 1, r, leftEnd, l, 'sign');
      if (rt !== null && right > leftEnd) sheet.block(r, leftEnd + 1, r, right, rt, 'sign');
      sheet.height(r, rowPt(size, 1) + 4);
      r++;
    }
  }
  ws.commit();
}

async function unitRowsSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  form: FormDefinition,
  opts: StatsWorkbookOptions,
): Promise<void> {
  const size: number = SIZE.table;
  const inds = form.indicators;
  const depth = Math.max(0, ...inds.map((i) => i.group.length));
  const headerRows = depth + 1;
  const titleRows = 2 + headerRows;
  const shape = A4.landscape;
  const byHeader = new Map((opts.completeness ?? []).map((c) => [c.header, c]));
  const lead = 3; // 单位, 已报, 应报
  const longestName = Math.max(4, ...opts.columns.map((c) => c.header.length));
  const nameWidth = widthForPt(Math.min(longestName, 14) * size + 8);
  const countWidth = widthForPt(2 * size + 6);
  // An indicator column is as wide as its widest figure, and its label wraps to about three characters a line.
  const indWidths = inds.map((ind, i) => {
    const figures = Math.max(1, ...opts.columns.map((c) => figureChars([c.values[i] ?? null], [ind.type])));
    const labelChars = Math.min(4, Math.max(2, Math.ceil(indicatorLabel(ind).length / 6)));
    return widthForPt(Math.max(figures * size + 1, labelChars * size + 5));
  });
  const widths = [nameWidth, countWidth, countWidth, ...indWidths];
  const lastCol = widths.length;

  const titlePt = rowPt(SIZE.title, 1) + 8;
  const linePt = rowPt(size, 1) + 4;
  // Header rows: group rows one or two lines, the indicator row as tall as its longest wrapped label.
  const groupPt = (d: number): number => {
    let need = rowPt(size, 1);
    for (let i = 0; i < inds.length;) {
      const key = inds[i]?.group.slice(0, d + 1).join('\u0001') ?? '';
      let j = i;
      while (j + 1 < inds.length && (inds[j + 1]?.group.slice(0, d + 1).join('\u0001') ?? '') === key) j++;
      const label = inds[i]?.group[d];
      if (label) {
        const pt = indWidths.slice(i, j + 1).reduce((s, w) => s + colPt(w), 0);
        need = Math.max(need, rowPt(size, linesNeeded(label, size, pt)));
      }
      i = j + 1;
    }
    return need;
  };
  const headerHeights = [
    ...Array.from({ length: depth }, (_, d) => groupPt(d)),
    Math.max(
      rowPt(size, 2),
      ...inds.map(
        (ind, i) =>
          // Labels that end their group early span the rows below, so they have those rows' height too.
          rowPt(size, linesNeeded(indicatorLabel(ind), size, colPt(indWidths[i] ?? 6))) -
          (depth - ind.group.length) * rowPt(size, 1),
      ),
    ),
  ];
  const rowsOf = opts.columns.map((c) => rowPt(size, linesNeeded(c.header, size, colPt(nameWidth))));
  const heights = [titlePt, linePt, ...headerHeights, ...rowsOf];
  const plan = pagePlan(shape, widths, heights, { titleCols: lead, titleRows });
  const sheet = new Sheet(wb, shape, plan, widths, { rows: [3, titleRows], cols: lead }, size);
  const { ws } = sheet;

  sheet.block(1, 1, 1, plan.firstPageLastCol, form.title, 'title');
  if (plan.firstPageLastCol < lastCol) sheet.block(1, plan.firstPageLastCol + 1, 1, lastCol, null, 'line');
  sheet.height(1, titlePt);
  const half = Math.max(lead + 1, Math.floor(plan.firstPageLastCol / 2));
  sheet.block(2, 1, 2, half, `填报单位：${opts.unitLine}`, 'line');
  sheet.block(2, half + 1, 2, Math.max(half + 1, plan.firstPageLastCol), `填报日期：${opts.dateLine}`, 'line');
  sheet.height(2, linePt);

  // Header: 单位/已报/应报 merged down; group labels merged across their indicators; labels merged down to the last row.
  const h0 = 3;
  const hEnd = h0 + headerRows - 1;
  sheet.block(h0, 1, hEnd, 1, '单位', 'header');
  sheet.block(h0, 2, hEnd, 2, COVERED_LABEL, 'header');
  sheet.block(h0, 3, hEnd, 3, EXPECTED_LABEL, 'header');
  for (let d = 0; d < depth; d++) {
    for (let i = 0; i < inds.length;) {
      const g = inds[i]?.group ?? [];
      if (g.length <= d) {
        i++;
        continue;
      }
      const key = g.slice(0, d + 1).join('\u0001');
      let j = i;
      while (j + 1 < inds.length && (inds[j + 1]?.group.slice(0, d + 1).join('\u0001') ?? '') === key) j++;
      sheet.block(h0 + d, lead + 1 + i, h0 + d, lead + 1 + j, g[d] ?? '', 'header');
      i = j + 1;
    }
  }
  inds.forEach((ind, i) =>
    sheet.block(h0 + ind.group.length, lead + 1 + i, hEnd, lead + 1 + i, indicatorLabel(ind), 'header'),
  );
  headerHeights.forEach((h, d) => sheet.height(h0 + d, h));

  // One row per unit; 合计 and 本级 first, as the columns come.
  const valueStyle = (ind: Indicator): StyleName => (ind.type === 'decimal2' ? 'dec' : 'int');
  for (const [k, col] of opts.columns.entries()) {
    if (k > 0) await opts.onRow?.(k, opts.columns.length);
    const r = hEnd + 1 + k;
    const c = byHeader.get(col.header);
    sheet.put(r, 1, col.header, k === 0 ? 'total' : 'label');
    sheet.put(r, 2, c?.covered ?? null, 'int');
    sheet.put(r, 3, c?.expected ?? null, 'int');
    inds.forEach((ind, i) => sheet.put(r, lead + 1 + i, col.values[i] ?? null, valueStyle(ind)));
    sheet.height(r, rowsOf[k] ?? 16);
    ws.getRow(r).commit();
  }
  await opts.onRow?.(opts.columns.length, opts.columns.length);
  ws.commit();
}

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
