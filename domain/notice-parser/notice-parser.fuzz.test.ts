import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testConfig } from '../../server/test/test-config.ts';
import { parseNotice } from './notice-parser.ts';
import type { ParsedNotice } from './parsed-notice.ts';
import { REPORT_KINDS } from './parsed-notice.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const seedDir = path.resolve(here, '../..', 'server/demo/seed-texts');
const seeds = readdirSync(seedDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => readFileSync(path.join(seedDir, f), 'utf8'));

/** mulberry32: a small PRNG with a fixed seed, so every failure reproduces. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = [
  '〔',
  '〕',
  '（',
  '）',
  '(',
  ')',
  '[',
  ']',
  '《',
  '》',
  '“',
  '”',
  '\n',
  '\t',
  '，',
  ',',
  '：',
  ':',
  '。',
  '、',
  '号',
  '年',
  '月',
  '日',
  '前',
  '附件',
  '联系人：',
  '电话：',
  '一、',
  '（一）',
  '1.',
  '2024',
  '〔2024)',
  '(zhì)',
  '質量',
  '牵头',
  '负责',
  '配合',
  '实施',
  '转发',
  '印发',
  '《关于',
  '至',
  '-',
  ' ',
  '  ',
  '\u3000',
  'X',
  '版权所有',
  '...',
];
const SWAPS: [string, string][] = [
  ['，', ','],
  ['：', ':'],
  ['（', '('],
  ['）', ')'],
  ['〔', '['],
  ['〕', ']'],
  ['“', '"'],
  ['。', '.'],
  ['、', ','],
  ['\n', ' '],
];

function mutate(text: string, rnd: () => number): string {
  let s = text;
  const pick = (n: number): number => Math.floor(rnd() * n);
  const steps = 1 + pick(8);
  for (let k = 0; k < steps; k++) {
    const at = pick(s.length + 1);
    switch (pick(5)) {
      case 0: // deletion
        s = s.slice(0, at) + s.slice(at + 1 + pick(200));
        break;
      case 1: // insertion
        s = s.slice(0, at) + (INSERTS[pick(INSERTS.length)] ?? '') + s.slice(at);
        break;
      case 2: // line break
        s = `${s.slice(0, at)}\n${rnd() < 0.5 ? '\n' : ''}${s.slice(at)}`;
        break;
      case 3: {
        // punctuation swap, both ways
        const [a, b] = SWAPS[pick(SWAPS.length)] ?? ['，', ','];
        s = rnd() < 0.5 ? s.split(a).join(b) : s.split(b).join(a);
        break;
      }
      default: // truncation
        s = s.slice(0, at);
    }
  }
  return s;
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrOrNull = (v: unknown): boolean => v === null || typeof v === 'string';
const isStrArray = (v: unknown): boolean => Array.isArray(v) && v.every(isStr);
const isDate = (v: unknown): boolean => v === null || (isStr(v) && /^\d{4}-\d{2}-\d{2}$/.test(v));

/** Checks every field's type, recursively through forwarded. */
function wellFormed(n: ParsedNotice, depth = 0): string | null {
  const problems: string[] = [];
  const check = (ok: boolean, field: string): void => {
    if (!ok) problems.push(field);
  };
  check(isStrOrNull(n.title), 'title');
  check(isStrOrNull(n.docNumber) && (n.docNumber === null || /〔\d{4}〕\d+号$/.test(n.docNumber)), 'docNumber');
  check(isStrOrNull(n.issuer), 'issuer');
  check(isStrArray(n.coIssuers), 'coIssuers');
  check(isDate(n.issuedOn), 'issuedOn');
  check(isStrArray(n.recipients), 'recipients');
  check(isStrOrNull(n.theme), 'theme');
  check(
    n.period === null || (isDate(n.period.start) && isDate(n.period.end) && n.period.start <= n.period.end),
    'period',
  );
  check(isDate(n.deadline), 'deadline');
  check(
    Array.isArray(n.requiredReports) && n.requiredReports.every((r) => REPORT_KINDS.includes(r)),
    'requiredReports',
  );
  check(
    Array.isArray(n.contacts) &&
      n.contacts.every(
        (c) =>
          isStrOrNull(c.name) &&
          isStrArray(c.phone) &&
          isStrArray(c.fax) &&
          isStrArray(c.email) &&
          isStrOrNull(c.address),
      ),
    'contacts',
  );
  check(
    Array.isArray(n.sections) &&
      n.sections.every(
        (s) =>
          isStrOrNull(s.number) &&
          isStr(s.heading) &&
          s.items.every((i) => isStrOrNull(i.number) && isStrOrNull(i.heading) && isStr(i.text)),
      ),
    'sections',
  );
  check(
    Array.isArray(n.arrangements) &&
      n.arrangements.every(
        (a) =>
          isStr(a.title) &&
          isStr(a.text) &&
          isStrArray(a.lead) &&
          isStrArray(a.responsible) &&
          isStrArray(a.cooperating) &&
          isStrArray(a.implementing),
      ),
    'arrangements',
  );
  check(
    Array.isArray(n.attachments) &&
      n.attachments.every((a) => (a.number === null || /^\d+$/.test(a.number)) && isStr(a.title)),
    'attachments',
  );
  check(isStrArray(n.slogans), 'slogans');
  check(
    Array.isArray(n.cites) &&
      n.cites.every(
        (c) => isStrOrNull(c.docNumber) && isStrOrNull(c.title) && (c.docNumber !== null || c.title !== null),
      ),
    'cites',
  );
  check(
    Array.isArray(n.tables) &&
      n.tables.every((t) => isStrOrNull(t.title) && isStrArray(t.header) && t.rows.every(isStrArray)),
    'tables',
  );
  check(Object.keys(n).length === 18, 'keys');
  if (n.forwarded !== null) {
    const inner = depth < 5 ? wellFormed(n.forwarded, depth + 1) : 'forwarded too deep';
    if (inner) problems.push(`forwarded.${inner}`);
  }
  return problems.length > 0 ? problems.join(', ') : null;
}

describe('notice parser robustness', () => {
  it(`survives ${testConfig.fuzzCases} mutated seeds with a well-formed result`, () => {
    const rnd = prng(20240901);
    // Warm up first, so that the slowest case measures the input rather than compilation.
    for (const seed of seeds) parseNotice(seed);
    let slowest = { ms: 0, index: -1, chars: 0, text: '' };
    for (let i = 0; i < testConfig.fuzzCases; i++) {
      const text = mutate(seeds[i % seeds.length] ?? '', rnd);
      const start = performance.now();
      let result: ParsedNotice;
      try {
        result = parseNotice(text);
      } catch (error) {
        throw new Error(`case ${i} threw: ${String(error)}`);
      }
      const ms = performance.now() - start;
      if (ms > slowest.ms) slowest = { ms, index: i, chars: text.length, text };
      const problem = wellFormed(result);
      if (problem) throw new Error(`case ${i}: malformed ${problem}`);
    }
    // Timing the slowest input again tells a slow input from a garbage-collection pause.
    const again = performance.now();
    parseNotice(slowest.text);
    const rerun = performance.now() - again;
    console.log(
      `robustness: ${testConfig.fuzzCases} cases; slowest case #${slowest.index} (${slowest.chars} chars) took ${slowest.ms.toFixed(1)} ms (${rerun.toFixed(1)} ms when run again)`,
    );
    expect(slowest.index).toBeGreaterThanOrEqual(0);
  });

  it('copes with empty, blank and odd input', () => {
    for (const text of [
      '',
      ' ',
      '\n\n\n',
      '号',
      '〔2024〕',
      '《《《《',
      '）））',
      '\t\t\t',
      'a'.repeat(5000),
      '附件：\n1.\n2.',
      '联系人：',
    ]) {
      expect(wellFormed(parseNotice(text))).toBeNull();
    }
  });
});
