import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALITY_MONTH_2024 } from '../../domain/forms/quality-month-2024.form.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';
import { printScale, printToPdf, squeeze } from '../test/print-pdf.ts';

// The demo roll-ups and tables, downloaded as a user does and printed through LibreOffice.

let t: TestApp;
let office: Client;
let tibetNotice = 0;
let assocNotice = 0;
const TITLE = '2024年“质量月”活动统计表';
const codes = QUALITY_MONTH_2024.indicators.map((i) => i.code);
interface Rollup {
  total: { values: number[]; covered: number; expected: number };
  own: { values: number[] } | null;
  columns: { name: string; values: number[] }[];
}

beforeAll(async () => {
  t = await createTestApp();
  office = await t.login('tibet-reviewer');
  const outbox = (await office.get('/api/notices/outbox')).json<{
    items: { id: number; docNumber: string | null }[];
  }>();
  tibetNotice = outbox.items.find((n) => n.docNumber === '藏质标办〔2024〕2号')?.id ?? 0;
  const tree = (await office.get(`/api/notices/${tibetNotice}/tree`)).json<{
    items: { id: number; docNumber: string | null }[];
  }>();
  assocNotice = tree.items.find((n) => n.docNumber === '藏质协字〔2024〕14号')?.id ?? 0;
});
afterAll(async () => {
  await t.dispose();
});

/** The printed figures after `label` on the line that holds it. */
function rowFigures(page: string, label: string): number[] {
  const line = page.split('\n').find((l) => l.includes(label)) ?? '';
  return line
    .slice(line.indexOf(label) + label.length)
    .trim()
    .split(/\s+/)
    .map(Number);
}

describe('the Tibet roll-up (34 units) printed', () => {
  for (const layout of ['units', 'indicators'] as const) {
    it(`fits at most 4 A4 landscape pages with the title on page 1 (${layout} as rows)`, async () => {
      const view = (await office.get(`/api/notices/${tibetNotice}/rollup`)).json<Rollup>();
      expect(view.columns.length).toBeGreaterThanOrEqual(30);
      const res = await office.get(`/api/notices/${tibetNotice}/rollup.xlsx?layout=${layout}`);
      expect(res.statusCode).toBe(200);
      const pdf = await printToPdf(res.rawPayload, 'xlsx');
      expect(pdf.pages.length).toBeLessThanOrEqual(4);
      expect(squeeze(pdf.pages[0] ?? '')).toContain(TITLE);
      pdf.pages.forEach((page, p) => {
        expect(squeeze(page)).toContain(`第${p + 1}页共${pdf.pages.length}页`);
        expect(page).not.toContain('###');
        expect(printScale(pdf.words[p] ?? [], layout === 'units' ? 9 : 10)).toBeGreaterThanOrEqual(0.545);
      });
      const all = squeeze(pdf.pages.join(''));
      for (const c of view.columns) expect(all).toContain(squeeze(c.name).slice(0, layout === 'units' ? 6 : 2));
      if (layout === 'units') {
        expect(rowFigures(pdf.pages[0] ?? '', '\n合计'.slice(1)).slice(2)).toEqual(view.total.values);
      } else {
        const pub = rowFigures(pdf.pages[0] ?? '', '组织活动次数');
        expect(pub[0]).toBe(view.total.values[codes.indexOf('pub_events')]);
      }
    });
  }

  it('is the units-as-rows 汇总表 by default above 12 units', async () => {
    const res = await office.get(`/api/notices/${tibetNotice}/rollup.xlsx`);
    const pdf = await printToPdf(res.rawPayload, 'xlsx');
    expect(squeeze(pdf.pages[0] ?? '')).toMatch(/单位已报应报/);
  });
});

describe('a roll-up of an office with its own report', () => {
  it('prints 本级 as a column, so that 合计 is the sum of the printed columns', async () => {
    expect(assocNotice).toBeGreaterThan(0);
    const view = (await office.get(`/api/notices/${assocNotice}/rollup`)).json<Rollup>();
    expect(view.own).not.toBeNull();
    const res = await office.get(`/api/notices/${assocNotice}/rollup.xlsx?layout=indicators`);
    expect(res.statusCode).toBe(200);
    const pdf = await printToPdf(res.rawPayload, 'xlsx');
    expect(pdf.pages).toHaveLength(1);
    const page = pdf.pages[0] ?? '';
    expect(squeeze(page)).toContain('合计本级');
    const people = rowFigures(page, '群众参加人次');
    expect(people.length).toBe(2 + view.columns.length);
    expect(people[0]).toBe(people.slice(1).reduce((s, v) => s + v, 0));
    expect(people[0]).toBe(view.total.values[codes.indexOf('pub_attendance')]);
  });
});
