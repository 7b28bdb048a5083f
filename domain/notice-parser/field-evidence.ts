// Candidates for the headline fields, gathered from every place a field can appear in a received
// document: the 政府信息公开 metadata labels, the masthead, the title line, brackets, the signature, date
// and source lines and body sentences. Each carries a score (how much that kind of evidence is worth on its
// own) and the line it was read from. weigh-fields.ts combines them.
import { findFullDates, isoDate, standaloneDate } from './dates.ts';
import { findDocNumbers, isDocNumberLine, parseDocNumber } from './doc-number.ts';
import { isOrgName } from './heading-block.ts';
import { squeeze, tidyText } from './text-cleaner.ts';

export type EvidenceSource =
  'metadata' | 'masthead' | 'title' | 'bracket' | 'signature' | 'dateLine' | 'sourceLine' | 'body' | 'structure';

export interface FieldCandidate {
  value: string;
  score: number;
  source: EvidenceSource;
  /** Line of the source text (0-based) the value was read from; -1 when it comes from the structure. */
  line: number;
}

export type WeighedField = 'title' | 'docNumber' | 'issuer' | 'issuedOn' | 'theme' | 'recipients';

export type CandidateSet = Record<WeighedField, FieldCandidate[]>;

const DOC_TYPE = /(?:通知|方案|意见|函|决定|公告|通报|办法|批复|请示|报告|纲要|规划|要点|细则|通告|规则)$/;
const LABELS =
  '索引号|主题分类|发文机关|发文机构|发布机构|发布机关|发文单位|成文日期|发文日期|生成日期|印发日期|发布日期|公开日期|发文字号|文件编号|文号|标题|名称|信息名称|主题词|有效性|效力状态|生效日期|废止日期|内容概述|责任部门|所属主题|信息类别|公开范围|公开方式|来源|答复单位|答复时间';
// Pages glue one label's value to the next label ("11号发布机构：市教育局"): no separator is required.
const LABEL_AT = new RegExp(`()(${LABELS})\\s*[：:|｜]`, 'g');
const CHROME_WORDS =
  /网站|网址|欢迎|首页|登录|注册|搜索|版权|导航|分享|打印|字体|浏览|访问量|点击|无障碍|长者版|扫一扫|客户端|APP|下载|直播|纠错|责任编辑|关闭窗口|朗读|播报|返回|顶部/;
const BREADCRUMB =
  /^.*?(?:当前(?:所在)?(?:的)?位置|现在的位置|您的位置)[^>＞»]*(?:[>＞»/]+[^>＞»/]*)*[>＞»/]+\s*(?:正文)?/;
const BREADCRUMB_LINE = /(?:当前(?:所在)?(?:的)?位置|现在的位置|您的位置)|[>＞»]\s*[\u3400-\u9fff]{2,8}\s*[>＞»]/;
const PUBLICATION_LABEL = /^(?:发布(?:时间|日期)|来源[：:]|信息来源|时间[：:]|日期[：:])/;
function isPublicationLine(line: string): boolean {
  return PUBLICATION_LABEL.test(line) || looseDate(line) !== null;
}
const HAN = /[\u3400-\u9fff]/g;

function unbalanced(s: string): boolean {
  const count = (re: RegExp): number => s.match(re)?.length ?? 0;
  return count(/《/g) !== count(/》/g) || count(/“/g) !== count(/”/g) || count(/[（(]/g) !== count(/[)）]/g);
}

function hanCount(s: string): number {
  return s.match(HAN)?.length ?? 0;
}

/** Metadata values by label, from one line ("文件编号：X 发布机构：Y") or a label alone with its value below. */
interface MetadataValue {
  label: string;
  value: string;
  line: number;
}
const metadataCache = new WeakMap<string[], MetadataValue[]>();

export function metadataValues(lines: string[], limit = 60): MetadataValue[] {
  const cached = metadataCache.get(lines);
  if (cached) return cached;
  const out: MetadataValue[] = [];
  const end = Math.min(lines.length, limit);
  for (let i = 0; i < end; i++) {
    const line = (lines[i] ?? '').trim();
    LABEL_AT.lastIndex = 0;
    const hits: { label: string; start: number; end: number }[] = [];
    for (let m = LABEL_AT.exec(line); m; m = LABEL_AT.exec(line)) {
      const label = m[2] ?? '';
      const start = m.index + m[0].indexOf(label);
      hits.push({ label, start, end: m.index + m[0].length });
    }
    hits.forEach((h, k) => {
      const next = hits[k + 1];
      let value = line
        .slice(h.end, next ? next.start : line.length)
        .replace(/^[\s|｜：:]+|[\s|｜•·]+$/g, '')
        .trim();
      if (value === '') {
        // The value sits on the next non-empty line that is not itself a label.
        for (let j = i + 1; j < Math.min(end, i + 3); j++) {
          const below = (lines[j] ?? '').trim();
          if (below === '') continue;
          LABEL_AT.lastIndex = 0;
          if (!LABEL_AT.test(below) && !/^[•·]/.test(below)) value = below;
          break;
        }
      }
      if (value !== '') out.push({ label: h.label.replace(/\s+/g, ''), value, line: i });
    });
  }
  metadataCache.set(lines, out);
  return out;
}

/** Chrome around a headline: breadcrumbs, labels, site tags, a trailing site name, date or number. */
export function cleanTitle(raw: string): string {
  let t = raw.trim().replace(BREADCRUMB, '');
  t = t.replace(/^.*[|｜]\s*(?=\S)/, '');
  t = t.replace(/^(?:信息名称|名\s*称|标\s*题|文件名称)[：:]\s*/, '');
  for (let k = 0; k < 3; k++) t = t.replace(/^(?:【[^】]{1,20}】|《[^》]{1,8}》|\[[^\]]{1,12}\])\s*/, '');
  t = t.replace(/^\d{4}年(?=关于)/, '');
  t = t.replace(/\s*[-_—|｜]\s*[\u3400-\u9fffA-Za-z]{2,12}(?:网|网站|门户)$/, '');
  t = t.replace(/\s*\d{4}[./-]\d{1,2}[./-]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/, '');
  const numbers = findDocNumbers(t);
  const last = numbers[numbers.length - 1];
  if (last && last.end === t.length && last.index > 6) t = t.slice(0, last.index);
  return t.replace(/[\s（(]+$/, '').trim();
}

function titleCandidates(lines: string[], meta: MetadataValue[], structureTitle: string | null): FieldCandidate[] {
  const out: FieldCandidate[] = [];
  const whole = structureTitle ? squeeze(cleanTitle(structureTitle)) : '';
  if (structureTitle) {
    const cleaned = cleanTitle(structureTitle);
    const score = DOC_TYPE.test(cleaned) ? 0.6 : 0.45;
    if (cleaned !== '') out.push({ value: cleaned, score, source: 'structure', line: -1 });
  }
  for (const m of meta) {
    if (/^(?:标题|名称|信息名称)$/.test(m.label) && hanCount(m.value) >= 4) {
      out.push({ value: cleanTitle(m.value), score: 0.85, source: 'metadata', line: m.line });
    }
  }
  const seen = new Map<string, number>();
  const end = Math.min(lines.length, 30);
  for (let i = 0; i < end; i++) {
    const raw = (lines[i] ?? '').trim();
    if (raw === '' || LABEL_AT.test(raw)) {
      LABEL_AT.lastIndex = 0;
      continue;
    }
    LABEL_AT.lastIndex = 0;
    if (BREADCRUMB_LINE.test(raw)) continue;
    const t = cleanTitle(raw);
    const n = hanCount(t);
    if (n < 5 || t.length > 70 || /[。；]/.test(t) || /[：:]$/.test(t) || CHROME_WORDS.test(t)) continue;
    if (
      standaloneDate(t) ||
      isDocNumberLine(t) ||
      /^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十]+[)）]/.test(t)
    )
      continue;
    if (n / t.replace(/\s/g, '').length < 0.5) continue;
    // Not a list item, a label line, a line of issuers' names, or a piece of a title broken over lines.
    if (/^\d{1,2}[.．、](?:\D|\d{4})|^附件|[：:]/.test(t)) continue;
    if (t.split(/\s{2,}|\u3000+/).every((p) => isOrgName(squeeze(p)))) continue;
    if (unbalanced(t) || /^[\u3400-\u9fff]{0,3}的/.test(t)) continue;
    // A piece of a wrapped paragraph is no headline: commas, a broken start, or a block of equal lines.
    if (/[，；]|以下简称/.test(t) || /^[，、。：；）》”]/.test(t)) continue;
    const width = raw.length;
    const beside = [lines[i - 1], lines[i + 1]].map((l) => (l ?? '').trim());
    if (width >= 20 && beside.some((l) => l.length >= 20 && Math.abs(l.length - width) <= 2)) continue;
    // The structural title with chrome glued in front of it ("…APP下载国家卫生健康委办公厅关于…的通知").
    const cleanerThanStructure = whole.length > squeeze(t).length && whole.endsWith(squeeze(t)) && t.includes('关于');
    if (!cleanerThanStructure && whole !== '' && squeeze(t) !== whole && whole.includes(squeeze(t))) continue;
    let score = cleanerThanStructure ? 0.5 : whole !== '' && DOC_TYPE.test(whole) && squeeze(t) !== whole ? 0.1 : 0.3;
    const below = lines
      .slice(i + 1, i + 5)
      .map((l) => l.trim())
      .filter((l) => l !== '');
    if (below.slice(0, 2).some(isPublicationLine)) score += 0.3;
    if (DOC_TYPE.test(t)) score += 0.25;
    if (t.includes('关于')) score += 0.1;
    if (/[！!]$/.test(t) || /(?:开展|举办|启动|部署|召开|开启|组织)/.test(t)) score += 0.05;
    if (raw !== t) score += 0.05; // a breadcrumb or tag was peeled off: this is where a headline sits
    const key = squeeze(t);
    seen.set(key, (seen.get(key) ?? 0) + 1);
    if ((seen.get(key) ?? 0) > 1) score += 0.15; // page title and headline agree
    if (score >= 0.35) out.push({ value: t, score: Math.min(score, 0.85), source: 'title', line: i });
  }
  return out;
}

const TRAILING_NUMBER = /[（(]\s*([^（）()]{2,20}?[〔[【（(]\s*\d{4}\s*[〕\]】）)]\s*第?\d{1,4}\s*[号號])\s*[)）]\s*$/;

function docNumberCandidates(
  lines: string[],
  paragraphs: string[],
  meta: MetadataValue[],
  structureNumber: string | null,
): FieldCandidate[] {
  const out: FieldCandidate[] = [];
  // A number in brackets closing an early paragraph: a title or its rendering rejoined from wrapped lines.
  paragraphs.slice(0, 10).forEach((p) => {
    const m = TRAILING_NUMBER.exec(p.trim());
    const n = m ? parseDocNumber(m[1] ?? '') : null;
    if (n && !/。/.test(p)) out.push({ value: n, score: 0.6, source: 'bracket', line: -1 });
  });
  if (structureNumber) out.push({ value: structureNumber, score: 0.6, source: 'structure', line: -1 });
  for (const m of meta) {
    if (/^(?:发文字号|文件编号|文号)$/.test(m.label)) {
      const n = parseDocNumber(m.value);
      if (n) out.push({ value: n, score: 0.9, source: 'metadata', line: m.line });
    }
  }
  const end = Math.min(lines.length, 40);
  for (let i = 0; i < end; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    // A bracket the page width broke: "…（国市监质发" / "〔2023〕73 号）".
    if (unbalanced(line)) {
      const joined = line + (lines[i + 1] ?? '').trim();
      const m = TRAILING_NUMBER.exec(joined);
      const n = m ? parseDocNumber(m[1] ?? '') : null;
      if (n && !/。/.test(joined)) out.push({ value: n, score: 0.6, source: 'bracket', line: i });
    }
    if (isDocNumberLine(line)) {
      out.push({ value: parseDocNumber(line) ?? '', score: 0.75, source: 'masthead', line: i });
      continue;
    }
    // (国市监质发〔2022〕76号) alone on a line, also after an English rendering of it.
    const bracketed = /^(?:[（(][^（）()]*[)）]\s*)*[（(]\s*([^（）()]*?(?:号|號))\s*[)）]$/.exec(line);
    if (bracketed) {
      const n = parseDocNumber(bracketed[1] ?? '');
      if (n) out.push({ value: n, score: 0.7, source: 'bracket', line: i });
      continue;
    }
    // A title line with its number after it: "…的通知 江府办函〔2018〕83号".
    const found = findDocNumbers(line);
    // A number the page glued onto the first recipient: "藏质协字〔2024〕14号各会员单位：".
    const first = found[0];
    if (first && first.index === 0 && /[：:]$/.test(line) && line.length - first.end <= 300) {
      out.push({ value: first.value, score: 0.7, source: 'masthead', line: i });
      continue;
    }
    const last = found[found.length - 1];
    if (last && found.length === 1 && last.index > 6 && DOC_TYPE.test(line.slice(0, last.index).trim())) {
      out.push({ value: last.value, score: 0.7, source: 'title', line: i });
    }
  }
  return out.filter((c) => c.value !== '');
}

const ISSUER_LABEL = /^(?:发文机关|发文机构|发布机构|发布机关|发文单位|答复单位)$/;
const NEWS_VERB = /(?:开展|举办|组织|召开|启动|全面部署|部署|开启|多举措)/;
const PLACE_BODY = /^[\u3400-\u9fff]{2,12}(?:乡|镇|街道)$/;

function orgLike(s: string): boolean {
  const t = squeeze(s);
  return t.length >= 3 && t.length <= 40 && !CHROME_WORDS.test(t) && !/网|报|新闻|南方/.test(t) && isOrgName(t);
}

function issuerCandidates(
  lines: string[],
  meta: MetadataValue[],
  title: string | null,
  structureIssuer: string | null,
  signature: FieldCandidate[],
): FieldCandidate[] {
  const out: FieldCandidate[] = [...signature];
  if (structureIssuer) {
    const ok = orgLike(structureIssuer);
    out.push({ value: squeeze(structureIssuer), score: ok ? 0.5 : 0.1, source: 'structure', line: -1 });
  }
  if (title) {
    const at = title.indexOf('关于');
    const prefix = at >= 2 ? title.slice(0, at).replace(/等\d*个?(?:部门|单位)?$/, '') : '';
    if (prefix !== '' && /^[\u3400-\u9fff（）]{2,60}$/.test(prefix)) {
      out.push({ value: prefix, score: isOrgName(prefix) ? 0.7 : 0.45, source: 'title', line: -1 });
    } else if (at < 0) {
      // 石城县市场监管局开展… / 镇巴县人民政府工作规则: the body named before the verb or the kind of rules.
      const verb = NEWS_VERB.exec(title) ?? /(?:工作)?(?:规则|规定|办法|细则|制度|章程)$/.exec(title);
      const head = verb ? title.slice(0, verb.index) : '';
      if (orgLike(head)) out.push({ value: head, score: 0.5, source: 'title', line: -1 });
    }
  }
  for (const m of meta) {
    if (ISSUER_LABEL.test(m.label)) {
      const v = squeeze(m.value);
      if (orgLike(v) || PLACE_BODY.test(v) || /^市[\u3400-\u9fff]{1,10}(?:局|办|委)$/.test(v))
        out.push({ value: v, score: 0.55, source: 'metadata', line: m.line });
    }
  }
  lines.forEach((raw, i) => {
    const line = raw.trim();
    // 来源：甘肃省质量技术监督局 / 信息来源：… (a source that is a body, not a site or paper).
    const src = line.includes('来源') ? /(?:信息)?来源[：:]\s*([\u3400-\u9fff（）]{2,30})/.exec(line) : null;
    if (src) {
      const v = src[1] ?? '';
      if (orgLike(v) || PLACE_BODY.test(v) || /^[\u3400-\u9fff]{2,8}乡$/.test(v))
        out.push({ value: v, score: 0.6, source: 'sourceLine', line: i });
    }
    // A masthead set with spaces: 开 化 县 桐 村 镇 人 民 政 府 文 件.
    const head = i < 15 ? squeeze(line) : '';
    if (i < 15 && /文件$/.test(head) && head.length <= 34 && isOrgName(head.replace(/文件$/, ''))) {
      // "西藏自治区" / "质量协会文件": a place alone on the line above belongs to the name.
      const above = squeeze(lines[i - 1] ?? '');
      const place = /^[\u3400-\u9fff]{2,12}$/.test(above) && !isOrgName(above) ? above : '';
      out.push({ value: place + head.replace(/文件$/, ''), score: 0.8, source: 'masthead', line: i });
    }
    // A masthead line holding only a body's name, just above the title or number.
    if (i < 12 && head.length <= 25 && orgLike(head)) {
      const next = lines
        .slice(i + 1, i + 6)
        .map((l) => squeeze(l))
        .filter((l) => l !== '')
        .slice(0, 3);
      if (next.some((l) => isDocNumberLine(l) || l.includes('关于') || DOC_TYPE.test(l)))
        out.push({ value: head, score: 0.65, source: 'masthead', line: i });
    }
    // Body: "市场监管总局等25个部门定于…" names the lead issuer; "（云霄县安监局 罗元贞）" signs a report.
    // A repost names the issuer of what it reprints: "国家标准化管理委员会发布关于…的通知，全文如下".
    const reprint =
      line.includes('全文如下') &&
      /([\u3400-\u9fff]{3,30})(?:发布|印发|下发)(?:了)?《?关于[^，。]{4,80}(?:通知|方案|意见)》?[，：]?全文如下/.exec(
        line,
      );
    if (reprint && orgLike(reprint[1] ?? '')) {
      out.push({ value: reprint[1] ?? '', score: 0.7, source: 'body', line: i });
    }
    const joint =
      line.includes('个部门') && /([\u3400-\u9fff]{3,20})等\d{1,2}个部门(?:定于|联合|决定|共同|关于)/.exec(line);
    if (joint && orgLike(joint[1] ?? '')) {
      out.push({ value: joint[1] ?? '', score: 0.45, source: 'body', line: i });
    }
    const signed =
      /[)）]\s*[|｜]?$/.test(line) &&
      /[（(]([\u3400-\u9fff]{3,20})(?:\s+[\u3400-\u9fff]{2,4})?[)）]\s*[|｜]?$/.exec(line);
    if (signed && orgLike(signed[1] ?? '') && line.length > 30) {
      out.push({ value: signed[1] ?? '', score: 0.45, source: 'body', line: i });
    }
  });
  return out;
}

/**
 * Joint issuers of one place whose wide space was lost ("中共银川市委员会银川市人民政府"): the first of them.
 * The second name must start with a place the first one names, so "…委员会办公室" stays whole.
 */
function firstOfGlued(name: string): string {
  for (let k = 5; k <= name.length - 5; k++) {
    const a = name.slice(0, k);
    const b = name.slice(k);
    if (isOrgName(a) && isOrgName(b) && a.includes(b.slice(0, 2))) return a;
  }
  return name;
}

/** 2019222 printed for 2019年2月22日: the one valid reading of the digits, if only one. */
function gluedDate(s: string): string | null {
  const m = /^((?:19|20)\d{2})(\d{2,4})$/.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const rest = m[2] ?? '';
  const readings = new Set<string>();
  for (let cut = 1; cut < rest.length; cut++) {
    const iso = isoDate(year, Number(rest.slice(0, cut)), Number(rest.slice(cut)));
    if (iso && rest.slice(cut)[0] !== '0' && rest[0] !== '0') readings.add(iso);
  }
  return readings.size === 1 ? ([...readings][0] ?? null) : null;
}

/** Dates written on web pages: 2024-10-18, 2024年10月18日, 25.05.2017, 2024 08/30. */
export function looseDate(text: string): string | null {
  const t = text.trim();
  const full = findFullDates(t)[0] ?? findFullDates(t.replace(/\s+/g, ''))[0];
  if (full && full.index === 0) return full.iso;
  const dmy = /^(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})/.exec(t);
  if (dmy) return isoDate(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]));
  const ymd = /^((?:19|20)\d{2})\s+(\d{1,2})\/(\d{1,2})/.exec(t);
  if (ymd) return isoDate(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
  return null;
}

function signatureEvidence(lines: string[]): { issuer: FieldCandidate[]; date: FieldCandidate[] } {
  const issuer: FieldCandidate[] = [];
  const date: FieldCandidate[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    // Every date line holds 年 or a run of digits; the rest cannot sign anything.
    if (line === '' || line.length > 80 || !/年|\d{4}/.test(line)) continue;
    let iso = standaloneDate(line) ?? gluedDate(squeeze(line));
    let inline: string | null = null;
    if (!iso) {
      // "某某办公室 2017年10月4日" on one line (the space is often lost).
      const compact = squeeze(line);
      const dates = findFullDates(compact);
      const d = dates[dates.length - 1];
      const name = d && d.end === compact.length ? compact.slice(0, d.index) : '';
      if (d && name.length >= 3 && name.length <= 60 && isOrgName(name)) {
        iso = d.iso;
        inline = name;
      }
    }
    if (!iso) continue;
    if (inline) {
      issuer.push({ value: inline, score: 0.8, source: 'signature', line: i });
      date.push({ value: iso, score: 0.8, source: 'signature', line: i });
      continue;
    }
    // The names just above the date (blank lines between are allowed), first one first.
    const names: { name: string; line: number }[] = [];
    for (let j = i - 1; j >= 0 && j >= i - 30; j--) {
      const above = (lines[j] ?? '').trim();
      if (above === '') continue;
      const parts = above.split(/\s{2,}|\t|\u3000+/).map(squeeze);
      if (!parts.every((p) => isOrgName(p) || /^[\u3400-\u9fff]{2,12}中央$/.test(p))) break;
      names.unshift(...parts.map((name) => ({ name, line: j })));
    }
    const first = names[0];
    if (first) {
      issuer.push({ value: firstOfGlued(first.name), score: 0.8, source: 'signature', line: first.line });
      date.push({ value: iso, score: 0.8, source: 'signature', line: i });
    } else if (i < 12) {
      date.push({ value: iso, score: 0.55, source: 'dateLine', line: i });
    }
  }
  return { issuer, date };
}

const ISSUED_LABEL = /^(?:成文日期|发文日期|生成日期|印发日期)$/;
const PUBLISHED_LABEL = /^(?:发布日期|发布时间|公开日期|答复时间)$/;

function issuedOnCandidates(
  lines: string[],
  meta: MetadataValue[],
  structureDate: string | null,
  signature: FieldCandidate[],
): FieldCandidate[] {
  const out: FieldCandidate[] = [...signature];
  if (structureDate) out.push({ value: structureDate, score: 0.55, source: 'structure', line: -1 });
  for (const m of meta) {
    const d = looseDate(m.value);
    if (!d) continue;
    if (ISSUED_LABEL.test(m.label)) out.push({ value: d, score: 0.9, source: 'metadata', line: m.line });
    else if (PUBLISHED_LABEL.test(m.label)) out.push({ value: d, score: 0.45, source: 'metadata', line: m.line });
  }
  const end = Math.min(lines.length, 25);
  for (let i = 0; i < end; i++) {
    const line = (lines[i] ?? '').trim();
    // 发布时间：2017-06-30 12:41:02 / 时间：2015-09-15 来源：… / a bare date or timestamp under the headline.
    const labelled = /(?:发布时间|发布日期|时间|日期)\s*[：:]\s*(.+)$/.exec(line);
    // A bare date only where a page prints its date: not a sentence that starts with one ("2024年10月8日前将…").
    const bare = /^\d/.test(line) && line.length <= 80 && !/。|[前起至]|之前|以前/.test(line);
    const d = labelled ? looseDate(labelled[1] ?? '') : bare ? looseDate(line) : null;
    if (d) out.push({ value: d, score: labelled ? 0.45 : 0.35, source: 'dateLine', line: i });
  }
  return out;
}

const QUOTED = '“([^”]{3,40})”';
const THEME_PATTERNS: { re: RegExp; score: number }[] = [
  { re: new RegExp(`年度活动主题(?:为|是)?[：:]?${QUOTED}`), score: 0.8 },
  { re: new RegExp(`中国(?:宣传|特别)?主题(?:确定|定)?(?:为|是)[：:]?${QUOTED}`), score: 0.8 },
  { re: new RegExp(`(?<!国际)(?<!全球)主题(?:确定|定)?(?:为|是)[：:]?${QUOTED}`), score: 0.72 },
  { re: new RegExp(`以${QUOTED}(?:、“[^”]{2,30}”)*为(?:活动|宣传)?主题`), score: 0.68 },
  { re: new RegExp(`围绕${QUOTED}(?:这一|的)?(?:活动)?主题`), score: 0.68 },
  { re: new RegExp(`${QUOTED}(?:这一|的)(?:活动|宣传)?主题`), score: 0.55 },
  { re: new RegExp(`(?:国际|全球)主题(?:确定|定)?(?:为|是)[：:]?${QUOTED}`), score: 0.35 },
  { re: /(?:活动|宣传)主题[：:]\s*([^“”。；]{4,40})[。；]?$/, score: 0.75 },
  { re: new RegExp(`(?<!国际|全球)主题${QUOTED}`), score: 0.6 },
  { re: /主题为([^“”：:。；]{4,30}[：:][^“”。；]{4,30})$/, score: 0.55 },
];

function themeCandidates(lines: string[], structureTheme: string | null): FieldCandidate[] {
  const out: FieldCandidate[] = [];
  if (structureTheme) {
    const quoted = /主题(?:确定|定)?(?:为|是)[：:]?“([^”]{3,40})”/.exec(structureTheme);
    if (quoted) out.push({ value: quoted[1] ?? '', score: 0.6, source: 'structure', line: -1 });
    else {
      const short = structureTheme.length <= 32 && !/[。]/.test(structureTheme);
      out.push({ value: structureTheme, score: short ? 0.75 : 0.2, source: 'structure', line: -1 });
    }
  }
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line.includes('主题')) return;
    for (const { re, score } of THEME_PATTERNS) {
      const m = re.exec(line);
      if (m && m[1]) {
        out.push({ value: tidyText(m[1]), score: score - Math.min(i, 200) * 0.0005, source: 'body', line: i });
        break;
      }
    }
    // 一、活动主题 / 关爱生命、安全发展 (the heading, then the theme alone on the next line).
    if (/^(?:[一二三四五六七八九十]+[、.．]\s*)?(?:活动|宣传)?主题$/.test(squeeze(line))) {
      const next = lines
        .slice(i + 1, i + 3)
        .map((l) => l.trim())
        .find((l) => l !== '');
      if (next && next.length <= 32 && !/[。]/.test(next.replace(/。$/, '')) && !/主题/.test(next)) {
        out.push({ value: tidyText(next.replace(/[。；]$/, '')), score: 0.75, source: 'body', line: i + 1 });
      }
    }
  });
  return out.filter((c) => c.value.length >= 3);
}

/** Top-level parts of a recipient list: commas part groups; 、 parts bodies only when both sides are whole names. */
export function splitRecipients(text: string): string[] {
  const groups: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '（' || ch === '(' || ch === '《') depth++;
    else if ((ch === '）' || ch === ')' || ch === '》') && depth > 0) depth--;
    if (depth === 0 && (ch === '，' || ch === ',' || ch === '；')) {
      groups.push(current);
      current = '';
    } else current += ch;
  }
  groups.push(current);
  const out: string[] = [];
  for (const g of groups) {
    const parts: string[] = [];
    let cur = '';
    let d = 0;
    for (const ch of g) {
      if (ch === '（' || ch === '(') d++;
      else if ((ch === '）' || ch === ')') && d > 0) d--;
      const left = squeeze(cur);
      // "教育厅（委、局）" ends a name; "各县（市）" does not (the aside qualifies a bare place).
      const bare = left.replace(/（[^（）]*）$/, '');
      if (d === 0 && ch === '、' && (isOrgName(bare) || RECIPIENT_END.test(bare))) {
        parts.push(cur);
        cur = '';
      } else cur += ch;
    }
    parts.push(cur);
    for (const p of parts) {
      // "各会员单位及相关组织" names two groups; "直属及有关学校" one (直属 is no body on its own).
      const t = squeeze(p).replace(/^(?:和|及|与|以及)/, '');
      const join = /(?:以及|及|和|与)(?=各|相关|有关|其他|其它|所属)/.exec(t);
      const left = join ? t.slice(0, join.index) : '';
      if (join && (isOrgName(left) || RECIPIENT_END.test(left))) {
        out.push(left, t.slice(join.index + join[0].length));
      } else if (t !== '') out.push(t);
    }
  }
  return out;
}

const RECIPIENT_END =
  /(?:局|办|办公室|委员会|委|协会|会|厅|部|部门|政府|院|室|中心|小组|署|社|联|处|科|所|站|队|团|单位|企业|学校|海关|机构|组织|村|乡|镇|街道|社区|管委会|部委|团体|（[^（）]{1,12}）|贸促会|科协|分署)$/;

/** Mirror sites pad text with runs of symbols (各省@@、自治区@@): they are not part of any name. */
function unpad(s: string): string {
  return s.replace(/[@#*^~]{1,4}/g, '');
}

function looksLikeRecipients(parts: string[]): boolean {
  if (parts.length === 0) return false;
  const good = parts.filter((p) => p.length <= 60 && RECIPIENT_END.test(p) && !/[。]/.test(p));
  return good.length >= Math.ceil(parts.length * 0.6);
}

function recipientCandidates(lines: string[], structure: string[]): FieldCandidate[] {
  const out: FieldCandidate[] = [];
  if (structure.length > 0 && looksLikeRecipients(structure.map(unpad)))
    out.push({ value: structure.join('\u0001'), score: 0.55, source: 'structure', line: -1 });
  const end = Math.min(lines.length, 45);
  for (let i = 0; i < end; i++) {
    const line = (lines[i] ?? '').trim();
    const colon = line.search(/[：:]/);
    if (colon < 2 || colon > 700) continue;
    let head = unpad(line.slice(0, colon)).replace(/^主送(?:机关|单位)?/, '');
    if (/^(?:主送(?:机关|单位)?)$/.test(line.slice(0, colon))) continue;
    // A title and number the page glued in front: "…的通知 江府办函〔2018〕83号各市（区）人民政府，…".
    const numbers = findDocNumbers(head);
    const lastNumber = numbers[numbers.length - 1];
    if (lastNumber) head = head.slice(lastNumber.end);
    if (/[。“”《》|｜]|如下|通知|^(?:附件|联系|电话|邮箱|地址|主题|口号|来源|时间)/.test(head)) continue;
    if (new RegExp(`^(?:${LABELS})$`).test(squeeze(head))) continue;
    const parts = splitRecipients(head);
    if (!looksLikeRecipients(parts)) continue;
    const rest = line.slice(colon + 1).trim();
    // One name followed by text is a label ("国标委：开展…"), not a recipient line.
    if (parts.length === 1 && rest !== '' && !/^各/.test(parts[0] ?? '')) continue;
    const score = rest === '' ? 0.7 : 0.6;
    out.push({ value: parts.join('\u0001'), score, source: 'masthead', line: -1 });
    break;
  }
  return out;
}

export interface StructureFields {
  title: string | null;
  docNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  theme: string | null;
  recipients: string[];
}

/**
 * Every candidate for the weighed fields. Lines as printed (`source`) hold the metadata, masthead, headline,
 * source, date and signature lines; sentences are read from the paragraphs (`paragraphs`, rejoined where a
 * PDF or a mail client wrapped them), where a theme or a recipient list may span several printed lines.
 */
export function collectCandidates(printed: string[], joined: string[], structure: StructureFields): CandidateSet {
  const source = printed.map(unpad);
  const paragraphs = joined.map(unpad);
  // The printed lines' metadata, and the rejoined paragraphs' where a PDF's page width broke a label from
  // its value ("发文日期：2023-09-" / "22").
  const meta = [...metadataValues(source), ...metadataValues(paragraphs, 30).map((m) => ({ ...m, line: -1 }))];
  const signature = signatureEvidence(source);
  const title = titleCandidates(source, meta, structure.title);
  const bestTitle = [...title].sort((a, b) => b.score - a.score)[0]?.value ?? structure.title;
  return {
    title,
    docNumber: docNumberCandidates(source, paragraphs, meta, structure.docNumber),
    issuer: issuerCandidates(source, meta, bestTitle ?? null, structure.issuer, signature.issuer),
    issuedOn: issuedOnCandidates(source, meta, structure.issuedOn, signature.date),
    theme: themeCandidates(paragraphs, structure.theme),
    recipients: recipientCandidates(paragraphs, structure.recipients),
  };
}
