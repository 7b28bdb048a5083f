import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IParagraphOptions,
} from 'docx';
import type { NoticeArrangement, NoticeContact, NoticeSection } from '../db/schema.ts';

/** What the official document prints: the notice as issued, every recipient named. */
export interface NoticeDocument {
  id: number;
  title: string;
  docNumber: string | null;
  issuerName: string;
  coIssuers: string[];
  issuedOn: string | null;
  deadline: string | null;
  note: string | null;
  requiredReports: string[];
  sections: NoticeSection[];
  arrangements: NoticeArrangement[];
  contacts: NoticeContact[];
  attachments: { number: string | null; title: string }[];
  recipients: { unitName: string }[];
  /** The issuer's full name for the masthead, where the notice names it short (自治区… for 西藏自治区…). */
  issuerFullName?: string;
  /** The day the notice was issued on the platform (版记 印发日期), as an ISO date. */
  printedOn?: string | null;
  /** The statistics table the notice requires, printed as its attachment when one is titled like it. */
  form?: { title: string; rows: { groups: string[]; label: string }[] } | null;
}

/*
 * A notice laid out as an official document after GB/T 9704-2012 (党政机关公文格式): A4, 版心 156×225 mm,
 * red issuer mark and rule, 2号小标宋 title, 3号仿宋 body with 黑体/楷体 headings, 22 lines a page, page numbers
 * "— 1 —". Fonts are the names offices install; the font table names a common fallback for each, which Word and
 * WPS use where the office font is missing.
 */

const FONT = {
  mark: '方正小标宋简体',
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  h1: '黑体',
  h2: '楷体_GB2312',
  page: '宋体',
} as const;
const FALLBACK: Record<string, string> = {
  方正小标宋简体: '宋体',
  仿宋_GB2312: '仿宋',
  楷体_GB2312: '楷体',
  黑体: 'SimHei',
  宋体: 'SimSun',
};
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

function run(
  text: string,
  font: Font,
  size: number,
  extra: { color?: string; scale?: number; bold?: boolean; italics?: boolean; underline?: Record<string, never> } = {},
): TextRun {
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
  return `${tens === 1 ? '' : (NUMERALS[tens - 1] ?? '')}十${ones ? (NUMERALS[ones - 1] ?? '') : ''}`;
}

interface Span {
  text: string;
  bold: boolean;
  italic: boolean;
  underline: boolean;
}
interface Cell {
  spans: Span[];
  colSpan: number;
  rowSpan: number;
  header: boolean;
}
interface TextBlock {
  kind: 'p';
  tag: string;
  spans: Span[];
}
interface TableBlock {
  kind: 'table';
  rows: Cell[][];
}
type Block = TextBlock | TableBlock;

const plain = (text: string): Span => ({ text, bold: false, italic: false, underline: false });
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e.startsWith('#')) return String.fromCodePoint(/^#x/i.test(e) ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/**
 * Section text as blocks. Plain text is one paragraph a line (entities decoded: the sanitizer escapes & and <). Rich
 * text is the sanitized HTML of rich-text.ts (p, br, strong/b, em/i, u, lists, h3/h4, blockquote, tables; no attributes
 * but colspan/rowspan), so a tag scanner is enough.
 */
function richBlocks(source: string): Block[] {
  if (!/<\/?[a-z][a-z0-9]*[^>]*>/i.test(source))
    return tidyBlocks(source.split(/\r?\n/).map((l) => ({ kind: 'p', tag: 'p', spans: [plain(decodeEntities(l))] })));
  const blocks: Block[] = [];
  const st = {
    current: null as TextBlock | null,
    table: null as TableBlock | null,
    cell: null as Cell | null,
    bold: 0,
    italic: 0,
    underline: 0,
  };
  const lists: { ordered: boolean; n: number }[] = [];
  const close = (): void => {
    if (st.current) blocks.push(st.current);
    st.current = null;
  };
  const open = (tag: string): TextBlock => {
    close();
    st.current = { kind: 'p', tag, spans: [] };
    return st.current;
  };
  const span = (text: string): Span => ({
    text,
    bold: st.bold > 0,
    italic: st.italic > 0,
    underline: st.underline > 0,
  });
  const spanAttr = (attrs: string, name: string): number =>
    Math.max(1, Number(new RegExp(`${name}\\s*=\\s*"?(\\d+)`, 'i').exec(attrs)?.[1] ?? 1));
  for (const [, slash, rawTag, attrs = '', text] of source.matchAll(/<(\/?)([a-z][a-z0-9]*)([^>]*)>|([^<]+)/gi)) {
    if (text !== undefined) {
      if (st.cell) st.cell.spans.push(span(decodeEntities(text)));
      else if (!st.table) (st.current ?? open('p')).spans.push(span(decodeEntities(text)));
      continue;
    }
    const tag = (rawTag ?? '').toLowerCase();
    const closing = slash === '/';
    const step = closing ? -1 : 1;
    switch (tag) {
      case 'strong':
      case 'b':
        st.bold = Math.max(0, st.bold + step);
        break;
      case 'em':
      case 'i':
        st.italic = Math.max(0, st.italic + step);
        break;
      case 'u':
        st.underline = Math.max(0, st.underline + step);
        break;
      case 'br':
        if (st.cell) st.cell.spans.push(plain('\n'));
        else open(st.current?.tag === 'li' ? 'p' : (st.current?.tag ?? 'p'));
        break;
      case 'p':
      case 'h3':
      case 'h4':
      case 'blockquote':
        if (st.cell) {
          if (closing) st.cell.spans.push(plain('\n'));
        } else if (closing) close();
        else open(tag);
        break;
      case 'ol':
      case 'ul':
        close();
        if (closing) lists.pop();
        else lists.push({ ordered: tag === 'ol', n: 0 });
        break;
      case 'li': {
        if (closing) {
          close();
          break;
        }
        const block = open('li');
        const list = lists.at(-1);
        if (list?.ordered) {
          list.n += 1;
          block.spans.push(plain(`${list.n}.`));
        }
        break;
      }
      case 'table':
        close();
        if (closing) {
          if (st.table) blocks.push(st.table);
          st.table = null;
        } else st.table = { kind: 'table', rows: [] };
        break;
      case 'tr':
        if (!closing && st.table) st.table.rows.push([]);
        break;
      case 'td':
      case 'th':
        if (closing) st.cell = null;
        else if (st.table) {
          st.cell = {
            spans: [],
            colSpan: spanAttr(attrs, 'colspan'),
            rowSpan: spanAttr(attrs, 'rowspan'),
            header: tag === 'th',
          };
          const row = st.table.rows.at(-1) ?? [];
          if (!st.table.rows.includes(row)) st.table.rows.push(row);
          row.push(st.cell);
        }
        break;
      default:
        break;
    }
  }
  close();
  if (st.table) blocks.push(st.table);
  return tidyBlocks(blocks);
}

/** Drops empty blocks; leading ideographic spaces are typed indents, which the paragraph indent replaces. */
function tidyBlocks(blocks: Block[]): Block[] {
  return blocks.flatMap((b): Block[] => {
    if (b.kind === 'table') return b.rows.some((r) => r.length) ? [b] : [];
    const text = b.spans.map((x) => x.text).join('');
    const start = text.length - text.replace(/^[\s\u3000]+/, '').length;
    const end = text.replace(/[\s\u3000]+$/, '').length;
    const kept = sliceSpans(b.spans, start, end);
    return kept.length ? [{ ...b, spans: kept }] : [];
  });
}

const blockText = (b: Block): string =>
  b.kind === 'p'
    ? b.spans.map((x) => x.text).join('')
    : b.rows.map((r) => r.map((c) => c.spans.map((x) => x.text).join('')).join('\t')).join('\n');

const H1 = /^(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}(?:部分|章))/;
const H2 = /^[（(][一二三四五六七八九十]{1,3}[)）]/;
const ITEM = /^\d{1,2}[.．、]/;
const ENDS_PUNCTUATED = /[。：:；;，,！!？?、）)》”]$/;
const STARTS_PUNCTUATED = /^[。：:；;，,！!？?、）)]/;

/** A heading's lead-in in plain text: its first sentence when short, the whole line when it has no sentence end. */
function leadOf(line: string, label: string): string {
  const stop = line.indexOf('。');
  if (stop >= 0 && stop < 60) return line.slice(0, stop + 1);
  if (stop < 0 && widthChars(line) <= 30) return line;
  return label;
}

/** The spans between two character offsets of the paragraph. */
function sliceSpans(spans: Span[], from: number, to = Number.POSITIVE_INFINITY): Span[] {
  const out: Span[] = [];
  let at = 0;
  for (const x of spans) {
    const a = Math.max(from, at);
    const b = Math.min(to, at + x.text.length);
    if (b > a) out.push({ ...x, text: x.text.slice(a - at, b - at) });
    at += x.text.length;
  }
  return out;
}

const bodyRun = (x: Span): TextRun =>
  run(x.text, FONT.body, SIZE.body, {
    ...(x.bold ? { bold: true } : {}),
    ...(x.italic ? { italics: true } : {}),
    ...(x.underline ? { underline: {} } : {}),
  });

/**
 * A body paragraph. Numbered lines get their lead-in (the bold heading the importer marks, or the first sentence) in
 * 黑体 for 一、 and 楷体_GB2312 for （一）; 1. items keep 仿宋 in bold. The importer drops the 。 or ： after a heading;
 * it is put back so the line reads as in the original.
 */
function textParagraph(b: TextBlock, inAttachment = false): Paragraph {
  const text = blockText(b);
  const indent = { firstLine: 2 * CHAR };
  if (b.tag === 'h3' || b.tag === 'h4') return headingParagraph(text, b.tag === 'h3' ? FONT.h1 : FONT.h2);
  // "一<strong>省市场监管局</strong>…": an imported list item whose 、 was lost.
  const bare = /^[一二三四五六七八九十]{1,3}/.exec(text)?.[0];
  const bareLabel = bare && sliceSpans(b.spans, bare.length)[0]?.bold ? bare : null;
  const h1 = bareLabel ? null : H1.exec(text);
  const h2 = h1 || bareLabel ? null : H2.exec(text);
  const label = bareLabel ?? h1?.[0] ?? h2?.[0] ?? ITEM.exec(text)?.[0] ?? '';
  const leadFont = h1 || bareLabel ? FONT.h1 : h2 ? FONT.h2 : FONT.body;
  const afterLabel = sliceSpans(b.spans, label.length);
  const boldLead = label && afterLabel[0]?.bold ? afterLabel[0] : null;
  let lead = '';
  let rest: Span[] = b.spans;
  if (boldLead) {
    rest = afterLabel.slice(1);
    const restText = rest.map((x) => x.text).join('');
    // Headings in the body end in 。; the unit names that open items (and every item of an attachment) in ：.
    const separator =
      restText && !ENDS_PUNCTUATED.test(boldLead.text) && !STARTS_PUNCTUATED.test(restText)
        ? inAttachment || leadFont === FONT.body
          ? '：'
          : '。'
        : '';
    lead = `${bareLabel ? `${bareLabel}、` : label}${boldLead.text}${separator}`;
  } else if (h1 || h2) {
    lead = leadOf(text, label);
    rest = sliceSpans(b.spans, lead.length);
  }
  const children = [
    ...(lead ? [run(lead, leadFont, SIZE.body, leadFont === FONT.body ? { bold: true } : {})] : []),
    ...rest.map((x) => bodyRun(x)),
  ];
  return para(children, { indent, alignment: AlignmentType.JUSTIFIED, ...(rest.length ? {} : { keepNext: true }) });
}

/** Tables keep their cells in 4号仿宋, header cells bold. */
function tableOf(b: TableBlock): Table {
  const cell = (c: Cell): TableCell => {
    const lines = c.spans
      .map((x) => x.text)
      .join('')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    return new TableCell({
      ...(c.colSpan > 1 ? { columnSpan: c.colSpan } : {}),
      ...(c.rowSpan > 1 ? { rowSpan: c.rowSpan } : {}),
      children: (lines.length ? lines : ['']).map(
        (l) => new Paragraph({ children: [run(l, FONT.body, SIZE.page, c.header ? { bold: true } : {})] }),
      ),
    });
  };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: b.rows.filter((r) => r.length).map((r) => new TableRow({ children: r.map(cell) })),
  });
}

const renderBlocks = (source: string, inAttachment = false): (Paragraph | Table)[] =>
  richBlocks(source).map((b) => (b.kind === 'table' ? tableOf(b) : textParagraph(b, inAttachment)));

/** A body line of the generator's own (deadline, contacts…). */
const bodyParagraph = (line: string): Paragraph => textParagraph({ kind: 'p', tag: 'p', spans: [plain(line)] });

function sectionLabel(number: string | null): string {
  if (!number) return '';
  const n = number.trim();
  if (/[、.．)）\s]$/.test(n)) return n;
  if (/^[一二三四五六七八九十]{1,3}$/.test(n)) return `${n}、`;
  // The national notice's web page numbers its parts 01, 02…; the document as issued reads 一、二、….
  if (/^0\d$/.test(n)) return `${chineseNumeral(Number(n))}、`;
  if (/^\d{1,2}$/.test(n)) return `${n}.`;
  if (/^第.+(?:部分|章)$/.test(n)) return `${n}\u3000`;
  return n;
}

function headingParagraph(text: string, font: Font): Paragraph {
  return para([run(text, font, SIZE.body)], { indent: { firstLine: 2 * CHAR }, keepNext: true });
}

/** Text of the body as printed, to avoid repeating what the sections already say. */
function sectionsText(view: NoticeDocument): string {
  return view.sections.map((s) => `${s.heading}\n${richBlocks(s.html).map(blockText).join('\n')}`).join('\n');
}

const titleKey = (s: string): string => s.replace(/[\s\u3000《》“”"'‘’]/g, '');

/** The attachment an unnumbered section is the body of (the importer keeps 附件 texts as sections titled like them). */
function attachmentOf(view: NoticeDocument, section: NoticeDocument['sections'][number]): number {
  if (section.number) return -1;
  const heading = titleKey(section.heading);
  if (heading.length < 4) return -1;
  return view.attachments.findIndex((a) => {
    const title = titleKey(a.title);
    return title === heading || title.startsWith(heading) || heading.startsWith(title);
  });
}

function bodyParagraphs(view: NoticeDocument): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  let numbered = 0;
  for (const s of view.sections) {
    if (attachmentOf(view, s) >= 0) continue;
    const label = sectionLabel(s.number);
    if (/^[一二三四五六七八九十]{1,3}、$/.test(label)) numbered += 1;
    const heading = `${label}${s.heading}`.trim();
    // Sections are the notice's first level, whatever their numbering.
    if (heading) out.push(headingParagraph(heading, H2.test(label) ? FONT.h2 : FONT.h1));
    out.push(...renderBlocks(s.html));
  }
  if (view.note) out.push(...renderBlocks(view.note));

  // Imported notices carry their arrangements in the section text too; print only those not already there.
  const printed = sectionsText(view);
  const arrangements = view.arrangements.filter((a) => !a.title || !printed.includes(a.title));
  if (arrangements.length) {
    out.push(headingParagraph(`${numbered > 0 ? chineseNumeral(numbered + 1) : '一'}、重点安排`, FONT.h1));
    arrangements.forEach((a, i) => {
      if (a.title) out.push(headingParagraph(`（${chineseNumeral(i + 1)}）${a.title}`, FONT.h2));
      out.push(...renderBlocks(a.content));
      const roles = (
        [
          ['牵头单位', a.lead],
          ['负责单位', a.responsible],
          ['配合单位', a.cooperating],
          ['实施单位', a.implementing],
        ] as const
      )
        .filter(([, units]) => units.length > 0)
        .map(([role, units]) => `${role}：${units.map((u) => u.name).join('、')}`);
      if (roles.length) out.push(bodyParagraph(`${roles.join('；')}。`));
      if (a.dueOn) out.push(bodyParagraph(`完成时限：${chineseDate(a.dueOn)}前。`));
    });
  }

  const reports = view.requiredReports.join('、');
  const deadline = view.deadline ? chineseDate(view.deadline) : null;
  // The seed texts state their deadline in the body ("10月10日前"); do not say it twice.
  const deadlineInText = deadline !== null && printed.includes(deadline.replace(/^\d+年/, ''));
  if (deadline && !deadlineInText)
    out.push(bodyParagraph(`请于${deadline}前将${reports || '工作开展情况'}报送${view.issuerName}。`));
  else if (!deadline && reports && !printed.includes(reports))
    out.push(bodyParagraph(`请将${reports}及时报送${view.issuerName}。`));

  for (const c of view.contacts) {
    if ((c.name && printed.includes(c.name)) || c.phone.some((p) => printed.includes(p))) continue;
    const parts = [
      c.name ? `联系人：${c.name}` : null,
      c.phone.length ? `联系电话：${c.phone.join('，')}` : null,
      c.fax.length ? `传真：${c.fax.join('，')}` : null,
      c.email.length ? `电子邮箱：${c.email.join('，')}` : null,
      c.address ? `地址：${c.address}` : null,
    ].filter((p): p is string => p !== null);
    if (parts.length) out.push(bodyParagraph(`${parts.join('；')}。`));
  }
  return out;
}

/**
 * Every listed 附件 on a new page: 附件N in 黑体 top left, the title centred on the third line, then the text
 * formatted as the body (GB/T 9704 7.3.7); the statistics table as a Word table; else a line that its text is not here.
 */
function attachmentPages(view: NoticeDocument): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  view.attachments.forEach((a, i) => {
    const bodies = view.sections.filter((s) => attachmentOf(view, s) === i);
    const label =
      view.attachments.length === 1 ? '附件' : `附件${(a.number ?? String(i + 1)).replace(/[.．、\s]+$/, '')}`;
    out.push(
      para([run(label, FONT.h1, SIZE.body)], { pageBreakBefore: true, keepNext: true }),
      blank(),
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { line: 700, lineRule: LineRuleType.EXACT },
        keepNext: true,
        children: [run(a.title, FONT.title, SIZE.title)],
      }),
      blank(),
    );
    if (bodies.length) for (const s of bodies) out.push(...renderBlocks(s.html, true));
    else out.push(...missingAttachmentBody(view, a.title));
  });
  return out;
}

/** 附件：1.… with each wrapped line aligned under the first character of the attachment's name. */
function attachmentParagraphs(view: NoticeDocument): Paragraph[] {
  if (!view.attachments.length) return [];
  const single = view.attachments.length === 1;
  const out: Paragraph[] = [blank()];
  view.attachments.forEach((a, i) => {
    const number = single ? '' : `${(a.number ?? String(i + 1)).replace(/[.．、\s]+$/, '')}.`;
    const prefix = i === 0 ? '附件：' : '';
    const nameStart = Math.round((2 + 3 + widthChars(number)) * CHAR);
    const hanging = nameStart - (i === 0 ? 2 : 5) * CHAR;
    out.push(
      para([run(`${prefix}${number}${a.title.replace(/[。；，]+$/, '')}`, FONT.body, SIZE.body)], {
        indent: { left: nameStart, hanging },
      }),
    );
  });
  return out;
}

/**
 * 发文机关署名 right-aligned two characters from the edge; 成文日期 below it with its first character two characters
 * right of the name's first; a date longer than that pushes the name left instead (GB/T 9704 7.3.5.2). A notice
 * without a 成文日期 says 未注明 rather than inventing one. Joint issuers are set several to a line, evenly, with
 * the date below them (7.3.5.3), not one per line.
 */
function signatureParagraphs(view: NoticeDocument): (Paragraph | Table)[] {
  const date = view.issuedOn ? chineseDate(view.issuedOn) : '未注明';
  const right = (text: string, chars: number): Paragraph =>
    para([run(text, FONT.body, SIZE.body)], {
      alignment: AlignmentType.RIGHT,
      indent: { right: Math.round(chars * CHAR) },
      keepNext: true,
    });
  if (view.coIssuers.length) return [blank(), jointIssuers([view.issuerName, ...view.coIssuers]), right(date, 4)];
  const s = widthChars(view.issuerName);
  const d = widthChars(date);
  let nameRight = 2;
  let dateRight = nameRight + s - d - 2;
  if (dateRight < 2) {
    dateRight = 2;
    nameRight = dateRight - s + d + 2;
  }
  return [blank(), right(view.issuerName, nameRight), right(date, dateRight)];
}

/** Joint issuers in a borderless grid: three to a line (two when names are long), each centred in its cell. */
function jointIssuers(names: string[]): Table {
  const perLine = names.some((n) => widthChars(n) > 8) ? 2 : 3;
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
  const borders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };
  const rows: TableRow[] = [];
  for (let i = 0; i < names.length; i += perLine) {
    const cells = Array.from({ length: perLine }, (_, k) => names[i + k] ?? '');
    rows.push(
      new TableRow({
        cantSplit: true,
        children: cells.map(
          (n) =>
            new TableCell({
              borders: { top: none, bottom: none, left: none, right: none },
              children: [para([run(n, FONT.body, SIZE.body)], { alignment: AlignmentType.CENTER })],
            }),
        ),
      }),
    );
  }
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, borders, rows });
}

/**
 * 版记 at the end of the document (GB/T 9704 7.4): 印发机关 left and 印发日期 right between two rules, with 抄送
 * above them when known. 印发日期 is the day the notice was issued here.
 */
function imprintParagraphs(view: NoticeDocument): Paragraph[] {
  if (!view.printedOn) return [];
  const rule = { style: BorderStyle.SINGLE, color: '000000', size: 8, space: 1 } as const;
  const date = `${chineseDate(view.printedOn)}印发`;
  const gap = Math.max(1, 28 - 1 - widthChars(view.issuerName) - widthChars(date) - 1);
  return [
    blank(),
    para([run(`${view.issuerName}${'\u3000'.repeat(Math.floor(gap))}${date}`, FONT.body, SIZE.page)], {
      indent: { left: CHAR, right: CHAR },
      border: { top: rule, bottom: rule },
      keepLines: true,
    }),
  ];
}

/** An attachment the notice lists but does not hold the text of: the statistics table, or a line saying so. */
function missingAttachmentBody(view: NoticeDocument, title: string): (Paragraph | Table)[] {
  const form = view.form;
  if (form && (titleKey(title).includes(titleKey(form.title)) || titleKey(form.title).includes(titleKey(title))))
    return [formTable(form)];
  return [
    para([run('（本附件正文未录入本系统，以印发件为准。）', FONT.body, SIZE.body)], {
      alignment: AlignmentType.CENTER,
    }),
  ];
}

/** The statistics table as a Word table in its printed layout: group labels, the item, and a blank figure column. */
function formTable(form: NonNullable<NoticeDocument['form']>): Table {
  const depth = Math.max(0, ...form.rows.map((r) => r.groups.length));
  const cell = (text: string, span = 1, bold = false): TableCell =>
    new TableCell({
      ...(span > 1 ? { columnSpan: span } : {}),
      children: [
        para([run(text, FONT.body, SIZE.page, bold ? { bold: true } : {})], { alignment: AlignmentType.CENTER }),
      ],
    });
  const rows = [
    new TableRow({ tableHeader: true, children: [cell('项目', depth + 1, true), cell('数值', 1, true)] }),
    ...form.rows.map(
      (r) =>
        new TableRow({
          cantSplit: true,
          children: [
            ...(r.groups.length ? [cell(r.groups.join(' '), 1)] : []),
            cell(r.label, depth + 1 - (r.groups.length ? 1 : 0)),
            cell(''),
          ],
        }),
    ),
  ];
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows });
}

/**
 * Issuer mark: its top edge 35 mm under the top of the text block (GB/T 9704 7.2.4), as large as 初号 (42 pt),
 * smaller and narrowed for long names so it stays on one line.
 */
function markParagraph(text: string): Paragraph {
  const n = Math.max(1, widthChars(text));
  const pt = Math.max(22, Math.min(42, Math.floor(BLOCK_PT / (n * 0.75))));
  const scale = Math.min(100, Math.floor((BLOCK_PT / (n * pt)) * 100));
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: mm(35) },
    children: [run(text, FONT.mark, pt * 2, { color: RED, ...(scale < 100 ? { scale } : {}) })],
  });
}

function pageFooter(odd: boolean): Footer {
  // 4号 Arabic numerals between em dashes, odd pages right and even pages left, one character in from the edge.
  const dash = {
    font: { ascii: FONT.page, hAnsi: FONT.page, eastAsia: FONT.page, cs: FONT.page },
    size: SIZE.page,
  } as const;
  return new Footer({
    children: [
      new Paragraph({
        alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: odd ? { right: 280 } : { left: 280 },
        children: [new TextRun({ ...dash, children: ['— ', PageNumber.CURRENT, ' —'] })],
      }),
    ],
  });
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The font table with a fallback (w:altName) for each office font. */
function fontTableXml(): string {
  const fonts = Object.entries(FALLBACK).map(
    ([name, alt]) =>
      `<w:font w:name="${escapeXml(name)}"><w:altName w:val="${escapeXml(alt)}"/><w:charset w:val="86"/><w:family w:val="${name === '黑体' ? 'modern' : 'roman'}"/><w:pitch w:val="variable"/></w:font>`,
  );
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts.join('')}</w:fonts>`
  );
}

/** A notice as an official-document .docx. */
export async function noticeDocx(view: NoticeDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    markParagraph(`${view.issuerFullName ?? view.issuerName}${view.docNumber ? '文件' : ''}`),
    blank(),
    blank(),
    // The red rule sits 4 mm under the number; without a number the line stays empty rather than saying 无文号.
    para([run(view.docNumber ?? '', FONT.body, SIZE.body)], {
      alignment: AlignmentType.CENTER,
      border: { bottom: { style: BorderStyle.SINGLE, color: RED, size: 18, space: 11 } },
    }),
    blank(),
    blank(),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT },
      children: [run(view.title, FONT.title, SIZE.title)],
    }),
    blank(),
  ];
  if (view.recipients.length)
    children.push(
      para([run(`${view.recipients.map((r) => r.unitName).join('、')}：`, FONT.body, SIZE.body)], {
        alignment: AlignmentType.JUSTIFIED,
      }),
    );
  children.push(
    ...bodyParagraphs(view),
    ...attachmentParagraphs(view),
    ...signatureParagraphs(view),
    ...attachmentPages(view),
    ...imprintParagraphs(view),
  );

  const doc = new Document({
    title: view.title,
    creator: view.issuerName,
    lastModifiedBy: view.issuerName,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: { ascii: FONT.body, hAnsi: FONT.body, eastAsia: FONT.body, cs: FONT.body }, size: SIZE.body },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            // 版心 156×225 mm; the page number's dash sits 7 mm under the text block.
            margin: {
              top: mm(37),
              bottom: mm(35),
              left: mm(28),
              right: mm(26),
              header: mm(15),
              footer: mm(22),
              gutter: 0,
            },
          },
        },
        footers: { default: pageFooter(true), even: pageFooter(false) },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}

/** File name of the export: the title, without characters that Windows refuses in file names. */
export function noticeDocxFileName(title: string): string {
  return `${title.replace(/[\\/:*?"<>|\r\n\t]+/g, '_').trim() || '通知'}.docx`;
}
