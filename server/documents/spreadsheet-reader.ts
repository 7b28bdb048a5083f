import ExcelJS from 'exceljs';
import { DomainError } from '../../domain/errors/domain-error.ts';

export interface SheetTable {
  name: string;
  header: string[];
  rows: string[][];
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (buf: Buffer, magic: number[]): boolean => magic.every((b, i) => buf[i] === b);

/** A cell's value as the text a person sees (rich text joined, formulas by their result, dates as ISO). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result ?? null);
    return '';
  }
  return String(value);
}

async function readXlsx(buffer: Buffer): Promise<SheetTable[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new DomainError('FILE_UNREADABLE', { reason: '文件已损坏或不是有效的 .xlsx 工作簿' });
  }
  return workbook.worksheets.map((ws) => {
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c).value).trim());
      rows.push(cells);
    });
    const [header = [], ...body] = rows;
    return { name: ws.name, header, rows: body };
  });
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF; a BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field.trim());
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field.trim());
      field = '';
      if (row.some((c) => c !== '')) rows.push(row);
      row = [];
    } else field += ch;
  }
  row.push(field.trim());
  if (row.some((c) => c !== '')) rows.push(row);
  return rows;
}

function decodeText(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    // Excel and WPS on Chinese Windows save CSV in GB18030.
    return new TextDecoder('gb18030').decode(buffer);
  }
}

/** Reads the sheets of an .xlsx, or one table from a .csv, judging by the content, not the name. */
export async function readSpreadsheet(buffer: Buffer, fileName: string): Promise<SheetTable[]> {
  if (buffer.length === 0) throw new DomainError('FILE_UNREADABLE', { reason: '文件是空的' });
  if (startsWith(buffer, ZIP_MAGIC)) return readXlsx(buffer);
  if (startsWith(buffer, OLE_MAGIC))
    throw new DomainError('FILE_UNREADABLE', {
      reason: '这是旧版 .xls 文件，请在 Excel 或 WPS 中另存为 .xlsx 后再导入',
    });
  if (buffer.subarray(0, 4096).includes(0))
    throw new DomainError('FILE_UNREADABLE', { reason: `“${fileName}”不是表格文件，请上传 .xlsx 或 .csv` });
  const [header = [], ...rows] = parseCsv(decodeText(buffer));
  return [{ name: fileName, header, rows }];
}
