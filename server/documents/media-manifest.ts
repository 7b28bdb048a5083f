import ExcelJS from 'exceljs';
import { colPt, linesNeeded, rowPt } from './print-geometry.ts';

/** One file of the media package, as the 清单 lists it. */
export interface ManifestLine {
  file: string;
  missing: boolean;
  unit: string;
  activity: string;
  caption: string;
  date: string;
}

export const MANIFEST_FILE_NAME = '清单.xlsx';

const thin: Partial<ExcelJS.Border> = { style: 'thin' };
const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const FONT = '宋体';
const SIZE = 10.5;

/**
 * The media package's list of files as an office prints it: A4 landscape, one page wide, a title, ruled cells,
 * the header row repeated on every page and page numbers in the footer.
 */
export async function mediaManifest(title: string, lines: ManifestLine[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('清单', {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
      printTitlesRow: '2:2',
    },
    headerFooter: { oddFooter: '&C第 &P 页 共 &N 页' },
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  const widths = [6, 46, 28, 30, 36, 12];
  ws.columns = widths.map((width) => ({ width }));
  ws.mergeCells(1, 1, 1, widths.length);
  const titleCell = ws.getCell(1, 1);
  titleCell.value = `${title}图片视频清单`;
  titleCell.font = { name: FONT, size: 16, bold: true };
  titleCell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.getRow(1).height = 30;

  const put = (r: number, values: (string | number)[], bold: boolean): void => {
    values.forEach((v, c) => {
      const cell = ws.getCell(r, c + 1);
      cell.value = v;
      cell.font = { name: FONT, size: SIZE, bold };
      cell.alignment = { horizontal: bold || c === 0 ? 'center' : 'left', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
    });
  };
  put(2, ['序号', '文件', '单位', '活动', '说明', '日期'], true);
  ws.getRow(2).height = 22;
  lines.forEach((l, i) => {
    put(3 + i, [i + 1, l.missing ? `${l.file}（文件缺失）` : l.file, l.unit, l.activity, l.caption, l.date], false);
    // Wrapped text needs its height set: LibreOffice and Excel keep the default row height of a written file.
    const texts = [l.missing ? `${l.file}（文件缺失）` : l.file, l.unit, l.activity, l.caption];
    const lineCount = Math.max(...texts.map((t, k) => linesNeeded(t, SIZE, colPt(widths[k + 1] ?? 10))));
    ws.getRow(3 + i).height = rowPt(SIZE, lineCount);
  });
  if (lines.length === 0) {
    ws.mergeCells(3, 1, 3, widths.length);
    put(3, ['（没有图片或视频）'], false);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
