import { describe, expect, it } from 'vitest';
import { QUALITY_MONTH_2024 as FORM } from '../../domain/forms/quality-month-2024.form.ts';
import type { StatsLayout } from '../../domain/rollup/rollup.ts';
import { printScale, printToPdf, squeeze, type PrintedPdf } from '../test/print-pdf.ts';
import { statsWorkbook, type StatsColumn } from './stats-xlsx.ts';

// The statistics table printed through LibreOffice, at the widths the issue names: 1, 12, 40 and 400 units.

const TITLE = '2024年“质量月”活动统计表';
const PLACES = ['城关区', '堆龙德庆区', '达孜区', '林周县', '当雄县', '尼木县', '曲水县', '墨竹工卡县'];

/** Plausible figures: a few to a few thousand per unit, 万元 with decimals. */
function unitColumns(n: number): StatsColumn[] {
  return Array.from({ length: n }, (_, k) => ({
    header: `${PLACES[k % PLACES.length]}${k >= PLACES.length ? k : ''}市场监督管理局`,
    values: FORM.indicators.map((ind, i) =>
      ind.type === 'decimal2' ? Math.round(((k * 37 + i * 11) % 900) * 1.25) / 100 : ((k + 3) * (i + 7) * 13) % 4000,
    ),
  }));
}

function rollupOf(n: number): { columns: StatsColumn[]; total: number[] } {
  const units = unitColumns(n);
  const total = FORM.indicators.map((ind, i) => {
    const sum = units.reduce((s, c) => s + (c.values[i] ?? 0), 0);
    return ind.type === 'decimal2' ? Math.round(sum * 100) / 100 : sum;
  });
  return { columns: [{ header: '合计', values: total }, ...units], total };
}

async function printRollup(n: number, layout: StatsLayout): Promise<{ pdf: PrintedPdf; total: number[] }> {
  const { columns, total } = rollupOf(n);
  const file = await statsWorkbook(FORM, {
    unitLine: '西藏自治区质量和标准化工作领导小组办公室（汇总）',
    dateLine: '2024年10月10日',
    layout,
    columns,
    completeness: columns.map((c, k) => ({ header: c.header, covered: k === 0 ? n : 1, expected: k === 0 ? n : 1 })),
  });
  return { pdf: await printToPdf(file, 'xlsx'), total };
}

/** Every page numbered 第 N 页 共 M 页, the title on page 1, and the scale never below 55 %. */
function expectPrintedTable(pdf: PrintedPdf, size: number): void {
  const n = pdf.pages.length;
  expect(squeeze(pdf.pages[0] ?? '')).toContain(TITLE);
  pdf.pages.forEach((page, p) => {
    expect(squeeze(page), `page ${p + 1}`).toContain(`第${p + 1}页共${n}页`);
    // LibreOffice prints ### for a figure its column is too narrow for.
    expect(page, `page ${p + 1}`).not.toContain('###');
    expect(printScale(pdf.words[p] ?? [], size), `scale of page ${p + 1}`).toBeGreaterThanOrEqual(0.545);
  });
}

/** The printed figures of the row whose first word is `label` (units as rows). */
function rowFigures(page: string, label: string): number[] {
  const line = page.split('\n').find((l) => l.trim().startsWith(label)) ?? '';
  return line.trim().split(/\s+/).slice(1).map(Number);
}

describe('a roll-up with the units as rows (the 汇总表)', () => {
  for (const [n, budget] of [
    [1, 1],
    [12, 1],
    [40, 2],
    [400, 12],
  ] as const) {
    it(`prints ${n} units on at most ${budget} A4 landscape page(s), header repeated, totals on page 1`, async () => {
      const { pdf, total } = await printRollup(n, 'units');
      expect(pdf.pages.length).toBeGreaterThanOrEqual(1);
      expect(pdf.pages.length).toBeLessThanOrEqual(budget);
      expectPrintedTable(pdf, 9);
      for (const page of pdf.pages) expect(squeeze(page)).toContain('企业开展“质量月”活动情况');
      const figures = rowFigures(pdf.pages[0] ?? '', '合计');
      expect(figures.slice(0, 2)).toEqual([n, n]);
      expect(figures.slice(2)).toEqual(total);
      // The last unit is printed too.
      expect(squeeze(pdf.pages.at(-1) ?? '')).toContain(squeeze(unitColumns(n).at(-1)?.header ?? ''));
    });
  }
});

describe('a roll-up with the indicators as rows (a column per unit)', () => {
  for (const [n, budget] of [
    [1, 1],
    [12, 1],
    [40, 3],
    [400, 24],
  ] as const) {
    it(`prints ${n} units on at most ${budget} landscape page(s), the label column repeated on each`, async () => {
      const { pdf } = await printRollup(n, 'indicators');
      expect(pdf.pages.length).toBeLessThanOrEqual(budget);
      expectPrintedTable(pdf, 10);
      // Labels and the header row on every page.
      for (const page of pdf.pages) {
        expect(squeeze(page)).toContain('查获假冒伪劣产品货值(万元)');
        expect(squeeze(page)).toContain('项目');
      }
      expect(squeeze(pdf.pages.at(-1) ?? '')).toContain(squeeze(unitColumns(n).at(-1)?.header ?? '').slice(0, 3));
    });
  }
});

describe('a unit’s own table', () => {
  it('prints the built-in table with its signature block on one A4 portrait page, 填报单位 and 填报日期 once', async () => {
    const file = await statsWorkbook(FORM, {
      unitLine: '西藏自治区质量协会',
      dateLine: '2024年10月8日',
      columns: [{ header: '数值', values: unitColumns(1)[0]?.values ?? [] }],
      signature: { reporter: '次仁', reviewer: '卓玛', phone: '0891-6833000', date: '2024-10-08' },
    });
    const pdf = await printToPdf(file, 'xlsx');
    expect(pdf.pages).toHaveLength(1);
    const page = squeeze(pdf.pages[0] ?? '');
    expect(page).toContain(TITLE);
    for (const text of ['填报人：次仁', '审核人：卓玛', '联系电话：0891-6833000', '曝光制假售假企业(家)'])
      expect(page).toContain(text);
    expect(page.split('填报单位').length - 1).toBe(1);
    expect(page.split('填报日期').length - 1).toBe(1);
    expect(printScale(pdf.words[0] ?? [], 11)).toBeGreaterThanOrEqual(0.8);
  });

  it('continues a taller table on further pages with its header repeated', async () => {
    const tall = {
      ...FORM,
      indicators: Array.from({ length: 90 }, (_, i) => ({
        ...(FORM.indicators[i % 31] ?? FORM.indicators[0]!),
        code: `x${i}`,
        label: `第${i + 1}项指标`,
        sameRowAs: undefined,
        group: i < 60 ? [`第${Math.floor(i / 6) + 1}组`] : [],
      })),
    };
    const file = await statsWorkbook(tall, {
      unitLine: '西藏自治区质量协会',
      dateLine: '2024年10月8日',
      columns: [{ header: '数值', values: tall.indicators.map((_, i) => i) }],
      signature: null,
    });
    const pdf = await printToPdf(file, 'xlsx');
    expect(pdf.pages.length).toBeGreaterThan(1);
    expectPrintedTable(pdf, 11);
    for (const page of pdf.pages) expect(squeeze(page)).toContain('项目数值');
    // No group is split across pages: each group's six labels sit on one page.
    for (let g = 1; g <= 10; g++) {
      const holding = pdf.pages.filter((p) => squeeze(p).includes(`第${g}组`));
      expect(holding, `第${g}组`).toHaveLength(1);
      for (let i = (g - 1) * 6 + 1; i <= g * 6; i++) expect(squeeze(holding[0] ?? '')).toContain(`第${i}项指标`);
    }
    expect(squeeze(pdf.pages.at(-1) ?? '')).toContain('填报人');
  });
});
