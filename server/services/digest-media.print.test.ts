import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaManifest } from '../documents/media-manifest.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';
import { printToPdf, squeeze } from '../test/print-pdf.ts';

// The activity digest and the media package's 清单, printed through LibreOffice.

let t: TestApp;
let tibet: Client;
let tibetNotice = 0;

beforeAll(async () => {
  t = await createTestApp();
  tibet = await t.login('tibet-reviewer');
  const outbox = (await tibet.get('/api/notices/outbox')).json<{ items: { id: number; docNumber: string | null }[] }>();
  tibetNotice = outbox.items.find((n) => n.docNumber === '藏质标办〔2024〕2号')?.id ?? 0;
});
afterAll(async () => {
  await t.dispose();
});

describe('the digest of main activities', () => {
  it('prints the departments that registered activities, and names no department for lacking them', async () => {
    const view = (await tibet.get(`/api/notices/${tibetNotice}/digest?kind=departments`)).json<{
      title: string;
      missing: string[];
      paragraphs: { unitName: string }[];
    }>();
    expect(view.missing.length).toBeGreaterThan(0);
    const res = await tibet.get(`/api/notices/${tibetNotice}/digest.docx?kind=departments`);
    const pdf = await printToPdf(res.rawPayload, 'docx');
    const all = squeeze(pdf.pages.join(''));
    expect(squeeze(pdf.pages[0] ?? '')).toContain(squeeze(view.title));
    expect(all).toContain('一、市场监管局：');
    expect(all).toContain(`、${view.paragraphs.at(-1)?.unitName ?? ''}：`);
    expect(all).not.toContain('未登记活动');
    for (const name of view.missing) expect(all).not.toContain(`、${name}：`);
  });
});

describe('the media package 清单', () => {
  it('prints on A4 landscape with a title, ruled columns and page numbers, the header row on every page', async () => {
    const lines = Array.from({ length: 120 }, (_, i) => ({
      file: `西藏自治区质量协会/${String(i + 1).padStart(3, '0')}-质量月开幕式现场照片.jpg`,
      missing: i === 3,
      unit: i % 2 ? '西藏自治区质量协会' : '拉萨市市场监督管理局',
      activity: '计量器具免费检定进社区',
      caption: '为群众免费检定血压计、电子秤等计量器具',
      date: '2024-09-12',
    }));
    const file = await mediaManifest('关于开展2024年“质量月”活动的通知', lines);
    const pdf = await printToPdf(file, 'xlsx');
    expect(pdf.pages.length).toBeGreaterThan(1);
    expect(squeeze(pdf.pages[0] ?? '')).toContain('关于开展2024年“质量月”活动的通知图片视频清单');
    pdf.pages.forEach((page, p) => {
      expect(squeeze(page)).toContain('序号文件单位活动说明日期');
      expect(squeeze(page)).toContain(`第${p + 1}页共${pdf.pages.length}页`);
    });
    expect(squeeze(pdf.pages.join(''))).toContain('（文件');
    expect(pdf.pages.at(-1) ?? '').toMatch(/^\s*120\s/m);
    // A4 landscape: 842 × 595 pt.
    const mediaBox = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.pdf.toString('latin1'));
    expect([Math.round(Number(mediaBox?.[1])), Math.round(Number(mediaBox?.[2]))]).toEqual([842, 595]);
  });
});
