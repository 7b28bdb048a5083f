import { readFileSync } from 'node:fs';
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedNotice } from '../../domain/notice-parser/parsed-notice.ts';
import { insertCampaign } from '../db/repositories/notice.repository.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';

// The demo copies of the seed texts, so the test needs nothing outside the repository.
const seed = (name: string): string => readFileSync(new URL(`../demo/seed-texts/${name}`, import.meta.url), 'utf8');
const YUEYANG_SEED = '003_3af90c414d37a3cb.txt';
const TIBET_SEED = '000_297315cc46f3f625.txt';

interface Highlight {
  field: string;
  index?: number;
  start: number;
  end: number;
}
interface ParseAnswer {
  parsed: ParsedNotice;
  text: string;
  highlights: Highlight[];
  forwardedHighlights: Highlight[];
  confidence: Record<string, number>;
  candidates: Record<string, { value: string | string[]; score: number; sources: string[] }[]>;
}
interface NoticeView {
  id: number;
  campaignId: number;
  parentId: number | null;
  kind: string;
  status: string;
  issuerUnitId: number;
  issuerName: string;
  title: string;
  docNumber: string | null;
  deadline: string | null;
  attachments: { number: string | null; title: string }[];
  arrangements: {
    title: string;
    lead: { unitId: number | null; name: string }[];
    implementing: { unitId: number | null; name: string }[];
  }[];
  sections: { heading: string; html: string }[];
  recipients: { unitName: string }[];
}

let t: TestApp;
let yy: Client;
let yueyangId = 0;
let campaignId = 0;
beforeAll(async () => {
  t = await createTestApp();
  yy = await t.login('yueyang-reviewer');
  yueyangId = (yy.body.user as { unitId: number }).unitId;
  campaignId = (await insertCampaign(t.database.db, { year: 2025, name: '2025年质量月（导入）', ownerUnitId: 1 })).id;
});
afterAll(async () => {
  await t.dispose();
});

/** A .docx with one paragraph per line; runs of tab-separated lines become a Word table. */
async function docxFrom(text: string): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  let rows: string[][] = [];
  const flush = (): void => {
    if (rows.length === 0) return;
    const width = Math.max(...rows.map((r) => r.length));
    children.push(
      new Table({
        rows: rows.map(
          (r) =>
            new TableRow({
              children: Array.from(
                { length: width },
                (_, k) => new TableCell({ children: [new Paragraph(r[k] ?? '')] }),
              ),
            }),
        ),
      }),
    );
    rows = [];
  };
  for (const line of text.split('\n')) {
    if (line.includes('\t')) rows.push(line.split('\t'));
    else if (line.trim() !== '') {
      flush();
      children.push(new Paragraph(line));
    }
  }
  flush();
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

function upload(c: Client, file: Buffer, name: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), name);
  return t.app.inject({
    method: 'POST',
    url: '/api/notices/parse',
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrfToken },
    payload: form,
  });
}

const highlighted = (a: ParseAnswer, field: string): string[] =>
  a.highlights.filter((h) => h.field === field).map((h) => a.text.slice(h.start, h.end));

describe('POST /api/notices/parse', () => {
  it('reads a real .docx into the same fields as the text, with the fields located in the text', async () => {
    const res = await upload(yy, await docxFrom(seed(TIBET_SEED)), '藏质协字14号.docx');
    expect(res.statusCode).toBe(200);
    const a = res.json<ParseAnswer>();
    expect(a.parsed).toMatchObject({
      docNumber: '藏质协字〔2024〕14号',
      issuer: '西藏自治区质量协会',
      recipients: ['各会员单位', '相关组织'],
      deadline: '2024-10-08',
      requiredReports: ['活动总结', '统计表', '图片', '视频'],
    });
    expect(a.parsed.forwarded).toMatchObject({
      docNumber: '藏质标办〔2024〕2号',
      issuedOn: '2024-08-28',
      deadline: '2024-10-10',
    });
    expect(a.parsed.contacts[0]?.email).toEqual(['xzzlxhbg@163.com']);
    expect(highlighted(a, 'docNumber')[0]?.replace(/\s/g, '')).toBe('藏质协字（2024）14号');
    expect(highlighted(a, 'recipients')).toEqual(['各会员单位', '相关组织']);
    expect(highlighted(a, 'deadline')[0]?.replace(/\s/g, '')).toBe('2024年10月8日');
    expect(highlighted(a, 'title')[0]).toContain('西藏自治区质量协会关于转发');
    for (const h of a.highlights) expect(h.end).toBeGreaterThan(h.start);
  });

  it('reads pasted text, with the deadline, arrangements and contacts located', async () => {
    const res = await yy.post('/api/notices/parse', { text: seed(YUEYANG_SEED) });
    expect(res.statusCode).toBe(200);
    const a = res.json<ParseAnswer>();
    expect(a.parsed.title).toBe('关于印发《岳阳市市场监管系统2024年“质量月”活动方案》的通知');
    expect(a.parsed.deadline).toBe('2024-10-12');
    expect(a.parsed.arrangements.find((x) => x.title === '开展质量强企系列活动')?.lead).toEqual(['质量发展科']);
    expect(a.text).toContain('10月12日前将总结材料');
    expect(highlighted(a, 'deadline')).toEqual(['10月12日']);
    expect(highlighted(a, 'theme')).toEqual(['加强质量支撑 共建质量强市']);
    expect(highlighted(a, 'arrangements')).toContain('开展质量强企系列活动');
    expect(highlighted(a, 'contacts')).toEqual(expect.arrayContaining(['夏亚敏', '13575004679']));
    expect(a.highlights.find((h) => h.field === 'arrangements' && h.index === 1)).toBeDefined();
    // Beside the fields: how sure the parser is of each headline field, and what it weighed.
    expect(Object.keys(a.confidence).sort()).toEqual([
      'docNumber',
      'issuedOn',
      'issuer',
      'recipients',
      'theme',
      'title',
    ]);
    for (const c of Object.values(a.confidence)) {
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
    expect(a.confidence.title).toBeGreaterThanOrEqual(0.6);
    expect(a.candidates.title?.[0]?.value).toBe(a.parsed.title);
    expect(a.candidates.recipients?.[0]?.value).toEqual(a.parsed.recipients);
  });

  it('answers a .doc with the Chinese message, and refuses empty text', async () => {
    const doc = await upload(yy, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), '通知.doc');
    expect(doc.statusCode).toBe(400);
    expect(doc.json()).toMatchObject({
      error: {
        code: 'NOTICE_FILE_UNSUPPORTED',
        message:
          '文件“通知.doc”是旧版 Word 文档（.doc），无法直接读取。请在 WPS/Word 中另存为 .docx 后再导入，或直接粘贴文字。',
      },
    });
    const empty = await yy.post('/api/notices/parse', { text: '  \n ' });
    expect(empty.json()).toMatchObject({ error: { code: 'NOTICE_TEXT_EMPTY' } });
    const wrong = await yy.post('/api/notices/parse', { txt: 'x' });
    expect(wrong.statusCode).toBe(400);
  });

  it("locates a forwarded notice's fields in its own part of the text, below the letter", async () => {
    const a = (await yy.post('/api/notices/parse', { text: seed(TIBET_SEED) })).json<ParseAnswer>();
    const own = (field: string): Highlight | undefined => a.forwardedHighlights.find((h) => h.field === field);
    const letterTitle = a.highlights.find((h) => h.field === 'title');
    const title = own('title');
    expect(letterTitle && title && title.start > letterTitle.end).toBe(true);
    const squeezed = (h: Highlight | undefined): string => (h ? a.text.slice(h.start, h.end).replace(/\s/g, '') : '');
    expect(squeezed(title)).toBe((a.parsed.forwarded?.title ?? '').replace(/\s/g, ''));
    // The letter cites 藏质标办〔2024〕2号 twice before the forwarded notice's own number line.
    const number = own('docNumber');
    expect(squeezed(number)).toBe('藏质标办〔2024〕2号');
    expect(a.text.slice(0, number?.start).split('藏质标办').length).toBeGreaterThan(2);
    expect(squeezed(own('deadline'))).toContain('10月10日');
    expect(a.highlights.every((h) => h.field !== 'title' || h.start < (title?.start ?? 0))).toBe(true);
    const plain = (await yy.post('/api/notices/parse', { text: seed(YUEYANG_SEED) })).json<ParseAnswer>();
    expect(plain.forwardedHighlights).toEqual([]);
  });

  it('needs a session', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/notices/parse', payload: { text: 'x' } });
    expect(res.statusCode).toBe(401);
  });
});

describe('POST /api/notices/import', () => {
  async function parsed(name: string): Promise<ParsedNotice> {
    return (await yy.post('/api/notices/parse', { text: seed(name) })).json<ParseAnswer>().parsed;
  }

  function draftOf(p: ParsedNotice) {
    return {
      title: p.title ?? '',
      docNumber: p.docNumber,
      issuer: p.issuer,
      issuedOn: p.issuedOn,
      deadline: p.deadline,
      theme: p.theme,
      recipients: p.recipients,
      requiredReports: p.requiredReports,
      slogans: p.slogans,
      sections: p.sections,
      arrangements: p.arrangements,
      contacts: p.contacts,
      attachments: p.attachments,
      cites: p.cites,
      coIssuers: p.coIssuers,
    };
  }

  it('creates a draft notice the user then sees, with units resolved and the original file named', async () => {
    const p = await parsed(YUEYANG_SEED);
    const res = await yy.post('/api/notices/import', {
      campaignId,
      issuerUnitId: yueyangId,
      mode: 'new',
      sourceFileName: '岳阳方案.docx',
      draft: { ...draftOf(p), title: '关于印发《岳阳市2025年“质量月”活动方案》的通知' },
    });
    expect(res.statusCode).toBe(201);
    const n = res.json<NoticeView>();
    expect(n).toMatchObject({
      status: 'draft',
      kind: 'notice',
      campaignId,
      issuerUnitId: yueyangId,
      issuerName: '岳阳市市场监督管理局',
      deadline: '2024-10-12',
    });
    const strong = n.arrangements.find((a) => a.title === '开展质量强企系列活动');
    expect(strong?.lead[0]?.name).toBe('质量发展科');
    expect(strong?.lead[0]?.unitId).toEqual(expect.any(Number));
    expect(strong?.implementing.find((u) => u.name === '各县市区局')?.unitId).toBeNull();
    expect(n.sections.map((s) => s.heading)).toContain('重点安排');
    expect(n.attachments.map((a) => a.title)).toEqual([
      '“质量月”活动口号',
      '岳阳市市场监管系统“质量月”主要活动安排表',
      '原件：岳阳方案.docx',
    ]);

    const seen = await yy.get(`/api/notices/${n.id}`);
    expect(seen.statusCode).toBe(200);
    const outbox = (await yy.get('/api/notices/outbox')).json<{ items: NoticeView[] }>().items;
    expect(outbox.map((x) => x.id)).toContain(n.id);
  });

  it('turns the import into a plan below a notice addressed to the unit', async () => {
    const hunan = await t.login('hunan-reviewer');
    const hunanId = (hunan.body.user as { unitId: number }).unitId;
    const parent = (
      await hunan.post('/api/notices', {
        campaignId,
        issuerUnitId: hunanId,
        title: '湖南省2025年“质量月”活动方案',
        deadline: '2025-10-20',
        recipientUnitIds: [yueyangId],
      })
    ).json<NoticeView>();
    expect((await hunan.post(`/api/notices/${parent.id}/issue`, { version: 1 })).statusCode).toBe(200);

    const p = await parsed(YUEYANG_SEED);
    const draft = { ...draftOf(p), title: '岳阳市2025年“质量月”活动方案', docNumber: null, deadline: '2025-10-12' };
    const res = await yy.post('/api/notices/import', {
      campaignId: 999_999,
      issuerUnitId: yueyangId,
      mode: 'plan',
      parentId: parent.id,
      draft,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<NoticeView>()).toMatchObject({
      kind: 'plan',
      parentId: parent.id,
      campaignId,
      status: 'draft',
      deadline: '2025-10-12',
    });

    const late = await yy.post('/api/notices/import', {
      campaignId,
      issuerUnitId: yueyangId,
      mode: 'forward',
      parentId: parent.id,
      confirmDuplicate: true,
      draft: { ...draft, deadline: '2025-10-30' },
    });
    expect(late.json()).toMatchObject({ error: { code: 'NOTICE_DEADLINE_AFTER_PARENT' } });
    const again = await yy.post('/api/notices/import', {
      campaignId,
      issuerUnitId: yueyangId,
      mode: 'forward',
      parentId: parent.id,
      draft,
    });
    expect(again.json()).toMatchObject({ error: { code: 'NOTICE_ALREADY_FORWARDED' } });
    const forward = await yy.post('/api/notices/import', {
      campaignId,
      issuerUnitId: yueyangId,
      mode: 'forward',
      parentId: parent.id,
      confirmDuplicate: true,
      draft,
      sourceFileName: 'a.txt',
    });
    expect(forward.statusCode).toBe(201);
    expect(forward.json<NoticeView>().attachments.map((a) => a.title)).toEqual([
      '《湖南省2025年“质量月”活动方案》',
      '“质量月”活动口号',
      '岳阳市市场监管系统“质量月”主要活动安排表',
      '原件：a.txt',
    ]);
  });

  it('refuses to forward a notice not addressed to the unit', async () => {
    const p = await parsed(TIBET_SEED);
    const draft = { ...draftOf(p), docNumber: null };
    const national = await t.login('national-reviewer');
    const root = (await national.get('/api/notices/outbox')).json<{ items: NoticeView[] }>().items[0];
    const tree = (await national.get(`/api/notices/${root?.id}/tree`)).json<{
      items: { id: number; unitName: string }[];
    }>().items;
    const tibetNotice = tree.find((n) => n.unitName === '西藏自治区市场监督管理局');
    const sibling = await yy.post('/api/notices/import', {
      campaignId,
      issuerUnitId: yueyangId,
      mode: 'forward',
      parentId: tibetNotice?.id,
      draft,
    });
    expect(sibling.json()).toMatchObject({ error: { code: 'NOTICE_NOT_FOUND' } });

    const own = (await yy.get('/api/notices/outbox'))
      .json<{ items: NoticeView[] }>()
      .items.find((n) => n.status === 'issued');
    const refused = await yy.post('/api/notices/import', {
      campaignId,
      issuerUnitId: yueyangId,
      mode: 'forward',
      parentId: own?.id,
      draft,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'NOTICE_NOT_ADDRESSED' } });

    const noParent = await yy.post('/api/notices/import', { campaignId, issuerUnitId: yueyangId, mode: 'plan', draft });
    expect(noParent.json()).toMatchObject({ error: { code: 'NOTICE_IMPORT_PARENT_REQUIRED' } });
    const notMine = await yy.post('/api/notices/import', { campaignId, issuerUnitId: 1, mode: 'new', draft });
    expect(notMine.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});
