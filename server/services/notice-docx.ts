import {
  AlignmentType, BorderStyle, Document, Footer, LineRuleType, Packer, PageNumber, Paragraph, TextRun,
  type IParagraphOptions,
} from 'docx';
import { recipientsOf } from '../db/repositories/notice.repository.ts';
import { getNotice, type NoticeView } from './notice.service.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

/*
 * A notice laid out as an official document after GB/T 9704-2012 (党政机关公文格式): A4, 版心 156×225 mm,
 * red issuer mark and rule, 2号小标宋 title, 3号仿宋 body with 黑体/楷体 headings, 22 lines a page, page numbers
 * "— 1 —". Fonts are the names offices install; the font table names a common fallback for each, which Word and
 * WPS use where the office font is missing.
 */

const FONT = { mark: '方正小标宋简体', title: '方正小标宋简体', body: '仿宋_GB2312', h1: '黑体', h2: '楷体_GB2312', page: '宋体' } as const;
const FALLBACK: Record<string, string> = { '方正小标宋简体': '宋体', '仿宋_GB2312': '仿宋', '楷体_GB2312': '楷体', '黑体': 'SimHei', '宋体': 'SimSun' };
/** Sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt. */
const SIZE = { title: 44, body: 32, page: 28 } as const;
const RED = 'FF0000';

const mm = (v: number): number => Math.round((v * 1440) / 25.4);
/** One 3号 character (16 pt) in twips: indents are counted in characters. */
const CHAR = 320;
/** 225 mm over 22 lines ≈ 28.95 pt; a twip less than 29 pt so that the 22nd line still fits. */
const LINE = 579;
/** The text block is 156 mm wide: 442 pt. A little is kept back so Word does not wrap the mark. */
const BLOCK_PT = 436;

type Font = (typeof FONT)[keyof typeof FONT];

function run(text: string, font: Font, size: number, extra: { color?: string; scale?: number } = {}): TextRun {
  return new TextRun({ text, font: { ascii: font, hAnsi: font, eastAsia: font, cs: font }, size, ...extra });
}

const exact = { line: LINE, lineRule: LineRuleType.EXACT } as const;

function para(children: TextRun[], options: Omit<IParagraphOptions, 'children'> = {}): Paragraph {
  return new Paragraph({ spacing: exact, ...options, children });
}

const blank = (): Paragraph => para([run('', FONT.body, SIZE.body)]);

/** Width in characters: CJK full width, ASCII half width (digits in dates and numbers). */
function widthChars(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) < 0x2e80 ? 0.5 : 1;
  return w;
}

/** 2024-08-28 → 2024年8月28日 (GB/T 9704: Arabic numerals, no leading zeros). */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const NUMERALS = '一二三四五六七八九';
export function chineseNumeral(n: number): string {
  if (n < 10) return NUMERALS[n - 1] ?? '';
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : NUMERALS[tens - 1] ?? ''}十${ones ? NUMERALS[ones - 1] ?? '' : ''}`;
}

/** Section text is plain text today and sanitized HTML once the editor lands: either way, one line a paragraph. */
function textLines(html: string): string[] {
  const text = /<[a-z/][^>]*>/i.test(html)
    ? html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|li|h\d)>/gi, '\n').replace(/<[^>]+>/g, '')
      .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code))).replace(/&amp;/g, '&')
    : html;
  // Leading ideographic spaces are typed indents; the paragraph indent replaces them.
  return text.split(/\r?\n/).map((l) => l.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '')).filter((l) => l.length > 0);
}

const H1 = /^(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}(?:部分|章))/;
const H2 = /^[（(][一二三四五六七八九十]{1,3}[)）]/;

/** A heading's lead-in: its first sentence when short, the whole line when it has no sentence end. */
function leadOf(line: string, label: string): string {
  const stop = line.indexOf('。');
  if (stop >= 0 && stop < 60) return line.slice(0, stop + 1);
  if (stop < 0 && widthChars(line) <= 30) return line;
  return label;
}

/** A body paragraph; lines numbered 一、 or （一） get their lead-in in 黑体 or 楷体_GB2312. */
function bodyParagraph(line: string): Paragraph {
  const h1 = H1.exec(line);
  const h2 = h1 ? null : H2.exec(line);
  const label = h1?.[0] ?? h2?.[0];
  const indent = { firstLine: 2 * CHAR };
  if (!label) return para([run(line, FONT.body, SIZE.body)], { indent, alignment: AlignmentType.JUSTIFIED });
  const lead = leadOf(line, label);
  const rest = line.slice(lead.length);
  const children = [run(lead, h1 ? FONT.h1 : FONT.h2, SIZE.body), ...(rest ? [run(rest, FONT.body, SIZE.body)] : [])];
  return para(children, { indent, alignment: AlignmentType.JUSTIFIED, ...(rest ? {} : { keepNext: true }) });
}

function sectionLabel(number: string | null): string {
  if (!number) return '';
  const n = number.trim();
  if (/[、.．)）\s]$/.test(n)) return n;
  if (/^[一二三四五六七八九十]{1,3}$/.test(n)) return `${n}、`;
  if (/^\d{1,2}$/.test(n)) return `${n}.`;
  if (/^第.+(?:部分|章)$/.test(n)) return `${n}\u3000`;
  return n;
}

function headingParagraph(text: string, font: Font): Paragraph {
  return para([run(text, font, SIZE.body)], { indent: { firstLine: 2 * CHAR }, keepNext: true });
}

/** Text of the body as printed, to avoid repeating what the sections already say. */
function sectionsText(view: NoticeView): string {
  return view.sections.map((s) => `${s.heading}\n${textLines(s.html).join('\n')}`).join('\n');
}

function bodyParagraphs(view: NoticeView): Paragraph[] {
  const out: Paragraph[] = [];
  let numbered = 0;
  for (const s of view.sections) {
    const label = sectionLabel(s.number);
    if (/^[一二三四五六七八九十]{1,3}、$/.test(label)) numbered += 1;
    const heading = `${label}${s.heading}`.trim();
    if (heading) out.push(headingParagraph(heading, H2.test(label) ? FONT.h2 : /^\d/.test(label) ? FONT.body : FONT.h1));
    for (const line of textLines(s.html)) out.push(bodyParagraph(line));
  }
  if (view.note) for (const line of textLines(view.note)) out.push(bodyParagraph(line));

  // Imported notices carry their arrangements in the section text too; print only those not already there.
  const printed = sectionsText(view);
  const arrangements = view.arrangements.filter((a) => !a.title || !printed.includes(a.title));
  if (arrangements.length) {
    out.push(headingParagraph(`${numbered > 0 ? chineseNumeral(numbered + 1) : '一'}、重点安排`, FONT.h1));
    arrangements.forEach((a, i) => {
      if (a.title) out.push(headingParagraph(`（${chineseNumeral(i + 1)}）${a.title}`, FONT.h2));
      for (const line of textLines(a.content)) out.push(bodyParagraph(line));
      const roles = ([['牵头单位', a.lead], ['负责单位', a.responsible], ['配合单位', a.cooperating], ['实施单位', a.implementing]] as const)
        .filter(([, units]) => units.length > 0).map(([role, units]) => `${role}：${units.map((u) => u.name).join('、')}`);
      if (roles.length) out.push(bodyParagraph(`${roles.join('；')}。`));
      if (a.dueOn) out.push(bodyParagraph(`完成时限：${chineseDate(a.dueOn)}前。`));
    });
  }

  const reports = view.requiredReports.join('、');
  const deadline = view.deadline ? chineseDate(view.deadline) : null;
  // The seed texts state their deadline in the body ("10月10日前"); do not say it twice.
  const deadlineInText = deadline !== null && printed.includes(deadline.replace(/^\d+年/, ''));
  if (deadline && !deadlineInText) out.push(bodyParagraph(`请于${deadline}前将${reports || '工作开展情况'}报送${view.issuerName}。`));
  else if (!deadline && reports && !printed.includes(reports)) out.push(bodyParagraph(`请将${reports}及时报送${view.issuerName}。`));

  for (const c of view.contacts) {
    if ((c.name && printed.includes(c.name)) || c.phone.some((p) => printed.includes(p))) continue;
    const parts = [
      c.name ? `联系人：${c.name}` : null, c.phone.length ? `联系电话：${c.phone.join('，')}` : null, c.fax.length ? `传真：${c.fax.join('，')}` : null,
      c.email.length ? `电子邮箱：${c.email.join('，')}` : null, c.address ? `地址：${c.address}` : null,
    ].filter((p): p is string => p !== null);
    if (parts.length) out.push(bodyParagraph(`${parts.join('；')}。`));
  }
  return out;
}

/** 附件：1.… with each wrapped line aligned under the first character of the attachment's name. */
function attachmentParagraphs(view: NoticeView): Paragraph[] {
  if (!view.attachments.length) return [];
  const single = view.attachments.length === 1;
  const out: Paragraph[] = [blank()];
  view.attachments.forEach((a, i) => {
    const number = single ? '' : `${(a.number ?? String(i + 1)).replace(/[.．、\s]+$/, '')}.`;
    const prefix = i === 0 ? '附件：' : '';
    const nameStart = Math.round((2 + 3 + widthChars(number)) * CHAR);
    const hanging = nameStart - (i === 0 ? 2 : 5) * CHAR;
    out.push(para([run(`${prefix}${number}${a.title.replace(/[。；，]+$/, '')}`, FONT.body, SIZE.body)], { indent: { left: nameStart, hanging } }));
  });
  return out;
}

/**
 * 发文机关署名 right-aligned two characters from the edge; 成文日期 below it with its first character two characters
 * right of the name's first; a date longer than that pushes the name left instead (GB/T 9704 7.3.5.2).
 */
function signatureParagraphs(view: NoticeView): Paragraph[] {
  const names = [view.issuerName, ...view.coIssuers];
  const date = view.issuedOn ? chineseDate(view.issuedOn) : null;
  const s = widthChars(view.issuerName);
  let nameRight = 2;
  let dateRight = 2;
  if (date) {
    const d = widthChars(date);
    dateRight = nameRight + s - d - 2;
    if (dateRight < 2) { dateRight = 2; nameRight = dateRight - s + d + 2; }
  }
  const right = (text: string, chars: number): Paragraph =>
    para([run(text, FONT.body, SIZE.body)], { alignment: AlignmentType.RIGHT, indent: { right: Math.round(chars * CHAR) }, keepNext: true });
  return [blank(), ...names.map((n) => right(n, nameRight)), ...(date ? [right(date, dateRight)] : [])];
}

/** Issuer mark: as large as 初号 (42 pt), smaller and narrowed for long names so it stays on one line. */
function markParagraph(text: string): Paragraph {
  const n = Math.max(1, widthChars(text));
  const pt = Math.max(22, Math.min(42, Math.floor(BLOCK_PT / (n * 0.75))));
  const scale = Math.min(100, Math.floor((BLOCK_PT / (n * pt)) * 100));
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [run(text, FONT.mark, pt * 2, { color: RED, ...(scale < 100 ? { scale } : {}) })],
  });
}

function pageFooter(odd: boolean): Footer {
  // 4号 Arabic numerals between em dashes, odd pages right and even pages left, one character in from the edge.
  const dash = { font: { ascii: FONT.page, hAnsi: FONT.page, eastAsia: FONT.page, cs: FONT.page }, size: SIZE.page } as const;
  return new Footer({
    children: [new Paragraph({
      alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
      indent: odd ? { right: 280 } : { left: 280 },
      children: [new TextRun({ ...dash, children: ['— ', PageNumber.CURRENT, ' —'] })],
    })],
  });
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The font table with a fallback (w:altName) for each office font. */
function fontTableXml(): string {
  const fonts = Object.entries(FALLBACK).map(([name, alt]) =>
    `<w:font w:name="${escapeXml(name)}"><w:altName w:val="${escapeXml(alt)}"/><w:charset w:val="86"/><w:family w:val="${name === '黑体' ? 'modern' : 'roman'}"/><w:pitch w:val="variable"/></w:font>`);
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    + `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts.join('')}</w:fonts>`;
}

/** A notice as an official-document .docx. */
export async function noticeDocx(view: NoticeView): Promise<Buffer> {
  const children: Paragraph[] = [
    markParagraph(view.docNumber ? `${view.issuerName}文件` : view.issuerName),
    blank(), blank(),
    // The red rule sits 4 mm under the number; without a number the line stays empty rather than saying 无文号.
    para([run(view.docNumber ?? '', FONT.body, SIZE.body)], {
      alignment: AlignmentType.CENTER,
      border: { bottom: { style: BorderStyle.SINGLE, color: RED, size: 18, space: 11 } },
    }),
    blank(), blank(),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { line: 700, lineRule: LineRuleType.EXACT }, children: [run(view.title, FONT.title, SIZE.title)] }),
    blank(),
  ];
  if (view.recipients.length) children.push(para([run(`${view.recipients.map((r) => r.unitName).join('、')}：`, FONT.body, SIZE.body)], { alignment: AlignmentType.JUSTIFIED }));
  children.push(...bodyParagraphs(view), ...attachmentParagraphs(view), ...signatureParagraphs(view));

  const doc = new Document({
    title: view.title,
    creator: view.issuerName,
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: { ascii: FONT.body, hAnsi: FONT.body, eastAsia: FONT.body, cs: FONT.body }, size: SIZE.body } } } },
    sections: [{
      properties: {
        page: {
          size: { width: mm(210), height: mm(297) },
          // 版心 156×225 mm; the page number's dash sits 7 mm under the text block.
          margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), header: mm(15), footer: mm(22), gutter: 0 },
        },
      },
      footers: { default: pageFooter(true), even: pageFooter(false) },
      children,
    }],
  });
  return Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}

/** RFC 5987 value: encodeURIComponent leaves ' ( ) * as they are, which the header grammar does not allow. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** File name of the export: the title, without characters that Windows refuses in file names. */
export function noticeDocxFileName(title: string): string {
  return `${title.replace(/[\\/:*?"<>|\r\n\t]+/g, '_').trim() || '通知'}.docx`;
}

export function contentDisposition(fileName: string): string {
  return `attachment; filename*=UTF-8''${rfc5987(fileName)}`;
}

/**
 * The export of a notice the user may see (else NOTICE_NOT_FOUND, as for viewing it). The 主送 line is printed on
 * every copy, so it lists all recipients even where the view shows a recipient only its own signing row.
 */
export async function exportNoticeDocx(deps: AppDeps, ctx: RequestCtx, id: number): Promise<{ fileName: string; data: Buffer }> {
  const view = await getNotice(deps, ctx, id);
  const recipients = (await recipientsOf(deps.database.db, [view.id])).get(view.id) ?? [];
  const printed: NoticeView = { ...view, recipients: recipients.map((r) => ({ unitId: r.unitId, unitName: r.unitName, readAt: null, signedAt: null })) };
  return { fileName: noticeDocxFileName(view.title), data: await noticeDocx(printed) };
}
