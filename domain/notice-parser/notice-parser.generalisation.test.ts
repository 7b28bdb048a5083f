// Notices written in styles the five seeds do not show (city, county 转发, provincial 印发 with
// attachments, district table, joint hard-wrapped PDF text, association 征文, joint city notice with two deadlines). Each expectation
// lists only the fields it checks; objects in it are compared on the keys they name.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNotice } from './notice-parser.ts';
import { fieldAccuracy } from './fixtures/field-accuracy.ts';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/generalisation');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => f.replace(/\.txt$/, ''))
  .sort();

const FIELDS = [
  'title',
  'docNumber',
  'issuer',
  'coIssuers',
  'issuedOn',
  'recipients',
  'theme',
  'period',
  'deadline',
  'requiredReports',
  'contacts',
  'sections',
  'arrangements',
  'attachments',
  'slogans',
  'cites',
  'tables',
  'forwarded',
] as const;

/** The actual value cut down to the shape of the expected one (arrays keep their length). */
function project(actual: Json | undefined, expected: Json | undefined): Json | undefined {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    return actual.map((a, i) => project(a, expected[i] ?? expected[0]) ?? null);
  }
  if (
    expected !== null &&
    typeof expected === 'object' &&
    !Array.isArray(expected) &&
    actual !== null &&
    typeof actual === 'object' &&
    !Array.isArray(actual) &&
    actual !== undefined
  ) {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(expected)) {
      const value = project(actual[key], expected[key]);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  return actual;
}

function load(name: string): { expected: { [key: string]: Json }; actual: { [key: string]: Json } } {
  const expected = JSON.parse(readFileSync(path.join(dir, `${name}.expected.json`), 'utf8')) as { [key: string]: Json };
  const parsed = parseNotice(readFileSync(path.join(dir, `${name}.txt`), 'utf8'));
  const actual = JSON.parse(JSON.stringify(parsed)) as { [key: string]: Json };
  return { expected, actual };
}

describe('notice parser on notices unlike the seeds', () => {
  it('has seven fixtures, each with an expectation', () => {
    expect(names).toHaveLength(7);
    for (const name of names) expect(readdirSync(dir)).toContain(`${name}.expected.json`);
  });

  it('reports the field-level accuracy over all of them', () => {
    let correct = 0;
    let total = 0;
    const lines: string[] = [];
    for (const name of names) {
      const { expected, actual } = load(name);
      const report = fieldAccuracy(expected, project(actual, expected));
      correct += report.correct;
      total += report.total;
      lines.push(`${name}: ${report.correct}/${report.total}`);
      for (const m of report.mismatches)
        lines.push(`   ✗ ${m.path}\n       expected ${m.expected}\n       actual   ${m.actual}`);
    }
    lines.push(`overall: ${correct}/${total} = ${(correct / total).toFixed(4)}`);
    console.log(`Generalisation field accuracy\n${lines.join('\n')}`);
    expect(correct).toBe(total);
  });

  for (const name of names) {
    describe(name, () => {
      const { expected, actual } = load(name);
      for (const field of FIELDS) {
        if (!(field in expected)) continue;
        it(field, () => {
          expect(project(actual[field], expected[field])).toEqual(expected[field]);
        });
      }
    });
  }

  // The same notices as a PDF text layer gives them (hard line breaks at a fixed width, inside
  // numbers, labels and e-mail addresses) and with ASCII punctuation, must read the same.
  const wrap =
    (width: number) =>
    (text: string): string =>
      text
        .split('\n')
        .flatMap((l) =>
          l.includes('\t') || / {3}/.test(l) || l.length <= width
            ? [l]
            : (l.match(new RegExp(`.{1,${width}}`, 'gu')) ?? [l]),
        )
        .join('\n');
  const ascii = (text: string): string =>
    text.replace(/，/g, ',').replace(/：/g, ':').replace(/（/g, '(').replace(/）/g, ')').replace(/；/g, ';');
  const variants: [string, (text: string) => string][] = [
    ['ascii punctuation', ascii],
    ...[20, 22, 28, 36, 45, 60].map((w): [string, (text: string) => string] => [`wrapped at ${w}`, wrap(w)]),
  ];
  for (const [label, change] of variants) {
    it(`reads every field the same when ${label}`, () => {
      const wrong: string[] = [];
      for (const name of names) {
        const { expected } = load(name);
        const parsed = parseNotice(change(readFileSync(path.join(dir, `${name}.txt`), 'utf8')));
        const actual = JSON.parse(JSON.stringify(parsed)) as Json;
        for (const m of fieldAccuracy(expected, project(actual, expected)).mismatches)
          wrong.push(`${name} ${m.path}: ${m.actual}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});
