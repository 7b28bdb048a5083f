import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../../domain/forms/form.ts';
import { QUALITY_MONTH_2024 as FORM } from '../../domain/forms/quality-month-2024.form.ts';
import { readStatsWorkbook } from './stats-xlsx-reader.ts';
import { statsWorkbook } from './stats-xlsx.ts';

const codes = FORM.indicators.map((i) => i.code);
const figures = (values: Record<string, number>): (number | null)[] => codes.map((c) => values[c] ?? null);
const FILLED = figures({
  pub_leader_provincial: 2,
  pub_leader_city: 5,
  pub_leader_county: 11,
  pub_events: 12,
  pub_attendance: 3400,
  pub_departments: 17,
  pub_department_attendance: 120,
  press_departments: 3,
  press_releases: 8,
  print_articles: 21,
  broadcast_count: 6,
  broadcast_minutes: 95,
  posters: 300,
  enf_goods_value: 12.5,
  enf_exposed: 0,
});
const SIGNATURE = { reporter: '次仁', reviewer: '卓玛', phone: '0891-6833000', date: '2024-10-08' };

async function load(buf: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no worksheet');
  return ws;
}
const text = (ws: ExcelJS.Worksheet, addr: string): string => {
  const v = ws.getCell(addr).value;
  return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
};
const merges = (ws: ExcelJS.Worksheet): string[] => (ws.model as unknown as { merges: string[] }).merges;

interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}
function box(range: string): Box {
  const [a = '', b = a] = range.split(':');
  const p = (s: string): [number, number] => {
    const m = /^([A-Z]+)(\d+)$/.exec(s);
    if (!m) throw new Error(s);
    return [Number(m[2]), [...(m[1] ?? '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0)];
  };
  const [top, left] = p(a);
  const [bottom, right] = p(b);
  return { top, left, bottom, right };
}
const overlaps = (x: Box, y: Box): boolean =>
  x.left <= y.right && y.left <= x.right && x.top <= y.bottom && y.top <= x.bottom;
function expectNoOverlap(list: string[]): void {
  const boxes = list.map(box);
  boxes.forEach((b, i) =>
    boxes.slice(i + 1).forEach((c, j) => expect(overlaps(b, c), `${list[i]} overlaps ${list[i + j + 1]}`).toBe(false)),
  );
}

const single = (values = FILLED): Promise<Buffer> =>
  statsWorkbook(FORM, {
    unitLine: '西藏自治区质量协会',
    dateLine: '2024年10月8日',
    columns: [{ header: '数值', values }],
    signature: SIGNATURE,
  });

describe('the single-unit statistics table as .xlsx', () => {
  it('prints the paper layout: title, unit and date line, group labels merged over their rows', async () => {
    const ws = await load(await single());
    expect(text(ws, 'A1')).toBe('2024年“质量月”活动统计表');
    expect(text(ws, 'A2')).toBe('填报单位：西藏自治区质量协会');
    expect(text(ws, 'C2')).toBe('填报日期：2024年10月8日');
    const m = merges(ws);
    // 宣传活动 spans its 7 rows, 领导参与情况 the 3 leader rows; items without a sub-group span across.
    expect(m).toEqual(
      expect.arrayContaining([
        'A1:D1',
        'A3:C3',
        'A4:A10',
        'B4:B6',
        'B7:C7',
        'A11:A12',
        'A13:C13',
        'A22:A27',
        'A28:A33',
      ]),
    );
    expect(text(ws, 'A4')).toBe('宣传活动');
    expect(text(ws, 'B4')).toBe('领导参与情况');
    expect(text(ws, 'A22')).toBe('企业开展“质量月”活动情况');
    expectNoOverlap(m);
  });

  it('lists the labels in printed order with their units, the 播放…次 and 总时长 pair on one row', async () => {
    const ws = await load(await single());
    const labels: string[] = [];
    for (let r = 4; r <= 33; r++) {
      const row = ws.getRow(r);
      // The label is the last text cell before the value column (merged slaves repeat the master's text).
      const cells = [1, 2, 3]
        .map((c) => row.getCell(c))
        .filter((c) => typeof c.value === 'string' && !(c.isMerged && c.master.address !== c.address));
      labels.push(
        ...cells
          .map((c) => text(ws, c.address))
          .filter(
            (t) => !['宣传活动', '领导参与情况', '新闻发布会', '企业开展“质量月”活动情况', '执法打假情况'].includes(t),
          ),
      );
    }
    expect(labels).toEqual([
      '省部级(人次)',
      '市局级(人次)',
      '县处级(人次)',
      '组织活动次数',
      '群众参加人次',
      '参与部门(个)',
      '部门参与人次',
      '参加部门(个)',
      '发布专题新闻、信息(条)',
      '报纸、杂志发表专题文章或新闻报道总数(篇)',
      '播放广播、电视专题节目及新闻报道总数(次)',
      '总时长(分钟)',
      '制作、播放各类公益广告(次)',
      '制作、张贴宣传画(张)',
      '制作、发放宣传资料(份)',
      '制作展板(个)',
      '发送宣传短信(条)',
      '新媒体宣传（微信、微博）(次)',
      '处理消费者投诉数量(个)',
      '参与企业数量(家)',
      '参与职工数量(人次)',
      '查找质量隐患(个)',
      '解决质量问题(个)',
      '企业召开质量分析会(场)',
      '企业开展QC小组活动(次)',
      '确定整治的重点区域(个)',
      '确定整治的重点产品(种)',
      '出动执法人员(人次)',
      '查处违法案件(起)',
      '查获假冒伪劣产品货值(万元)',
      '曝光制假售假企业(家)',
    ]);
    expect([text(ws, 'A14'), ws.getCell('B14').value, text(ws, 'C14'), ws.getCell('D14').value]).toEqual([
      '播放广播、电视专题节目及新闻报道总数(次)',
      6,
      '总时长(分钟)',
      95,
    ]);
  });

  it('writes values with their number formats, leaves blanks blank, and uses 宋体 throughout', async () => {
    const ws = await load(await single());
    expect(ws.getCell('D4').value).toBe(2);
    expect(ws.getCell('D8').value).toBe(3400);
    expect(ws.getCell('D4').numFmt).toBe('0');
    expect(ws.getCell('D32').value).toBe(12.5);
    expect(ws.getCell('D32').numFmt).toBe('0.00');
    expect(ws.getCell('D33').value).toBe(0);
    expect(ws.getCell('D15').value).toBeNull();
    expect(ws.getCell('D15').numFmt).toBe('0');
    for (let r = 1; r <= 37; r++) {
      ws.getRow(r).eachCell((cell) => expect(cell.font.name, cell.address).toBe('宋体'));
    }
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, size: 18 });
    expect(ws.getCell('D10').border).toMatchObject({
      top: { style: 'thin' },
      left: { style: 'thin' },
      bottom: { style: 'thin' },
      right: { style: 'thin' },
    });
    expect(ws.getColumn(3).width).toBeGreaterThan(ws.getColumn(4).width ?? 0);
  });

  it('is set up for one A4 portrait page, the header row repeated, page numbers, and signed below', async () => {
    const ws = await load(await single());
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 1,
      printTitlesRow: '3:3',
    });
    expect(ws.headerFooter.oddFooter).toContain('第 &P 页 共 &N 页');
    // 填报单位 and 填报日期 are printed once, above the table; the signature block holds the rest.
    expect([text(ws, 'A35'), text(ws, 'C35')]).toEqual(['填报人：次仁', '审核人：卓玛']);
    expect([text(ws, 'A36'), text(ws, 'A37')]).toEqual(['联系电话：0891-6833000', '（盖章）']);
    const all: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => c.master.address === c.address && all.push(c.text)));
    expect(all.filter((v) => v.startsWith('填报单位'))).toHaveLength(1);
    expect(all.filter((v) => v.startsWith('填报日期'))).toHaveLength(1);
  });

  it('leaves the signature fields blank for a paper signature when there is none', async () => {
    const buf = await statsWorkbook(FORM, {
      unitLine: '拉萨市市场监督管理局',
      dateLine: '',
      columns: [{ header: '数值', values: figures({}) }],
      signature: null,
    });
    const ws = await load(buf);
    expect([text(ws, 'A35'), text(ws, 'C35'), text(ws, 'A36')]).toEqual(['填报人：', '审核人：', '联系电话：']);
    expect(ws.getCell('D4').value).toBeNull();
  });
});

describe('the roll-up table: 合计 and a column per child, with completeness', () => {
  const children = [
    {
      header: '拉萨市市场监督管理局',
      values: figures({ pub_events: 5, broadcast_count: 2, broadcast_minutes: 30, enf_goods_value: 1.25 }),
    },
    {
      header: '日喀则市市场监督管理局',
      values: figures({ pub_events: 7, broadcast_count: 1, broadcast_minutes: 15, enf_goods_value: 0.5 }),
    },
    { header: '西藏自治区质量协会', values: figures({}), note: '未报' },
  ];
  const total = {
    header: '合计',
    values: figures({ pub_events: 12, broadcast_count: 3, broadcast_minutes: 45, enf_goods_value: 1.75 }),
  };
  const rollup = (): Promise<Buffer> =>
    statsWorkbook(FORM, {
      unitLine: '西藏自治区市场监督管理局',
      dateLine: '2024年10月10日',
      columns: [total, ...children],
      completeness: [
        { header: '合计', covered: 2, expected: 3 },
        { header: '拉萨市市场监督管理局', covered: 1, expected: 1 },
        { header: '日喀则市市场监督管理局', covered: 1, expected: 1 },
        { header: '西藏自治区质量协会', covered: 0, expected: 1 },
      ],
    });

  it('has one column per entry, 总时长 on its own row, and a 已报/应报 row', async () => {
    const ws = await load(await rollup());
    expect([3, 4, 5, 6, 7].map((c) => text(ws, `${String.fromCharCode(64 + c)}3`))).toEqual([
      '项目',
      '合计',
      '拉萨市市场监督管理局',
      '日喀则市市场监督管理局',
      '西藏自治区质量协会',
    ]);
    expect(text(ws, 'A14')).toBe('播放广播、电视专题节目及新闻报道总数(次)');
    expect(text(ws, 'A15')).toBe('总时长(分钟)');
    expect([4, 5, 6, 7].map((c) => ws.getCell(14, c).value)).toEqual([3, 2, 1, null]);
    expect([4, 5, 6, 7].map((c) => ws.getCell(15, c).value)).toEqual([45, 30, 15, null]);
    expect([4, 5, 6, 7].map((c) => ws.getCell(7, c).value)).toEqual([12, 5, 7, null]);
    expect(ws.getCell('D33').value).toBe(1.75);
    expect(ws.getCell('E33').numFmt).toBe('0.00');
    expect(text(ws, 'A35')).toBe('已报/应报');
    expect([4, 5, 6, 7].map((c) => ws.getCell(35, c).value)).toEqual(['2/3', '1/1', '1/1', '0/1']);
    expect([text(ws, 'A36'), text(ws, 'G36')]).toEqual(['备注', '未报']);
    const m = merges(ws);
    expect(m).toEqual(expect.arrayContaining(['A1:G1', 'A4:A10', 'B4:B6', 'A14:C14', 'A15:C15', 'A35:C35']));
    expectNoOverlap(m);
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });
  });

  it('writes ~3,000 columns (a national roll-up by county) quickly, with valid merges', async () => {
    const cols = Array.from({ length: 3000 }, (_, k) => ({
      header: `第${k + 1}县`,
      values: FORM.indicators.map((ind, j) => (ind.type === 'decimal2' ? k / 100 : k + j)),
    }));
    const started = performance.now();
    const buf = await statsWorkbook(FORM, {
      unitLine: '全国',
      dateLine: '',
      columns: cols,
      completeness: cols.map((c) => ({ header: c.header, covered: 1, expected: 1 })),
    });
    // Generous for a loaded CI box; measured at ~1 s on two cores.
    expect(performance.now() - started).toBeLessThan(15_000);
    const ws = await load(buf);
    expect(ws.getCell(4, 3 + 3000).value).toBe(2999);
    expect(ws.getCell(3, 3 + 3000).value).toBe('第3000县');
    expect(ws.pageSetup).toMatchObject({
      orientation: 'landscape',
      scale: 55,
      printTitlesRow: '3:3',
      printTitlesColumn: 'A:C',
    });
    // The title spans page 1's columns only, so it prints on page 1.
    const title = merges(ws).find((m) => m.startsWith('A1:')) ?? '';
    expect(box(title).right).toBeLessThan(100);
    expect(text(ws, 'A1')).toBe('2024年“质量月”活动统计表');
    expectNoOverlap(merges(ws));
  });
});

describe('reading a statistics table back', () => {
  it('round-trips the exported figures', async () => {
    const read = await readStatsWorkbook(await single(), FORM);
    expect(read).toEqual({ figures: FILLED, problems: [], unitName: '西藏自治区质量协会' });
  });

  it('names each bad cell in Chinese, and keeps typed numbers for the draft', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await single()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    ws.getCell('D7').value = '十二';
    ws.getCell('D8').value = -3;
    ws.getCell('D9').value = 2.5;
    ws.getCell('D10').value = ' 1,200 ';
    ws.getCell('B14').value = '7';
    ws.getCell('D32').value = 1.234;
    const read = await readStatsWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), FORM);
    expect(read.problems).toEqual([
      { cell: 'D7', message: 'D7：应为数字，实际为“十二”' },
      { cell: 'D8', message: 'D8：不能为负数，实际为 -3' },
      { cell: 'D9', message: 'D9：应为整数，实际为 2.5' },
      { cell: 'D32', message: 'D32：最多两位小数，实际为 1.234' },
    ]);
    const at = (code: string): number | null => read.figures[codes.indexOf(code)] ?? null;
    expect([
      at('pub_events'),
      at('pub_attendance'),
      at('pub_departments'),
      at('pub_department_attendance'),
      at('broadcast_count'),
      at('broadcast_minutes'),
    ]).toEqual([null, -3, 2.5, 1200, 7, 95]);
  });

  it('reads a table an office re-typed with the same labels (no merges, odd spaces and brackets)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.getCell('A1').value = '附件4  2024年"质量月"活动统计表';
    ws.getCell('A2').value = '填报单位（盖章）：林芝市市场监督管理局';
    let r = 3;
    for (const ind of FORM.indicators) {
      r++;
      ws.getCell(r, 1).value = ind.group[0] ?? null;
      ws.getCell(r, 2).value = `${ind.label.replace('（', '(').replace('）', ')')} （${ind.unit}）`;
      ws.getCell(r, 3).value = ind.type === 'decimal2' ? 3.5 : r;
    }
    const read = await readStatsWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), FORM);
    expect(read.problems).toEqual([]);
    expect(read.unitName).toBe('林芝市市场监督管理局');
    expect(read.figures).toEqual(FORM.indicators.map((ind, i) => (ind.type === 'decimal2' ? 3.5 : i + 4)));
  });

  it('refuses a workbook of another form, and files that are not workbooks', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('单位');
    ws.getCell('A1').value = '单位名称';
    ws.getCell('B1').value = '上级单位';
    await expect(readStatsWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), FORM)).rejects.toMatchObject({
      code: 'REPORT_XLSX_WRONG_FORM',
      message: expect.stringContaining('这不是《2024年“质量月”活动统计表》') as unknown,
    });
    const nextYear: FormDefinition = { ...FORM, title: '2025年“质量月”活动统计表' };
    await expect(
      readStatsWorkbook(
        await statsWorkbook(nextYear, { unitLine: 'x', dateLine: '', columns: [{ header: '数值', values: FILLED }] }),
        FORM,
      ),
    ).rejects.toMatchObject({ code: 'REPORT_XLSX_WRONG_FORM' });
    await expect(readStatsWorkbook(Buffer.alloc(0), FORM)).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
      message: '无法读取文件：文件是空的',
    });
    await expect(readStatsWorkbook(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), FORM)).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
      message: expect.stringContaining('已损坏') as unknown,
    });
    await expect(readStatsWorkbook(Buffer.from('项目,数值\n组织活动次数,3\n'), FORM)).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
    });
    const docx = new JSZip();
    docx.file('word/document.xml', '<w:document/>');
    await expect(readStatsWorkbook(await docx.generateAsync({ type: 'nodebuffer' }), FORM)).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
      message: '无法读取文件：文件已损坏或不是有效的 .xlsx 工作簿',
    });
  });
});
