// 文号: issuer code, year in brackets, serial, 号. Brackets arrive as 〔〕 [] （） () 【】 ［］,
// sometimes mismatched (〔2024)); the canonical form uses 〔〕: 藏质协字〔2024〕14号.

const OPEN = '〔\\[【（(［﹝';
const CLOSE = '〕\\]】）)］﹞';
/** code + [year] + serial + 号; the code is the run of Chinese just before the bracket. */
// Some offices write the serial as 第15号; GB/T 9704 prints it without 第, so the canonical form drops it.
const DOC_NUMBER = new RegExp(
  `([\\u3400-\\u9fff]{1,16})[ ]?[${OPEN}][ ]?((?:19|20)\\d{2})[ ]?[${CLOSE}][ ]?第?[ ]?(\\d{1,4})[ ]?(?:号|號)`,
  'g',
);

// Words that end a sentence fragment before the code starts: 根据湘市监办发〔2024〕22号.
const LEAD_IN = /^.*(?:根据|按照|依据|参照|落实|贯彻|印发|转发|详见|以及|和|与|的)/;

export interface DocNumberMatch {
  value: string;
  index: number;
  end: number;
}

function cleanCode(code: string): string {
  let c = code.replace(LEAD_IN, '');
  if (c.length === 0) c = code.slice(-4);
  if (c.length > 10) c = c.slice(-10);
  return c;
}

export function normaliseDocNumber(code: string, year: string, serial: string): string {
  return `${cleanCode(code)}〔${year}〕${String(Number(serial))}号`;
}

export function findDocNumbers(line: string): DocNumberMatch[] {
  const out: DocNumberMatch[] = [];
  if (!line.includes('号') && !line.includes('號')) return out;
  DOC_NUMBER.lastIndex = 0;
  for (let m = DOC_NUMBER.exec(line); m; m = DOC_NUMBER.exec(line)) {
    const [whole, code = '', year = '', serial = ''] = m;
    const cleaned = cleanCode(code);
    out.push({
      value: normaliseDocNumber(code, year, serial),
      index: m.index + (code.length - cleaned.length),
      end: m.index + whole.length,
    });
  }
  return out;
}

/** Parses one free-standing number ("藏质协字（2024）14 号"); null if the string is not one. */
export function parseDocNumber(text: string): string | null {
  const s = text.replace(/\s+/g, ' ').trim();
  const found = findDocNumbers(s);
  const first = found[0];
  return first ? first.value : null;
}

/** A line that holds only a number (the document's own, printed under the letterhead). */
export function isDocNumberLine(line: string): boolean {
  const s = line.replace(/\s+/g, '');
  const found = findDocNumbers(s);
  const first = found[0];
  if (!first || found.length !== 1) return false;
  const rest = (s.slice(0, first.index) + s.slice(first.end)).replace(/签发人[：:]?[\u3400-\u9fff]{0,4}/, '');
  return rest === '';
}

/** Metadata blocks name the document's own number: 发文字号：…, | 文号: | … |. */
const META_LABEL = /(?:发文字号|发文文号|文件编号|文号)\s*[：:|｜]+\s*\|?\s*/;
export function metadataDocNumber(line: string): string | null {
  const m = META_LABEL.exec(line);
  if (!m) return null;
  return parseDocNumber(line.slice(m.index + m[0].length));
}
