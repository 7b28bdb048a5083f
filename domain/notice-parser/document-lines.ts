// The cleaned lines of one document and what each line has been claimed as.
// Extractors claim lines so that sections are built only from the body.

export type LineKind =
  | 'body'
  | 'head'
  | 'signature'
  | 'contact'
  | 'attachmentList'
  | 'attachmentLabel'
  | 'attachmentTitle'
  | 'slogan'
  | 'table'
  | 'tableTitle';

export class DocumentLines {
  readonly kinds: LineKind[];

  constructor(readonly lines: string[]) {
    this.kinds = lines.map(() => 'body');
  }

  get length(): number {
    return this.lines.length;
  }

  line(i: number): string {
    return this.lines[i] ?? '';
  }

  kind(i: number): LineKind {
    return this.kinds[i] ?? 'body';
  }

  claim(i: number, kind: LineKind): void {
    if (i >= 0 && i < this.kinds.length) this.kinds[i] = kind;
  }

  isBody(i: number): boolean {
    return this.kind(i) === 'body';
  }
}

/** Splits a paragraph into sentences ending in 。！？； (the mark stays with its sentence). */
export function sentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '《' || ch === '（' || ch === '“') depth++;
    else if ((ch === '》' || ch === '）' || ch === '”') && depth > 0) depth--;
    else if ((ch === '。' || ch === '！' || ch === '？' || ch === '；') && depth === 0) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out.filter((s) => s.trim() !== '');
}

/** Splits a list of units on 、，, and on 和/及/以及 where a new group begins (各…/相关…/有关…). */
/** 各辖市 / 各设区市 / 各市: a bare level of places that shares the unit name after the next 、. */
const BARE_PLACES = /^各[\u3400-\u9fff]{0,4}[市县区州盟旗]$/;
const NEW_GROUP = /^(?:各|相关|有关|其他|其它)/;

export function splitUnits(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '（' || ch === '《' || ch === '“') depth++;
    else if ((ch === '）' || ch === '》' || ch === '”') && depth > 0) depth--;
    if (depth === 0 && (ch === '、' || ch === '，' || ch === ',' || ch === '；' || ch === '/')) {
      // "各辖市、区市场监督管理局" is one group: the bureaux of the cities and of the districts.
      if (
        ch === '、' &&
        BARE_PLACES.test(current.replace(/\s+/g, '')) &&
        !NEW_GROUP.test(text.slice(i + 1).trimStart())
      ) {
        current += ch;
        continue;
      }
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  const out: string[] = [];
  for (const part of parts) {
    for (const piece of part.split(/(?:以及|及|和|与)(?=各|相关|有关|其他|其它|所属|直属)/)) {
      const t = piece
        .replace(/\s+/g, '')
        .replace(/^(?:和|及|与|以及|由)/, '')
        .replace(/等$/, '');
      if (t !== '') out.push(t);
    }
  }
  return out;
}

export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
