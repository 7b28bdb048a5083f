import * as OpenCC from 'opencc-js/t2cn';

// Character classes shared by the parser's modules.
export const HAN = '\\u3400-\\u9fff\\uf900-\\ufaff';
const HAN_RE = /[\u3400-\u9fff\uf900-\ufaff]/;
/** Full-width punctuation and brackets next to which spaces carry no meaning. */
const PUNCT = '，。、；：？！（）《》〈〉“”‘’〔〕【】「」『』…·';

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
// Per-character cache: most texts are already simplified, and converting a
// whole 20,000-character text costs more than the rest of the parse.
const traditionalChar = new Map<string, boolean>();

function hasTraditional(line: string): boolean {
  for (const ch of line) {
    if (ch.charCodeAt(0) < 0x3400) continue;
    let known = traditionalChar.get(ch);
    if (known === undefined) {
      known = toSimplified(ch) !== ch;
      traditionalChar.set(ch, known);
    }
    if (known) return true;
  }
  return false;
}

/** Traditional → simplified, only on the lines that need it (phrases convert as phrases). */
export function simplify(line: string): string {
  return hasTraditional(line) ? toSimplified(line) : line;
}

// Pinyin inserted after characters: 質(zhì)量 → 质量.
const TONE = /[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]/;
const SYLLABLE = /^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouvü]{1,3}(?:ng|n|r)?[1-5]?$/;
function isPinyin(inner: string): boolean {
  const words = inner.trim().toLowerCase().split(/\s+/);
  if (words.length === 0 || words.length > 4) return false;
  if (TONE.test(inner) || /[1-5]$/.test(inner)) return true;
  return words.every((w) => w.length <= 6 && SYLLABLE.test(w));
}
const PINYIN_PAREN = /([\u3400-\u9fff])\s?[（(]([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ1-5 ]{1,30})[)）]/g;
function removePinyin(line: string): string {
  if (!line.includes('(') && !line.includes('（')) return line;
  // Mirrors print the reading twice (務(wù)(wù)): repeat until nothing changes.
  let s = line;
  for (let pass = 0; pass < 3; pass++) {
    const next = s.replace(PINYIN_PAREN, (all, han: string, inner: string) =>
      /[A-Z]/.test(inner) || !isPinyin(inner) ? all : han,
    );
    if (next === s) break;
    s = next;
  }
  return s;
}

// ASCII punctuation inside Chinese text becomes full-width so that later rules see one form;
// URLs, e-mail addresses, times and decimal numbers keep theirs.
const ASCII_TO_WIDE: Record<string, string> = {
  ',': '，',
  ':': '：',
  ';': '；',
  '(': '（',
  ')': '）',
  '?': '？',
  '!': '！',
};
const PUNCT_OR_URL = /(https?:\/\/[\w./?=&%#~+-]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)|[,:;()?!]/g;
function widenPunctuation(line: string): string {
  return line.replace(PUNCT_OR_URL, (m: string, url: string | undefined, offset: number, whole: string) => {
    if (url) return m;
    const before = whole[offset - 1] ?? '';
    const after = whole[offset + 1] ?? '';
    if ((m === ',' || m === ':') && /\d/.test(before) && /\d/.test(after)) return m;
    return ASCII_TO_WIDE[m] ?? m;
  });
}

function curlQuotes(line: string): string {
  if (!line.includes('"')) return line;
  let open = true;
  return line.replace(/"/g, () => {
    const q = open ? '“' : '”';
    open = !open;
    return q;
  });
}

const SPACE_AT_PUNCT = new RegExp(`[ \\u00a0]+(?=[${PUNCT}])|(?<=[${PUNCT}])[ \\u00a0]+`, 'g');
const SPACE_HAN_DIGIT = new RegExp(`(?<=[${HAN}])[ \\u00a0]+(?=\\d)|(?<=\\d)[ \\u00a0]+(?=[${HAN}])`, 'g');
// A character standing alone between spaces was split off its word: 教 育 部 → 教育部.
const LONE_HAN_LEFT = new RegExp(`(?<![${HAN}])([${HAN}]) (?=[${HAN}])`, 'g');
const LONE_HAN_RIGHT = new RegExp(`(?<=[${HAN}]) ([${HAN}])(?![${HAN}])`, 'g');

function tidySpaces(line: string): string {
  // Keep the space after a short row/list number at the start ("2 县市区开展…").
  const lead = /^(\d{1,2}) (?=\S)/.exec(line);
  const head = lead ? lead[0] : '';
  let s = line.slice(head.length);
  s = s.replace(/(\d) +(?=\d+[年月日号])/g, '$1');
  // A two-character label spread to the width of longer ones: 文 (wide spaces) 号： → 文号：
  s = s.replace(/^([\u3400-\u9fff]) {1,4}([\u3400-\u9fff])(?= ?[：:])/, '$1$2');
  s = s.replace(SPACE_AT_PUNCT, '').replace(SPACE_HAN_DIGIT, '');
  // OCR dot inside a year: 2·024年.
  s = s.replace(/(\d)[·•](?=\d{3}年)/g, '$1');
  for (let i = 0; i < 3; i++) {
    const next = s.replace(LONE_HAN_LEFT, '$1').replace(LONE_HAN_RIGHT, '$1');
    if (next === s) break;
    s = next;
  }
  return head + s;
}

// Character slips that OCR makes in this vocabulary; none of the wrong forms is a word.
const OCR_SLIPS: [RegExp, string][] = [
  [/质[士童]/g, '质量'],
  [/捉升/g, '提升'],
  [/牡([查检])/g, '抽$1'],
  [/帮挟/g, '帮扶'],
  [/支拧/g, '支撑'],
  [/建田强链/g, '建圈强链'],
];
function fixOcrSlips(line: string): string {
  let s = line;
  for (const [re, to] of OCR_SLIPS) s = s.replace(re, to);
  // A stray "|" inside a label: 邮| 箱 → 邮箱.
  s = s.replace(/(?<=[\u3400-\u9fff])\s*\|\s*(?=[\u3400-\u9fff])/g, '');
  return s;
}

/** Scripts printed beside Chinese in regional letterheads (Tibetan, Mongolian, Uyghur). */
const OTHER_SCRIPTS = /[\u0f00-\u0fff\u1800-\u18af\u0600-\u06ff]+/g;

/** Mirror sites pad text with @ (各省@@、自治区@@): drop every @ that is not inside an e-mail address. */
function removePadding(s: string): string {
  if (!s.includes('@')) return s;
  return s.replace(/@+/g, (m: string, at: number) => {
    const before = s[at - 1] ?? '';
    const after = s[at + m.length] ?? '';
    return m.length === 1 && (/[\w.+-]/.test(before) || /\w/.test(after)) ? m : '';
  });
}

function normaliseLine(raw: string): string {
  let s = removePadding(raw.replace(/\[bookmark:[^\]]{0,80}\]/g, '').replace(OTHER_SCRIPTS, ''));
  s = simplify(s);
  // NFKC folds full-width letters, digits and spaces; it leaves “” and 〔〕 alone.
  s = s
    .normalize('NFKC')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/[〝〞]/g, (q) => (q === '〝' ? '“' : '”'));
  s = removePinyin(s);
  s = curlQuotes(s);
  s = widenPunctuation(s);
  s = s.replace(/[ \u00a0]+$/g, '').replace(/^[ \u00a0]+/g, '');
  s = tidySpaces(s);
  return fixOcrSlips(s);
}

const CHROME_LINE =
  /^(?:欢迎(?:访问|光临|来到)|当前位置|您的位置|您现在的位置|首页\s*[>＞»]|打印本页|【?打印】?$|关闭窗口|【?关闭】?$|分享到|浏览(?:次数|量)|阅读(?:次数|量)|点击(?:数|量|率)?：|字号：|返回顶部|上一篇|下一篇|相关(?:阅读|文章|新闻|链接)|推荐阅读|责任编辑|来源：|作者：|扫一扫)/;
const FOOTER_LINE = /版权所有|Copyright|©|ICP备|ICP证|公网安备|免责声明|本站部分信息|本网部分转载|网站地图|技术支持：/i;
const PAGE_NUMBER =
  /^(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*\/\s*\d{1,3})$/;
const TEASER = /(?:\.\.\.|…)$/;

/** Drops web chrome (site header, footer, related-article teasers) and page numbers. */
function removeChrome(lines: string[]): string[] {
  let end = lines.length;
  const footerFrom = Math.floor(lines.length * 0.5);
  for (let i = footerFrom; i < lines.length; i++) {
    if (FOOTER_LINE.test(lines[i] ?? '')) {
      end = i;
      break;
    }
  }
  const kept: string[] = [];
  for (let i = 0; i < end; i++) {
    const line = lines[i] ?? '';
    const bare = line.trim();
    if (bare === '') {
      kept.push('');
      continue;
    }
    if (CHROME_LINE.test(bare) || PAGE_NUMBER.test(bare)) continue;
    if (TEASER.test(bare) && bare.length < 80) continue;
    if (/发布(?:时间|日期)/.test(bare) && /来源|浏览|阅读|作者/.test(bare)) continue;
    kept.push(line);
  }
  return kept;
}

// ---- Joining the lines of one paragraph (hard wraps, page breaks, OCR splits) ----

const TERMINAL_END = /[。；！？：]$/;
const STRUCTURE_START =
  /^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.．、，]|[（(]\d{1,2}[)）]|0\d$|附件|第[一二三四五六七八九十\d]+[章节条部分])/;
// A label line, also with an aside: 联系人：… / 填报单位（盖章）：…
const LABEL_START = /^[\u3400-\u9fff]{1,7}(?:（[\u3400-\u9fff]{1,6}）)?[：]/;
const DOC_TYPE_END = /(?:通知|方案|意见|函|决定|公告|通报|办法|纲要|报告|请示|批复|文件|规划|细则|要点)$/;
const DATE_LINE =
  /^(?:\d{4}年\d{1,2}月\d{1,2}日|[〇○零Oo一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日|\d{4}-\d{1,2}-\d{1,2})$/;
const DOC_NUMBER_LINE = /^[\u3400-\u9fff]{1,12}[〔[【（(［]\d{4}[〕\]】）)］]第?\d{1,4}号$/;
const QUOTE_ONLY = /^[“”‘’'`]+$/;

function unbalanced(s: string): boolean {
  let angle = 0;
  let paren = 0;
  let quote = 0;
  for (const ch of s) {
    if (ch === '《') angle++;
    else if (ch === '》') angle = Math.max(0, angle - 1);
    else if (ch === '（') paren++;
    else if (ch === '）') paren = Math.max(0, paren - 1);
    else if (ch === '“') quote++;
    else if (ch === '”') quote = Math.max(0, quote - 1);
  }
  return angle > 0 || paren > 0 || quote > 0;
}

function hanLength(s: string): number {
  let n = 0;
  for (const ch of s) if (ch !== ' ' && ch !== '\t') n++;
  return n;
}

function isTableHeader(s: string): boolean {
  const cells = s.split(/\s+/);
  return cells.length >= 3 && cells.every((c) => c.length <= 10) && /序号|名称|内容|备注|时间|单位|部门/.test(s);
}

const ORG_LINE =
  /^[\u3400-\u9fff（）]{2,40}(?:局|办|办公室|委员会|委|协会|会|厅|部|政府|院|室|中心|小组|署|社|联|处|科|集团|公司)$/;

const CONTACT_LABEL_END = /(?:电话|传真|手机|邮箱|信箱|E-?mail|联系方式)[：:]$/i;

const CONTACT_LINE = /^[（(]?(?:联系人|联系电话|电话|传真|手机|电子邮箱|电子信箱|邮箱|E-?mail|地址)[：:]/i;
const CONTACT_LABEL = /^(?:联系人|联系电话|办公电话|电话|传真|手机|电子邮箱|电子信箱|邮箱|通讯地址|地址)$/;
/** A contact line broken inside a value (…传真：0573-840 / 12346) or inside a label (…；传 / 真：…). */
function isContactBreak(a: string, b: string): boolean {
  if (!CONTACT_LINE.test(a) || TERMINAL_END.test(a)) return false;
  if (/[\w.@-]$/.test(a) && /^[\w.@-]/.test(b) && !CONTACT_LINE.test(b)) return true;
  // An area code in brackets at the line end, the number on the next line: …电话：（0871） / 65123456.
  if (/[（(]0\d{2,3}[)）]$/.test(a) && /^\d/.test(b)) return true;
  const tail = /[\u3400-\u9fff]{1,4}$/.exec(a)?.[0] ?? '';
  const head = /^([\u3400-\u9fff]{1,4})[：:]/.exec(b)?.[1] ?? '';
  return (
    tail !== '' && head !== '' && /[，,；;、\s\d]$/.test(a.slice(0, -tail.length)) && CONTACT_LABEL.test(tail + head)
  );
}

/** A break inside a number, date or address (202 / 3〕, 1 / 0日, zl@ / 163.com) carries no space. */
const NO_GLUE = /^(?:\d\d|[@._-][\w]|\w[@._-])$/;

/** An e-mail address broken over two lines of running text: …邮箱（czscj / g_zlfzc@163.com）. */
function brokenEmail(a: string, b: string): boolean {
  const tail = /[\w.+-]+@?[\w.-]*$/.exec(a)?.[0] ?? '';
  const head = /^[\w.@-]+/.exec(b)?.[0] ?? '';
  return tail !== '' && head !== '' && /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/.test(tail + head);
}

type JoinMode = 'text' | 'table' | 'list';
/** An attachment-list entry that already names a whole document. */
const LIST_ENTRY_END = /(?:表|口号|活动|方案|通知|名单|清单|摘要|汇总|目录|材料|报告|办法|意见)$/;

/** Whether line b continues the paragraph of line a (c is the line after b). */
function continues(a: string, b: string, c: string, mode: JoinMode): boolean {
  if (a.includes('\t') || b.includes('\t')) return false;
  // No line of real text begins with a comma or a full stop: it was wrapped off the line above.
  if (/^[”’，。、；：！？]/.test(b) || /[“《（]$/.test(a) || QUOTE_ONLY.test(a)) return true;
  // A lone opening quote belongs to the next line; join it to a only if a runs on into that line.
  if (QUOTE_ONLY.test(b))
    return !TERMINAL_END.test(a) && !isTableHeader(a) && !(mode === 'list' && LIST_ENTRY_END.test(a));
  if (isContactBreak(a, b) || brokenEmail(a, b)) return true;
  // An address wrapped whole onto the next line: …报送至邮箱 / xtzlfzk@163.com。
  if (/^[\w.+-]+@[\w-]+\./.test(b) && !TERMINAL_END.test(a) && !CONTACT_LINE.test(b)) return true;
  // "位：" alone ends a wrapped recipients line; a label has a value after its colon.
  const listTail =
    /^[\u3400-\u9fff]{1,7}[：:]$/.test(b) &&
    /[、，]/.test(a) &&
    !/[：。；！？]$/.test(a) &&
    !/^(?:(?:活动)?主题|口号|标语|附件|联系人|电话|传真|邮箱|地址)/.test(b);
  const labelStart = LABEL_START.test(b) && !listTail;
  if (
    STRUCTURE_START.test(b) ||
    labelStart ||
    DATE_LINE.test(b) ||
    DOC_NUMBER_LINE.test(b) ||
    /文件$/.test(b) ||
    isTableHeader(b)
  )
    return false;
  // A signature: the issuing body's name on the line above the date.
  if (ORG_LINE.test(b) && (c === '' || DATE_LINE.test(c.replace(/\s+/g, '')))) return false;
  // The issuers' names above a title that starts with 关于 (湘潭市市场监督管理局 湘潭市教育局 / 关于…).
  if (/^关于/.test(b) && a.split(/\s+/).every((name) => ORG_LINE.test(name))) return false;
  if (unbalanced(a) && hanLength(a) < 400) return true;
  // A contact label at a line end, its number or address on the next line: "电话：" / "0574-…";
  // or a contact line broken inside a number or an address: "传真：0573-840" / "12346；…".
  if (CONTACT_LABEL_END.test(a) && /^[\dA-Za-z（(+]/.test(b)) return true;
  if (TERMINAL_END.test(a) || /[。；！？][）》”]$/.test(a)) return false;
  if (/[，、]$/.test(a)) return true;
  // In a table a quoted term split off its cell rejoins it; other line ends are cell ends.
  if (mode === 'table') return /”$/.test(a) || /^“/.test(b);
  // An attachment title wrapped before its last words: "…“质量月”活" / "动的通知".
  // A line of a few characters without a number cannot be an entry of its own ("…活动" / "方案").
  if (mode === 'list') {
    if (hanLength(b) <= 4 && !/^\d/.test(b) && !TERMINAL_END.test(a)) return true;
    return (
      !LIST_ENTRY_END.test(a) &&
      !DOC_TYPE_END.test(a) &&
      hanLength(b) <= 30 &&
      (LIST_ENTRY_END.test(b) || DOC_TYPE_END.test(b) || hanLength(b) <= 4)
    );
  }
  if (/ {2,}/.test(a) || DOC_TYPE_END.test(a) || DATE_LINE.test(a) || DOC_NUMBER_LINE.test(a)) return false;
  // A full line broken inside a number or date ("…请于1" / "0月15日前…") runs on; a short line
  // or a row number ("2 县市区…") does not.
  const digitRunOn = /^\d/.test(b) && !/[：:]$/.test(a) && hanLength(a) >= 20 && !/^\d{1,2}\s/.test(b);
  if (!digitRunOn && !new RegExp(`^[${HAN}“（《]`).test(b)) return false;
  // A quoted term alone on its line ("“质量月”") was split off the sentence it belongs to.
  if (/^“[^“”]{1,12}”$/.test(a)) return true;
  // A short heading stays on its own line; a wrapped or page-broken paragraph line is long.
  if (STRUCTURE_START.test(a) && hanLength(a) < 16) return false;
  return hanLength(a) >= 12;
}

// PDF/OCR sometimes emits the line holding ")" before the one holding "(":
// "…召" / "科牵头，各县局配合）" / "监管。（质量发展" → swap the last two.
function swapParenOrder(lines: string[]): void {
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i] ?? '';
    const b = lines[i + 1] ?? '';
    // A cited number closing its parenthesis (…〔2025〕58号）) is the normal order.
    // A line above that left a bracket open (…（省市场监管局 / 牵头，…配合）) is closed in order.
    const before = lines[i - 1] ?? '';
    const closesFirst =
      /^[^（]*）/.test(a) &&
      !a.includes('（') &&
      !/号）/.test(a) &&
      before.lastIndexOf('（') <= before.lastIndexOf('）');
    const opensLast = /（[^）]*$/.test(b);
    if (closesFirst && opensLast && hanLength(a) < 30) {
      lines[i] = b;
      lines[i + 1] = a;
      i++;
    }
  }
}

export function joinParagraphLines(input: string[]): string[] {
  const lines = input.filter((l) => l.trim() !== '');
  swapParenOrder(lines);
  const out: string[] = [];
  let mode: JoinMode = 'text';
  let splitQuote = false;
  for (let k = 0; k < lines.length; k++) {
    const raw = lines[k] ?? '';
    const after = (lines[k + 1] ?? '').trim();
    const line = raw.trim() === raw || raw.includes('\t') ? raw : raw.trim();
    if (/^[‘’'`]+$/.test(line)) {
      // A lone single quote: half of an OCR'd ” (’ ’), else noise.
      const prev = out[out.length - 1];
      if (prev !== undefined && /[’']$/.test(prev)) out[out.length - 1] = prev.replace(/[’']$/, '”');
      continue;
    }
    const prev = out[out.length - 1];
    // A closing quote that sat alone on its line ends a term, not the sentence.
    const afterSplitQuote =
      splitQuote && new RegExp(`^[${HAN}]`).test(line) && !STRUCTURE_START.test(line) && !LABEL_START.test(line);
    splitQuote = prev !== undefined && QUOTE_ONLY.test(line) && /^[”’]/.test(line);
    if (prev !== undefined && (afterSplitQuote || continues(prev, line, after, mode))) {
      const glue =
        /[\u3400-\u9fff“”《》（）、，。：；]$/.test(prev) ||
        /^[\u3400-\u9fff“”《》（）、，。：；]/.test(line) ||
        isContactBreak(prev, line) ||
        NO_GLUE.test(prev.slice(-1) + line.slice(0, 1)) ||
        brokenEmail(prev, line)
          ? ''
          : ' ';
      out[out.length - 1] = (prev + glue + line).replace(/[’']{2}/g, '”').replace(/[‘`]{2}/g, '“');
    } else {
      out.push(line);
    }
    const current = out[out.length - 1] ?? '';
    // Tab-separated rows are never joined, so only a space-separated header starts table mode;
    // text after a tab table is text again.
    if (current.includes('\t')) mode = 'text';
    else if (isTableHeader(current)) mode = 'table';
    else if (/^[-•·●]?\s*附\s*件\s*[：:]/.test(current)) mode = 'list';
    else if (/^附件/.test(current) || (mode === 'list' && !/^\d{1,2}\s*[.．、，]/.test(current))) mode = 'text';
  }
  return out.map(repairMergedBracket);
}

// OCR reads "》（" as "X" when a title runs into its number: 活动方案X湘市监办发〔2024)22号.
function repairMergedBracket(line: string): string {
  if (!line.includes('X') || !line.includes('《')) return line;
  return line.replace(/《([^《》]{2,80}?[\u3400-\u9fff])X(?=[\u3400-\u9fff]{2,12}[〔[【（(]\s*\d{4})/g, '《$1》（');
}

/**
 * The source lines as printed, each normalised like the parser's lines but neither dropped as chrome
 * nor joined into paragraphs: metadata, source and date lines live there. Index = line in the text.
 */
export function sourceLines(raw: string): string[] {
  return raw
    .replace(/\r\n?|[\u2028\u2029\f\v]/g, '\n')
    .split('\n')
    .map(normaliseLine);
}

/** Whole cleaning pipeline: normalised, chrome-free lines with paragraphs rejoined. */
export function cleanText(raw: string): string[] {
  return cleanSourceLines(sourceLines(raw));
}

/** The cleaning pipeline after normalisation, for a caller that keeps the source lines too. */
export function cleanSourceLines(lines: string[]): string[] {
  return joinParagraphLines(removeChrome(lines));
}

/** Collapses white space to single ASCII spaces (tabs included) and trims. */
export function collapse(s: string): string {
  return s.replace(/[\s\u3000]+/g, ' ').trim();
}

/** Removes every space (names of units, titles, numbers). */
export function squeeze(s: string): string {
  return s.replace(/[\s\u3000]+/g, '');
}

/** Removes spaces except between two runs of Chinese (keeps "加强质量支撑 共建质量强国"). */
export function tidyText(s: string): string {
  return collapse(s).replace(new RegExp(`(?<![${HAN}A-Za-z0-9]) | (?![${HAN}A-Za-z0-9])`, 'g'), '');
}

export function containsHan(s: string): boolean {
  return HAN_RE.test(s);
}
