import JSZip from 'jszip';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { contentDisposition } from '../http/content-disposition.ts';
import { chineseDate, chineseNumeral, noticeDocx, noticeDocxFileName, type NoticeDocument } from './notice-docx.ts';

/** The parts of a .docx the tests look at: paragraphs with their properties and runs. */
interface DocxRun {
  text: string;
  font: string | null;
  size: number | null;
  color: string | null;
  scale: number | null;
}
interface DocxParagraph {
  xml: string;
  pPr: string;
  text: string;
  runs: DocxRun[];
}

const attr = (xml: string, re: RegExp): string | null => re.exec(xml)?.[1] ?? null;
const num = (v: string | null): number | null => (v === null ? null : Number(v));

function paragraphsOf(xml: string): DocxParagraph[] {
  return [...xml.matchAll(/<w:p>(.*?)<\/w:p>/gs)].map(([, p = '']) => {
    const runs = [...p.matchAll(/<w:r>(.*?)<\/w:r>/gs)].map(([, r = '']) => ({
      text: [...r.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''),
      font: attr(r, /w:eastAsia="([^"]+)"/),
      size: num(attr(r, /<w:sz w:val="(\d+)"/)),
      color: attr(r, /<w:color w:val="([0-9A-Fa-f]{6})"/),
      scale: num(attr(r, /<w:w w:val="(\d+)"/)),
    }));
    return { xml: p, pPr: attr(p, /<w:pPr>(.*?)<\/w:pPr>/s) ?? '', text: runs.map((r) => r.text).join(''), runs };
  });
}

async function unzipDocx(
  data: Buffer,
): Promise<{ zip: JSZip; document: string; paragraphs: DocxParagraph[]; part: (name: string) => Promise<string> }> {
  const zip = await JSZip.loadAsync(data);
  const part = async (name: string): Promise<string> => {
    const file = zip.file(name);
    if (!file) throw new Error(`no ${name} in the .docx`);
    return file.async('string');
  };
  const document = await part('word/document.xml');
  return { zip, document, paragraphs: paragraphsOf(document), part };
}

async function rawLines(data: Buffer): Promise<string[]> {
  return (await mammoth.extractRawText({ buffer: data })).value
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

function view(patch: Partial<NoticeDocument> = {}): NoticeDocument {
  return {
    id: 1,
    issuerName: '岳阳市市场监督管理局',
    docNumber: '岳市监发〔2024〕3号',
    title: '关于开展2024年“质量月”活动的通知',
    issuedOn: '2024-08-30',
    deadline: '2024-10-12',
    coIssuers: [],
    sections: [
      { number: '一', heading: '活动主题', html: '加强质量支撑 共建质量强市' },
      {
        number: '二',
        heading: '工作要求',
        html: '（一）加强组织领导。各县市区局要高度重视。\n\u3000\u3000（二）强化宣传引导\n1.广泛宣传。',
      },
    ],
    arrangements: [],
    requiredReports: ['活动总结', '图片', '视频'],
    contacts: [{ name: '李四', phone: ['0730-1234567'], fax: [], email: ['yy@example.cn'], address: null }],
    attachments: [],
    note: null,
    recipients: [{ unitName: '岳阳楼区市场监督管理局' }, { unitName: '质量发展科' }],
    ...patch,
  };
}

const find = (ps: DocxParagraph[], text: string): DocxParagraph => {
  const p = ps.find((x) => x.text.startsWith(text));
  if (!p) throw new Error(`no paragraph starting with ${text}: ${ps.map((x) => x.text).join(' | ')}`);
  return p;
};

describe('noticeDocx', () => {
  it('sets headings in 黑体 and 楷体_GB2312 and the body in 3号仿宋 with a two-character indent and a fixed line pitch', async () => {
    const { paragraphs } = await unzipDocx(await noticeDocx(view()));
    const h1 = find(paragraphs, '一、活动主题');
    expect(h1.runs.map((r) => [r.font, r.size])).toEqual([['黑体', 32]]);
    expect(h1.pPr).toContain('<w:ind w:firstLine="640"/>');
    const h2 = find(paragraphs, '（一）加强组织领导。');
    expect(h2.runs.map((r) => [r.text, r.font])).toEqual([
      ['（一）加强组织领导。', '楷体_GB2312'],
      ['各县市区局要高度重视。', '仿宋_GB2312'],
    ]);
    // A heading line of its own, its typed indent dropped.
    expect(find(paragraphs, '（二）强化宣传引导').runs.map((r) => r.font)).toEqual(['楷体_GB2312']);
    const third = find(paragraphs, '1.广泛宣传。');
    expect(third.runs.map((r) => [r.font, r.size])).toEqual([['仿宋_GB2312', 32]]);
    expect(third.pPr).toMatch(/<w:spacing w:line="579" w:lineRule="exact"\/>/);
    expect(third.pPr).toContain('<w:ind w:firstLine="640"/>');
  });

  it('prints the 主送 line flush left, the deadline and reports sentence, and the contacts', async () => {
    const lines = await rawLines(await noticeDocx(view()));
    expect(lines).toContain('岳阳楼区市场监督管理局、质量发展科：');
    expect(lines).toContain('请于2024年10月12日前将活动总结、图片、视频报送岳阳市市场监督管理局。');
    expect(lines).toContain('联系人：李四；联系电话：0730-1234567；电子邮箱：yy@example.cn。');
  });

  it('does not repeat a deadline or contacts the text already states', async () => {
    const sections = [
      {
        number: '三',
        heading: '工作要求',
        html: '请于10月12日前将活动总结报送市局质量发展科。联系人：李四，电话0730-1234567。',
      },
    ];
    const lines = await rawLines(await noticeDocx(view({ sections })));
    expect(lines.filter((l) => l.includes('10月12日'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('李四'))).toHaveLength(1);
  });

  it('says which reports are due without inventing a deadline', async () => {
    const lines = await rawLines(await noticeDocx(view({ deadline: null, sections: [], contacts: [] })));
    expect(lines).toContain('请将活动总结、图片、视频及时报送岳阳市市场监督管理局。');
    expect(lines.join('\n')).not.toMatch(/请于/);
  });

  it('adds the key arrangements as a numbered section with their units and due dates', async () => {
    const arrangements = [
      {
        title: '开展质量月主题宣传',
        content: '组织质量开放日活动。',
        dueOn: '2024-09-30',
        lead: [{ unitId: 1, name: '质量发展科' }],
        responsible: [],
        cooperating: [
          { unitId: null, name: '计量科' },
          { unitId: null, name: '标准化科' },
        ],
        implementing: [],
      },
      {
        title: '加强组织领导',
        content: '已在正文中。',
        dueOn: null,
        lead: [],
        responsible: [],
        cooperating: [],
        implementing: [],
      },
    ];
    const { paragraphs } = await unzipDocx(await noticeDocx(view({ arrangements })));
    expect(find(paragraphs, '三、重点安排').runs[0]?.font).toBe('黑体');
    expect(find(paragraphs, '（一）开展质量月主题宣传').runs[0]?.font).toBe('楷体_GB2312');
    expect(paragraphs.map((p) => p.text)).toEqual(
      expect.arrayContaining([
        '组织质量开放日活动。',
        '牵头单位：质量发展科；配合单位：计量科、标准化科。',
        '完成时限：2024年9月30日前。',
      ]),
    );
    // The second arrangement is already in the body text.
    expect(paragraphs.filter((p) => p.text.includes('加强组织领导'))).toHaveLength(1);
  });

  it('turns rich-text sections into paragraphs', async () => {
    const sections = [{ number: null, heading: '', html: '<p>第一段&amp;说明</p><p>第二段<br>第三段</p>' }];
    const lines = await rawLines(await noticeDocx(view({ sections })));
    expect(lines).toEqual(expect.arrayContaining(['第一段&说明', '第二段', '第三段']));
    expect(lines.join('')).not.toContain('<p>');
  });

  it('reads the importer’s rich text: bold lead-ins become headings with their 。 or ： put back, lists and tables stay', async () => {
    const sections = [
      {
        number: '二',
        heading: '活动内容',
        html:
          '<p>（一）<strong>加强组织领导</strong>各县市区局要高度重视。</p><p>1.<strong>质量发展科</strong>牵头组织。</p>' +
          '<p>　　强调<em>重点</em>与<u>要求</u></p><ol><li>第一项</li><li>第二项</li></ol>' +
          '<table><tr><th>单位</th><th colspan="2">活动</th></tr><tr><td>计量科</td><td>开放日</td><td>9月</td></tr></table>',
      },
    ];
    const { paragraphs, document } = await unzipDocx(await noticeDocx(view({ sections })));
    const h2 = find(paragraphs, '（一）');
    expect(h2.runs.map((r) => [r.text, r.font])).toEqual([
      ['（一）加强组织领导。', '楷体_GB2312'],
      ['各县市区局要高度重视。', '仿宋_GB2312'],
    ]);
    const item = find(paragraphs, '1.');
    expect(item.text).toBe('1.质量发展科：牵头组织。');
    expect(item.xml).toMatch(/<w:b\/>.*质量发展科：/s);
    const styled = find(paragraphs, '强调');
    expect(styled.xml).toMatch(/<w:i\/>.*重点/s);
    expect(styled.xml).toMatch(/<w:u w:val="single"\/>.*要求/s);
    expect(paragraphs.map((p) => p.text)).toEqual(expect.arrayContaining(['1.第一项', '2.第二项']));
    expect(document).toContain('<w:tbl>');
    expect(document).toMatch(/<w:gridSpan w:val="2"\/>/);
    expect(paragraphs.map((p) => p.text)).toEqual(expect.arrayContaining(['单位', '活动', '计量科', '开放日', '9月']));
  });

  it('prints the 附件 texts the notice holds on pages of their own after the signature', async () => {
    const attachments = [
      { number: '1', title: '2024年全省“质量月”联合主办单位主要活动' },
      { number: '2', title: '宣传口号' },
    ];
    const sections = [
      ...view().sections,
      {
        number: null,
        heading: '2024年全省“质量月”联合主办单位主要活动',
        html: '<p>一<strong>省市场监管局</strong>举办新闻通气会。</p><p>1.<strong>高法</strong>发布典型案例。</p>',
      },
    ];
    const data = await noticeDocx(view({ sections, attachments }));
    const { paragraphs } = await unzipDocx(data);
    const lines = await rawLines(data);
    const at = lines.indexOf('2024年8月30日');
    expect(lines.slice(at, at + 5)).toEqual([
      '2024年8月30日',
      '附件1',
      '2024年全省“质量月”联合主办单位主要活动',
      '一、省市场监管局：举办新闻通气会。',
      '1.高法：发布典型案例。',
    ]);
    const label = find(paragraphs, '附件1');
    expect(label.pPr).toContain('<w:pageBreakBefore/>');
    expect(label.pPr).not.toContain('<w:ind');
    expect(label.runs[0]?.font).toBe('黑体');
    const title = paragraphs.filter((p) => p.text === '2024年全省“质量月”联合主办单位主要活动').at(-1);
    expect(title?.runs[0]).toMatchObject({ font: '方正小标宋简体', size: 44 });
    expect(title?.pPr).toContain('<w:jc w:val="center"/>');
    expect(find(paragraphs, '一、省市场监管局').runs.map((r) => r.font)).toEqual(['黑体', '仿宋_GB2312']);
  });

  it('lists attachments with a hanging indent under the first character of each name', async () => {
    const attachments = [
      { number: '1', title: '2024年“质量月”活动重点安排' },
      { number: '2', title: '统计表' },
    ];
    const { paragraphs } = await unzipDocx(await noticeDocx(view({ attachments })));
    const first = find(paragraphs, '附件：1.2024年');
    const second = find(paragraphs, '2.统计表');
    // 附件 two characters in; wrapped lines at 2 + 3 (附件：) + 1 (“1.”) characters of 320 twips.
    expect(first.pPr).toContain('<w:ind w:left="1920" w:hanging="1280"/>');
    expect(second.pPr).toContain('<w:ind w:left="1920" w:hanging="320"/>');
    const one = await rawLines(await noticeDocx(view({ attachments: [{ number: null, title: '统计表。' }] })));
    expect(one).toContain('附件：统计表');
  });

  it('right-aligns the issuer and puts the date two characters right of the name’s first character', async () => {
    const { paragraphs } = await unzipDocx(await noticeDocx(view()));
    const name = paragraphs.filter((p) => p.text === '岳阳市市场监督管理局').at(-1);
    const date = find(paragraphs, '2024年8月30日');
    expect(name?.pPr).toContain('<w:jc w:val="right"/>');
    // Name 10 characters two in from the right; the date 6.5 characters wide: 2 + 10 − 6.5 − 2 = 3.5 characters.
    expect(name?.pPr).toContain('<w:ind w:right="640"/>');
    expect(date.pPr).toContain('<w:ind w:right="1120"/>');
    expect(paragraphs.at(-1)?.text).toBe('2024年8月30日');
  });

  it('signs a joint notice with every issuer, and shifts the name when the date is longer', async () => {
    const lines = await rawLines(
      await noticeDocx(view({ issuerName: '某局', coIssuers: ['某厅', '某委'], issuedOn: '2024-12-31' })),
    );
    expect(lines.slice(-4)).toEqual(['某局', '某厅', '某委', '2024年12月31日']);
    const { paragraphs } = await unzipDocx(await noticeDocx(view({ issuerName: '某局', issuedOn: '2024-12-31' })));
    // Date 7 characters: it keeps its two characters; the name moves to 2 + 7 + 2 − 2 = 9.
    expect(paragraphs.filter((p) => p.text === '某局').at(-1)?.pPr).toContain('<w:ind w:right="2880"/>');
    expect(find(paragraphs, '2024年12月31日').pPr).toContain('<w:ind w:right="640"/>');
  });

  it('leaves out what the notice lacks: no 文件 without a number, no 无文号, and the date says 未注明', async () => {
    const data = await noticeDocx(view({ docNumber: null, issuedOn: null }));
    const { paragraphs } = await unzipDocx(data);
    expect(paragraphs[0]?.text).toBe('岳阳市市场监督管理局');
    expect(paragraphs[0]?.runs[0]?.color).toBe('FF0000');
    // The red rule is still drawn, under an empty number line.
    const rule = paragraphs.find((p) => /<w:bottom w:val="single" w:color="FF0000"/.test(p.pPr));
    expect(rule?.text).toBe('');
    const lines = await rawLines(data);
    expect(lines.join('\n')).not.toMatch(/无文号|\d{4}年\d{1,2}月\d{1,2}日$/);
    expect(lines.slice(-2)).toEqual(['岳阳市市场监督管理局', '未注明']);
  });

  it('sets the issuer mark in red 小标宋 as large as 初号, narrowed to stay on one line', async () => {
    const markOf = async (issuerName: string): Promise<DocxRun | undefined> =>
      (await unzipDocx(await noticeDocx(view({ issuerName })))).paragraphs[0]?.runs[0];
    const width = (r: DocxRun | undefined): number =>
      [...(r?.text ?? '')].length * ((r?.size ?? 0) / 2) * ((r?.scale ?? 100) / 100);
    const long = await markOf('自治区质量和标准化工作领导小组办公室');
    expect(long).toMatchObject({
      text: '自治区质量和标准化工作领导小组办公室文件',
      font: '方正小标宋简体',
      color: 'FF0000',
    });
    // Within the 156 mm (442 pt) text block.
    expect(width(long)).toBeLessThanOrEqual(442);
    const office = await markOf('岳阳市市场监督管理局');
    expect(office?.size).toBe(84);
    expect(width(office)).toBeLessThanOrEqual(442);
    expect(await markOf('国务院')).toMatchObject({ size: 84, scale: null });
    // 35 mm (1984 twips) below the top of the text block.
    expect((await unzipDocx(await noticeDocx(view()))).paragraphs[0]?.pPr).toContain('<w:spacing w:before="1984"/>');
  });

  it('declares the office fonts with fallbacks and numbers odd pages right and even pages left', async () => {
    const { part } = await unzipDocx(await noticeDocx(view()));
    const fonts = await part('word/fontTable.xml');
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
    expect(fonts).toContain('<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>');
    expect(await part('word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    const odd = await part('word/footer1.xml');
    const even = await part('word/footer2.xml');
    for (const f of [odd, even]) {
      expect(f).toMatch(
        /<w:t xml:space="preserve">— <\/w:t>.*<w:instrText xml:space="preserve">PAGE<\/w:instrText>.*<w:t xml:space="preserve"> —<\/w:t>/s,
      );
      expect(f).toMatch(/w:eastAsia="宋体"/);
      expect(f).toContain('<w:sz w:val="28"/>');
    }
    expect(odd).toContain('<w:jc w:val="right"/>');
    expect(even).toContain('<w:jc w:val="left"/>');
  });
});

describe('helpers', () => {
  it('writes dates and numerals the Chinese way', () => {
    expect(chineseDate('2024-08-28')).toBe('2024年8月28日');
    expect(chineseDate('2024-10-01')).toBe('2024年10月1日');
    expect([1, 9, 10, 11, 20, 23].map(chineseNumeral)).toEqual(['一', '九', '十', '十一', '二十', '二十三']);
  });

  it('names the file after the title and encodes it for the header', () => {
    const name = noticeDocxFileName('关于转发《a/b》的通知 (2024)');
    expect(name).toBe('关于转发《a_b》的通知 (2024).docx');
    expect(contentDisposition(name)).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent(name).replace('(', '%28').replace(')', '%29')}`,
    );
    expect(contentDisposition(name)).toMatch(/^[\x20-\x7e]+$/);
  });
});
