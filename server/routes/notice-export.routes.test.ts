import JSZip from 'jszip';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';

let t: TestApp;
interface NoticeItem {
  id: number;
  title: string;
  docNumber: string | null;
  recipients: { unitName: string }[];
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.dispose();
});

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function ownNotice(c: Client, title: string): Promise<NoticeItem> {
  const items = (await c.get('/api/notices/outbox')).json<{ items: NoticeItem[] }>().items;
  const hit = items.find((n) => n.title.includes(title));
  if (!hit) throw new Error(`no ${title} in outbox: ${items.map((n) => n.title).join(' | ')}`);
  // The outbox lists counts only; the notice itself carries its recipients.
  return (await c.get(`/api/notices/${hit.id}`)).json<NoticeItem>();
}

async function download(
  c: Client,
  id: number,
): Promise<{
  data: Buffer;
  xml: string;
  part: (name: string) => Promise<string>;
  lines: string[];
  headers: Record<string, unknown>;
}> {
  const res = await c.get(`/api/notices/${id}/docx`);
  expect(res.statusCode, res.body).toBe(200);
  const data = res.rawPayload;
  const zip = await JSZip.loadAsync(data);
  const part = async (name: string): Promise<string> => {
    const file = zip.file(name);
    if (!file) throw new Error(`no ${name} in the .docx`);
    return file.async('string');
  };
  const lines = (await mammoth.extractRawText({ buffer: data })).value
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  return { data, xml: await part('word/document.xml'), part, lines, headers: res.headers };
}

const textOf = (p: string): string => [...p.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

/** The first <w:p> whose text is `text` (or starts with it, with `prefix`), with its properties and runs. */
function paragraph(xml: string, text: string, prefix = false): string {
  const p = [...xml.matchAll(/<w:p>(.*?)<\/w:p>/gs)]
    .map((m) => m[1] ?? '')
    .find((body) => (prefix ? textOf(body).startsWith(text) : textOf(body) === text));
  if (p === undefined) throw new Error(`no paragraph “${text}”`);
  return p;
}

/** The East Asian font of each run of a paragraph. */
const runFonts = (p: string): string[] =>
  [...p.matchAll(/<w:r>.*?<\/w:r>/gs)].map((m) => /w:eastAsia="([^"]+)"/.exec(m[0])?.[1] ?? '');

describe('GET /api/notices/:id/docx', () => {
  it('exports the Tibet office notice as an official document', async () => {
    const tibet = await t.login('tibet-reviewer');
    const notice = await ownNotice(tibet, '自治区质量和标准化工作领导小组办公室关于开展2024年');
    expect(notice.docNumber).toBe('藏质标办〔2024〕2号');
    const { xml, part, lines, headers } = await download(tibet, notice.id);

    expect(headers['content-type']).toBe(DOCX);
    expect(headers['content-disposition']).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent(`${notice.title}.docx`)}`,
    );

    // A4 with the GB/T 9704 margins (37/35/28/26 mm), in twips.
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);

    // Red issuer mark in 小标宋, the number under it, the red rule below the number.
    // The masthead names the issuer in full: the notice's 自治区… under 西藏自治区市场监督管理局.
    const mark = paragraph(xml, '西藏自治区质量和标准化工作领导小组办公室文件');
    expect(mark).toContain('<w:jc w:val="center"/>');
    expect(mark).toContain('w:eastAsia="方正小标宋简体"');
    expect(mark).toContain('<w:color w:val="FF0000"/>');
    const number = paragraph(xml, '藏质标办〔2024〕2号');
    expect(number).toContain('<w:jc w:val="center"/>');
    expect(number).toMatch(/<w:pBdr><w:bottom w:val="single" w:color="FF0000" w:sz="\d+" w:space="\d+"\/><\/w:pBdr>/);

    // Title 2号 (44 half-points) 方正小标宋简体, centred.
    const title = paragraph(xml, notice.title);
    expect(title).toContain('w:eastAsia="方正小标宋简体"');
    expect(title).toContain('<w:sz w:val="44"/>');
    expect(title).toContain('<w:jc w:val="center"/>');

    // Body 3号 (32 half-points) 仿宋_GB2312, two characters in, fixed line pitch; the deadline as the text states it.
    const sentence = '各地（市）各部门要认真落实“质量月”活动目标任务，及时总结活动成果，并于2024年10月10日前将活动总结';
    const body = paragraph(xml, sentence, true);
    expect(body).toContain('w:eastAsia="仿宋_GB2312"');
    expect(body).toContain('<w:sz w:val="32"/>');
    expect(body).toContain('<w:ind w:firstLine="640"/>');
    expect(body).toMatch(/<w:spacing w:line="5(?:6\d|7\d|80)" w:lineRule="exact"\/>/);
    expect(runFonts(body).every((f) => f === '仿宋_GB2312')).toBe(true);

    // First-level headings in 黑体; second-level lead-ins in 楷体_GB2312 with the body text after them in 仿宋.
    expect(runFonts(paragraph(xml, '一、活动主题'))).toEqual(['黑体']);
    const second = paragraph(xml, '（一）扎实推进《质量强国建设纲要》', true);
    expect(runFonts(second)).toEqual(['楷体_GB2312', '仿宋_GB2312']);
    expect(textOf(second)).toContain('贯彻落实。深入学习领会');

    // The 附件 texts follow on pages of their own.
    const annex = paragraph(xml, '附件1');
    expect(annex).toContain('<w:pageBreakBefore/>');
    expect(runFonts(annex)).toEqual(['黑体']);
    expect(paragraph(xml, '2024年“质量月”西藏自治区相关部门主要活动')).toContain('<w:sz w:val="44"/>');

    // Page numbers — 1 — from the PAGE field.
    const footer = await part('word/footer1.xml');
    expect(footer).toMatch(/— .*<w:instrText xml:space="preserve">PAGE<\/w:instrText>.* —/s);

    // Reading order: mark, number, title, 主送, body, attachments list, issuer, date, then the 附件 texts.
    const recipients = notice.recipients.map((r) => r.unitName);
    expect(recipients.length).toBeGreaterThan(10);
    const order = [
      '西藏自治区质量和标准化工作领导小组办公室文件',
      '藏质标办〔2024〕2号',
      notice.title,
      // 主送 in the unit tree's order: the seven prefectures first (by id as text they were mixed with departments).
      '拉萨市市场监督管理局、日喀则市市场监督管理局、昌都市市场监督管理局、林芝市市场监督管理局、山南市市场监督管理局、那曲市市场监督管理局、阿里地区市场监督管理局、',
      '一、活动主题',
      '加强质量支撑 共建质量强国',
      '二、活动内容',
      '三、重点安排',
      '四、工作要求',
      sentence,
      '联系电话：',
      '附件：1.2024年“质量月”西藏自治区相关部门主要活动',
      '2.2024年“质量月”各地主要活动',
      '自治区质量和标准化工作领导小组办公室',
      '2024年8月28日',
      '附件1',
      '2024年“质量月”西藏自治区相关部门主要活动',
      '1.市场监管局：举办',
      '附件2',
      '7.阿里：',
    ];
    const sendTo = lines.find((l) => l.startsWith('拉萨市市场监督管理局、')) ?? '';
    expect(sendTo.slice(0, -1).split('、').sort()).toEqual([...recipients].sort());
    let at = -1;
    for (const line of order) {
      const next = lines.findIndex((l, i) => i > at && l.startsWith(line));
      expect(next, `“${line}” after line ${at} in:\n${lines.join('\n')}`).toBeGreaterThan(at);
      at = next;
    }
    // The date follows the issuer directly.
    expect(lines[lines.indexOf('2024年8月28日') - 1]).toBe('自治区质量和标准化工作领导小组办公室');
  });

  it('prints a notice without number or date as it is: no 无文号, the date 未注明', async () => {
    const yy = await t.login('yueyang-reviewer');
    const notice = await ownNotice(yy, '岳阳市市场监管系统2024年');
    expect(notice.docNumber).toBeNull();
    const { xml, lines } = await download(yy, notice.id);
    expect(lines[0]).toBe('岳阳市市场监督管理局');
    expect(lines[1]).toBe(notice.title);
    // Its deadline sentence is in the cover letter, which the text does not hold: the export states it.
    expect(lines).toContain('请于2024年10月12日前将活动总结、图片、视频报送岳阳市市场监督管理局。');
    const signature = lines.lastIndexOf('岳阳市市场监督管理局');
    expect(signature).toBeGreaterThan(lines.findIndex((l) => l.startsWith('附件：')));
    expect(lines[signature + 1]).toBe('未注明');
    expect(lines.join('\n')).not.toMatch(/无文号|文件/);
    // The red rule is there all the same.
    expect(xml).toMatch(/<w:bottom w:val="single" w:color="FF0000"/);
  });

  it('prints every 主送 unit for a recipient too, though it sees only its own signing row', async () => {
    const tibet = await t.login('tibet-reviewer');
    const inbox = (await tibet.get('/api/notices/inbox')).json<{ items: { id: number; title: string }[] }>().items;
    const national = inbox.find((n) => n.title.includes('全国“质量月”'));
    expect(
      (await tibet.get(`/api/notices/${national?.id}`)).json<NoticeItem>().recipients.map((r) => r.unitName),
    ).toEqual(['西藏自治区市场监督管理局']);
    const { lines } = await download(tibet, national?.id ?? 0);
    const mainSend = lines.find((l) => l.endsWith('：') && l.includes('西藏自治区市场监督管理局'));
    expect(mainSend).toContain('四川省市场监督管理局');
    expect(mainSend).toContain('湖南省市场监督管理局');
    expect(lines.slice(0, 2)).toEqual(['国家市场监督管理总局文件', '国市监质发〔2024〕74号']);
  });

  it('answers 404 JSON, not a file, for a notice the user cannot see; 401 without a session', async () => {
    const tibet = await t.login('tibet-reviewer');
    const notice = await ownNotice(tibet, '自治区质量和标准化工作领导小组办公室关于开展2024年');
    const yy = await t.login('yueyang-reviewer');
    const res = await yy.get(`/api/notices/${notice.id}/docx`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.json()).toMatchObject({ error: { code: 'NOTICE_NOT_FOUND', message: '通知不存在' } });
    expect((await yy.get('/api/notices/999999/docx')).statusCode).toBe(404);
    expect((await yy.get('/api/notices/abc/docx')).statusCode).toBe(400);
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/notices/${notice.id}/docx` });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/json/);
  });
});
