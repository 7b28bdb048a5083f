import ExcelJS from 'exceljs';

/** A small .xlsx with the import columns and example rows, for users to fill in. */
export async function importTemplate(sheetName: string, header: string[], examples: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  header.forEach((h, i) => {
    const cell = ws.getCell(1, i + 1);
    cell.value = h;
    cell.font = { name: '宋体', bold: true, size: 11 };
    ws.getColumn(i + 1).width = Math.max(14, h.length * 3);
  });
  examples.forEach((row, r) =>
    row.forEach((v, c) => {
      ws.getCell(r + 2, c + 1).value = v;
    }),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
