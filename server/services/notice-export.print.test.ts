import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';
import { printToPdf, squeeze, type PrintedPdf } from '../test/print-pdf.ts';

// The demo notices exported as .docx and printed through LibreOffice (GB/T 9704 layout).

let t: TestApp;
let tibet: Client;
let tibetNotice = 0;
let assocNotice = 0;
let nationalNotice = 0;

beforeAll(async () => {
  t = await createTestApp();
  tibet = await t.login('tibet-reviewer');
  const outbox = (await tibet.get('/api/notices/outbox')).json<{ items: { id: number; docNumber: string | null }[] }>();
  tibetNotice = outbox.items.find((n) => n.docNumber === '藏质标办〔2024〕2号')?.id ?? 0;
  const tree = (await tibet.get(`/api/notices/${tibetNotice}/tree`)).json<{
    items: { id: number; docNumber: string | null; parentId: number | null }[];
  }>();
  assocNotice = tree.items.find((n) => n.docNumber === '藏质协字〔2024〕14号')?.id ?? 0;
  const national = await t.login('national-reviewer');
  nationalNotice =
    (await national.get('/api/notices/outbox'))
      .json<{ items: { id: number; docNumber: string | null }[] }>()
      .items.find((n) => n.docNumber === '国市监质发〔2024〕74号')?.id ?? 0;
});
afterAll(async () => {
  await t.dispose();
});

const print = async (c: Client, id: number): Promise<PrintedPdf> => {
  const res = await c.get(`/api/notices/${id}/docx`);
  expect(res.statusCode).toBe(200);
  return printToPdf(res.rawPayload, 'docx');
};

/** The longest run of body text on one printed line, in characters. */
function longestLine(pdf: PrintedPdf): number {
  let most = 0;
  for (const page of pdf.pages)
    for (const line of page.split('\n')) {
      const t = line.trim();
      if (/^[\u4e00-\u9fff，。；、：“”（）《》]+$/.test(t)) most = Math.max(most, [...t].length);
    }
  return most;
}

describe('the Tibet office notice as printed', () => {
  it('names the issuer in full, heads its parts 一、二、, dates the signature, and prints every listed 附件', async () => {
    const pdf = await print(tibet, tibetNotice);
    const first = squeeze(pdf.pages[0] ?? '');
    expect(first).toContain('西藏自治区质量和标准化工作领导小组办公室文件');
    expect(first).toContain('藏质标办〔2024〕2号');
    const all = squeeze(pdf.pages.join(''));
    expect(all).toContain('2024年8月28日');
    // Each attachment the notice lists begins a page headed 附件N.
    const view = (await tibet.get(`/api/notices/${tibetNotice}`)).json<{ attachments: unknown[] }>();
    for (let n = 1; n <= view.attachments.length; n++) {
      const page = pdf.pages.find((p) => squeeze(p).startsWith(`附件${n}`));
      expect(page, `附件${n}: ${pdf.pages.map((p) => squeeze(p).slice(0, 12)).join(' | ')}`).toBeDefined();
    }
    // The mark stays on one line; the body keeps the 22-line page (27 characters a line: see the report).
    expect((pdf.pages[0] ?? '').split('\n').find((l) => l.includes('西藏自治区'))).toContain('文件');
    expect(longestLine(pdf)).toBeGreaterThanOrEqual(27);
    // 版记: 印发机关 and 印发日期.
    expect(all).toMatch(/自治区质量和标准化工作领导小组办公室\d{4}年\d{1,2}月\d{1,2}日印发/);
  });
});

describe('the association forward and the national notice as printed', () => {
  it('dates a forward without a 成文日期 as 未注明', async () => {
    const assoc = await t.login('tibet-assoc-reporter');
    const view = (await assoc.get(`/api/notices/${assocNotice}`)).json<{ issuedOn: string | null }>();
    const pdf = await print(assoc, assocNotice);
    const all = squeeze(pdf.pages.join(''));
    if (view.issuedOn === null) expect(all).toContain('未注明');
    expect(all).toContain('藏质协字〔2024〕14号');
  });

  it('sets the 27 joint issuers several to a line, with the date below them', async () => {
    const national = await t.login('national-reviewer');
    const pdf = await print(national, nationalNotice);
    const all = pdf.pages.join('\n');
    const lineOf = (name: string): string => all.split('\n').find((l) => l.includes(name)) ?? '';
    expect(squeeze(lineOf('市场监管总局') || lineOf('国家市场监督管理总局')).length).toBeGreaterThan(12);
    expect(squeeze(all)).toContain('2024年7月26日');
    expect(squeeze(all)).toContain('一、活动主题');
    expect(squeeze(all)).not.toMatch(/0[1-3]活动/);
  });
});
