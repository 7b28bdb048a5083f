import ExcelJS from 'exceljs';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { FormDefinition, Indicator } from '../../domain/forms/form.ts';
import { cellText, readSpreadsheet } from './spreadsheet-reader.ts';
import { indicatorLabel } from './stats-xlsx.ts';

export interface StatsImportProblem {
  cell: string;
  message: string;
}
export interface StatsImport {
  figures: (number | null)[];
  problems: StatsImportProblem[];
  unitName: string | null;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Label text as offices re-type it: spaces, full-width brackets and quotes vary, so they do not count. */
export function normalizeLabel(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[“”"'‘’「」『』]/g, '')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')');
}

const labelKeys = (ind: Indicator): string[] => [
  ...new Set([
    normalizeLabel(ind.label),
    normalizeLabel(indicatorLabel(ind)),
    normalizeLabel(`${ind.label}(${ind.unit})`),
  ]),
];

interface Placed {
  row: number;
  col: number;
  endCol: number;
}

/** A sheet's label cells: for each normalized text, where it sits (merged slaves are skipped, the range kept). */
function labelCells(ws: ExcelJS.Worksheet): Map<string, Placed[]> {
  const found = new Map<string, Placed[]>();
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cell.isMerged && cell.master.address !== cell.address) return;
      const v = cell.value;
      if (typeof v === 'number' || v === null) return;
      const key = normalizeLabel(cellText(v));
      if (!key) return;
      let endCol = c;
      while (
        endCol < ws.columnCount &&
        ws.getCell(r, endCol + 1).isMerged &&
        ws.getCell(r, endCol + 1).master.address === cell.address
      )
        endCol++;
      const list = found.get(key) ?? [];
      list.push({ row: r, col: c, endCol });
      found.set(key, list);
    });
  });
  return found;
}

type Parsed = { value: number | null } | { value: null; problem: string };

/** A typed figure: numbers, or text that is clearly a number (WPS often stores digits as text). */
function parseFigure(raw: ExcelJS.CellValue): Parsed {
  const v =
    raw !== null && typeof raw === 'object' && !(raw instanceof Date) && 'result' in raw ? (raw.result ?? null) : raw;
  if (v === null || v === undefined) return { value: null };
  if (typeof v === 'number') return Number.isFinite(v) ? { value: v } : { value: null, problem: '应为数字' };
  if (typeof v === 'object' && 'error' in v) return { value: null, problem: `应为数字，实际为“${v.error}”` };
  const text = cellText(v).normalize('NFKC').trim();
  if (text === '' || /^[-—–/]$/.test(text)) return { value: null };
  const compact = text.replace(/[,\s]/g, '');
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(compact)) return { value: Number(compact) };
  return { value: null, problem: `应为数字，实际为“${text}”` };
}

/** Checks a figure against its indicator; the value is still kept, as the draft keeps what was typed. */
function figureProblem(ind: Indicator, v: number): string | null {
  if (ind.type === 'integer' && !Number.isInteger(v)) return `应为整数，实际为 ${v}`;
  if (ind.type === 'decimal2' && Math.abs(Math.round(v * 100) / 100 - v) > 1e-9) return `最多两位小数，实际为 ${v}`;
  if (v < ind.min) return ind.min === 0 ? `不能为负数，实际为 ${v}` : `不能小于 ${ind.min}，实际为 ${v}`;
  if (v > ind.max) return `不能大于 ${ind.max.toLocaleString('zh-CN')}，实际为 ${v}`;
  return null;
}

const UNIT_PREFIX = /^填报单位(?:[(（]盖章[)）])?[:：]\s*/;

async function loadWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  if (buffer.length === 0 || !ZIP_MAGIC.every((b, i) => buffer[i] === b)) {
    // Empty, old .xls or not a spreadsheet at all: the shared reader names the problem.
    await readSpreadsheet(buffer, '上传的文件');
    throw new DomainError('FILE_UNREADABLE', { reason: '统计表请上传 .xlsx 文件' });
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new DomainError('FILE_UNREADABLE', { reason: '文件已损坏或不是有效的 .xlsx 工作簿' });
  }
  // A .docx or other zip renamed to .xlsx loads as a workbook without sheets.
  if (workbook.worksheets.length === 0)
    throw new DomainError('FILE_UNREADABLE', { reason: '文件已损坏或不是有效的 .xlsx 工作簿' });
  return workbook;
}

interface SheetLabels {
  ws: ExcelJS.Worksheet;
  cells: Map<string, Placed[]>;
  hits: number;
}

function sheetLabels(workbook: ExcelJS.Workbook, form: FormDefinition): SheetLabels[] {
  const keys = form.indicators.map(labelKeys);
  return workbook.worksheets.map((ws) => {
    const cells = labelCells(ws);
    return { ws, cells, hits: keys.filter((ks) => ks.some((k) => cells.has(k))).length };
  });
}

const holdsTable = (s: SheetLabels, form: FormDefinition): boolean => s.hits >= Math.ceil(form.indicators.length / 2);

/** Same labels under another title (e.g. next year's table) is still another form. */
function checkTitle(s: SheetLabels, form: FormDefinition): void {
  const titleKey = normalizeLabel(form.title);
  for (const [key] of s.cells) {
    if (key.endsWith('统计表') && !key.includes(titleKey))
      throw new DomainError('REPORT_XLSX_WRONG_FORM', { form: form.title });
  }
}

/**
 * Reads a single-unit 统计表 (as exported, or re-typed by an office with the same labels): each indicator's row is
 * found by its label, its figure is the first filled cell right of the label and before the next label on that row
 * (so 播放…次 and 总时长 share a row). A workbook whose labels are mostly missing, or titled as another form, is refused.
 */
export async function readStatsWorkbook(buffer: Buffer, form: FormDefinition): Promise<StatsImport> {
  const workbook = await loadWorkbook(buffer);
  // The sheet that holds most of the form's labels.
  let best: SheetLabels | null = null;
  for (const s of sheetLabels(workbook, form)) if (!best || s.hits > best.hits) best = s;
  if (!best || !holdsTable(best, form)) throw new DomainError('REPORT_XLSX_WRONG_FORM', { form: form.title });
  checkTitle(best, form);
  return readSheet(best, form);
}

export interface StatsSheetImport extends StatsImport {
  sheetName: string;
}

/**
 * Every sheet of a workbook that holds the form's table: offices collecting tables offline often keep one sheet per
 * unit. Sheets without the table (notes, a cover) are skipped; a workbook without any, or one of another form, is refused.
 */
export async function readStatsSheets(buffer: Buffer, form: FormDefinition): Promise<StatsSheetImport[]> {
  const workbook = await loadWorkbook(buffer);
  const tables = sheetLabels(workbook, form).filter((s) => holdsTable(s, form));
  if (tables.length === 0) throw new DomainError('REPORT_XLSX_WRONG_FORM', { form: form.title });
  for (const s of tables) checkTitle(s, form);
  return tables.map((s) => ({ ...readSheet(s, form), sheetName: s.ws.name }));
}

function readSheet({ ws, cells }: SheetLabels, form: FormDefinition): StatsImport {
  const keys = form.indicators.map(labelKeys);
  // Duplicate labels (none in the 2024 form) are matched in reading order.
  const used = new Map<string, number>();
  const placeOf = form.indicators.map((_, i) => {
    for (const k of keys[i] ?? []) {
      const list = cells.get(k);
      const n = used.get(k) ?? 0;
      if (list && n < list.length) {
        used.set(k, n + 1);
        return list[n] ?? null;
      }
    }
    return null;
  });
  const labelStarts = new Set(placeOf.flatMap((p) => (p ? [`${p.row}:${p.col}`] : [])));

  const figures: (number | null)[] = [];
  const problems: StatsImportProblem[] = [];
  form.indicators.forEach((ind, i) => {
    const p = placeOf[i];
    if (!p) {
      figures.push(null);
      problems.push({ cell: '', message: `找不到“${indicatorLabel(ind)}”所在的行` });
      return;
    }
    let value: number | null = null;
    for (let c = p.endCol + 1; c <= ws.columnCount; c++) {
      if (labelStarts.has(`${p.row}:${c}`)) break;
      const cell = ws.getCell(p.row, c);
      if (cell.isMerged && cell.master.address !== cell.address) continue;
      const parsed = parseFigure(cell.value);
      if ('problem' in parsed) {
        problems.push({ cell: cell.address, message: `${cell.address}：${parsed.problem}` });
        break;
      }
      if (parsed.value === null) continue;
      value = parsed.value;
      const bad = figureProblem(ind, value);
      if (bad) problems.push({ cell: cell.address, message: `${cell.address}：${bad}` });
      break;
    }
    figures.push(value);
  });

  let unitName: string | null = null;
  ws.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      const text = cellText(cell.value).trim();
      if (unitName === null && UNIT_PREFIX.test(text))
        unitName =
          text
            .replace(UNIT_PREFIX, '')
            .split(/\s{2,}|填报日期/)[0]
            ?.trim() || null;
    });
  });
  return { figures, problems, unitName };
}
