// The letterhead, number, title and recipients at the top, and the signature block at the end.
import type { DocumentLines } from './document-lines.ts';
import { splitUnits } from './document-lines.ts';
import { isDocNumberLine, metadataDocNumber, parseDocNumber } from './doc-number.ts';
import { findFullDates, standaloneDate } from './dates.ts';
import { squeeze, tidyText } from './text-cleaner.ts';

const DOC_TYPE = '(?:通知|方案|意见|函|决定|公告|通报|办法|批复|请示|报告|纲要|规划|要点|细则|通告)';
const TITLE_WITH_ABOUT = new RegExp(`关于.{2,}${DOC_TYPE}$`);
const TITLE_PLAIN = new RegExp(`^[^，。；：]{6,}${DOC_TYPE}$`);
const ORG_SUFFIX =
  '(?:局|办|办公室|委员会|委|协会|会|厅|部|政府|院|室|中心|小组|署|社|联|处|科|集团|公司|行|所|站|队|团)';
const ORG_NAME = new RegExp(`^[\\u3400-\\u9fff（）]{2,40}${ORG_SUFFIX}$`);
const SECTION_START = /^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|0\d$)/;
const META =
  /^(?:索引号|主题分类|发文机关|发布机构|成文日期|发文日期|发布日期|发文字号|文号|标题|主题词|有效性|生效日期)/;

export interface HeadResult {
  title: string | null;
  titleIndex: number;
  docNumber: string | null;
  issuer: string | null;
  recipients: string[];
  issuedOn: string | null;
  /** Joint issuers after the first, when the letterhead names several. */
  coIssuers: string[];
}

export function isOrgName(s: string): boolean {
  return ORG_NAME.test(squeeze(s));
}

/** The names on a line of bodies separated by spaces, or [] when any part is not a body's name. */
function jointNames(line: string): string[] {
  const parts = line.trim().split(/[\s\u3000]+/);
  return parts.every(isOrgName) ? parts : [];
}

export function findTitle(doc: DocumentLines, limit = 30): { title: string; index: number } | null {
  const end = Math.min(doc.length, limit);
  for (let i = 0; i < end; i++) {
    const line = squeeze(doc.line(i));
    if (SECTION_START.test(line) || /^附件/.test(line) || /。/.test(line)) {
      if (/。/.test(line) && line.length > 60) break;
      continue;
    }
    if (TITLE_WITH_ABOUT.test(line) || (TITLE_PLAIN.test(line) && !/：/.test(line))) return { title: line, index: i };
    // A title broken before its last words: "…关于开展…活动" / "的通知", or "…关于开展" / "2023年…的通知".
    const next = squeeze(doc.line(i + 1));
    if (
      line.includes('关于') &&
      next.length <= 30 &&
      new RegExp(`${DOC_TYPE}$`).test(next) &&
      !/[。：]/.test(line + next) &&
      !next.includes('关于')
    ) {
      return { title: line + next, index: i };
    }
  }
  return null;
}

/** The issuing body named before 关于 in the title: 西藏自治区质量协会关于… */
export function issuerFromTitle(title: string): string | null {
  const at = title.indexOf('关于');
  if (at < 2) return null;
  const prefix = title.slice(0, at).replace(/等\d*个?(?:部门|单位)?$/, '');
  return /^[\u3400-\u9fff（）]{2,60}$/.test(prefix) ? prefix : null;
}

export function parseHead(doc: DocumentLines): HeadResult {
  const result: HeadResult = {
    title: null,
    titleIndex: -1,
    docNumber: null,
    issuer: null,
    recipients: [],
    issuedOn: null,
    coIssuers: [],
  };
  const found = findTitle(doc);
  const titleIndex = found ? found.index : -1;
  if (found) {
    result.title = found.title;
    result.titleIndex = titleIndex;
    doc.claim(titleIndex, 'head');
    if (!doc.line(titleIndex).endsWith(found.title.slice(-2))) doc.claim(titleIndex + 1, 'head');
    result.issuer = issuerFromTitle(found.title);
  }
  // Letterhead and number above the title (or at the very top when there is none).
  const headEnd = titleIndex >= 0 ? titleIndex : Math.min(doc.length, 8);
  const letterhead: string[] = [];
  const joint: string[] = [];
  for (let i = 0; i < headEnd; i++) {
    const line = squeeze(doc.line(i));
    if (!doc.isBody(i)) continue;
    if (isDocNumberLine(line)) {
      result.docNumber ??= parseDocNumber(line);
      doc.claim(i, 'head');
    } else if (/文件$/.test(line) && line.length <= 40) {
      letterhead.push(line.replace(/文件$/, ''));
      doc.claim(i, 'head');
    } else if (titleIndex >= 0 && line.length <= 80 && jointNames(doc.line(i)).length > 1) {
      // Joint issuers side by side on one line: 湘潭市市场监督管理局  湘潭市教育局.
      joint.push(...jointNames(doc.line(i)));
      doc.claim(i, 'head');
    } else if (titleIndex >= 0 && line.length <= 20 && /^[\u3400-\u9fff（）]+$/.test(line)) {
      letterhead.push(line);
      doc.claim(i, 'head');
    }
  }
  if (result.issuer === null && joint.length > 0) {
    result.issuer = joint[0] ?? null;
    result.coIssuers = joint.slice(1);
  } else if (result.issuer === null && letterhead.length > 0) {
    // "西藏自治区" / "质量协会文件" are one name broken over lines; a repeated name counts once.
    const names = [...new Set(letterhead)];
    const joined = names.join('');
    result.issuer = names.length > 1 && isOrgName(joined) ? joined : (names.find(isOrgName) ?? names[0] ?? null);
  }
  // A number printed just below the title.
  for (let i = titleIndex + 1; titleIndex >= 0 && i < Math.min(doc.length, titleIndex + 3); i++) {
    if (doc.isBody(i) && isDocNumberLine(doc.line(i))) {
      result.docNumber ??= parseDocNumber(doc.line(i));
      doc.claim(i, 'head');
    }
  }
  // Metadata blocks of web pages: 发文字号：…, 成文日期：….
  for (let i = 0; i < Math.min(doc.length, 40); i++) {
    const line = doc.line(i);
    const number = metadataDocNumber(line);
    if (number) {
      result.docNumber = number;
      doc.claim(i, 'head');
    }
    if (/(?:成文|发文|印发)日期/.test(line)) {
      const date = findFullDates(line.replace(/\s+/g, ''))[0];
      if (date) result.issuedOn ??= date.iso;
      doc.claim(i, 'head');
    }
    if (META.test(squeeze(line).replace(/^[|｜]/, ''))) doc.claim(i, 'head');
  }
  result.recipients = findRecipients(doc, titleIndex);
  return result;
}

function findRecipients(doc: DocumentLines, titleIndex: number): string[] {
  const start = titleIndex >= 0 ? titleIndex + 1 : 0;
  let seen = 0;
  for (let i = start; i < doc.length && seen < 6; i++) {
    if (!doc.isBody(i)) continue;
    seen++;
    const line = squeeze(doc.line(i));
    const label = /^主送(?:机关|单位)?[：:](.+)$/.exec(line);
    const text = label ? (label[1] ?? '') : /：$/.test(line) ? line.slice(0, -1) : null;
    if (text === null) {
      if (/。/.test(line) && line.length > 40) break;
      continue;
    }
    if (text.length > 150 || /如下|。|^(?:附件|联系|电话|邮箱|地址|主题|口号)/.test(text)) break;
    doc.claim(i, 'head');
    return splitUnits(text.replace(/[。；]$/, '')).map(tidyText);
  }
  return [];
}

export interface SignatureResult {
  issuedOn: string | null;
  names: string[];
}

/**
 * The first free-standing date is the signing date; the lines just above it that hold only
 * names of bodies (several per line, separated by wide spaces) are the issuers.
 */
export function parseSignature(doc: DocumentLines): SignatureResult {
  for (let i = 0; i < doc.length; i++) {
    if (!doc.isBody(i)) continue;
    let date = standaloneDate(doc.line(i));
    let inlineNames: string[] = [];
    if (!date) {
      // "某某办公室  2024年8月26日" on one line.
      const m = /^(.{2,60}?)\s+(\S+)$/.exec(doc.line(i));
      const d = m ? standaloneDate(m[2] ?? '') : null;
      if (!m || !d || !isOrgName(m[1] ?? '')) continue;
      date = d;
      inlineNames = [squeeze(m[1] ?? '')];
    }
    doc.claim(i, 'signature');
    const blocks: string[][] = [];
    for (let j = i - 1; j >= 0 && inlineNames.length === 0; j--) {
      if (!doc.isBody(j)) break;
      const names = doc
        .line(j)
        .split(/\s{2,}|\t/)
        .map(squeeze)
        .filter((n) => n !== '');
      if (names.length === 0 || !names.every(isOrgName)) break;
      blocks.unshift(names);
      doc.claim(j, 'signature');
    }
    return { issuedOn: date, names: inlineNames.length > 0 ? inlineNames : blocks.flat() };
  }
  return { issuedOn: null, names: [] };
}
