import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNotice } from './notice-parser.ts';
import { fieldAccuracy } from './fixtures/field-accuracy.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const seedDir = path.resolve(repoRoot, 'server/demo/seed-texts');
const expectedDir = path.join(here, 'fixtures/expected');

const seeds = readdirSync(expectedDir)
  .filter((f) => f.endsWith('.txt.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

describe('notice parser on the seed notices', () => {
  it('has a hand-written expectation for every seed', () => {
    const seedFiles = readdirSync(seedDir)
      .filter((f) => f.endsWith('.txt'))
      .sort();
    expect(seeds).toEqual(seedFiles);
  });

  it('extracts ≥ 98 % of the fields right (field by field, NFKC, white space ignored)', () => {
    let correct = 0;
    let total = 0;
    const lines: string[] = [];
    for (const seed of seeds) {
      const expected: unknown = JSON.parse(readFileSync(path.join(expectedDir, `${seed}.json`), 'utf8'));
      const actual = parseNotice(readFileSync(path.join(seedDir, seed), 'utf8'));
      const report = fieldAccuracy(expected, actual);
      correct += report.correct;
      total += report.total;
      lines.push(`${seed}: ${report.correct}/${report.total} = ${(report.correct / report.total).toFixed(4)}`);
      for (const m of report.mismatches)
        lines.push(`   ✗ ${m.path}\n       expected ${m.expected}\n       actual   ${m.actual}`);
    }
    lines.push(`overall: ${correct}/${total} = ${(correct / total).toFixed(4)}`);
    console.log(`Field-level accuracy\n${lines.join('\n')}`);
    expect(correct / total).toBeGreaterThanOrEqual(0.98);
  });

  it('reads the headline fields of every seed exactly', () => {
    const tibet = parseNotice(readFileSync(path.join(seedDir, '000_297315cc46f3f625.txt'), 'utf8'));
    expect(tibet.docNumber).toBe('藏质协字〔2024〕14号');
    expect(tibet.deadline).toBe('2024-10-08');
    expect(tibet.forwarded?.docNumber).toBe('藏质标办〔2024〕2号');
    expect(tibet.forwarded?.deadline).toBe('2024-10-10');
    expect(tibet.forwarded?.issuedOn).toBe('2024-08-28');
    const national = parseNotice(readFileSync(path.join(seedDir, '001_894f70ce9fac03ae.txt'), 'utf8'));
    expect(national.coIssuers).toHaveLength(26);
    expect(national.issuer).toBe('市场监管总局');
    const sichuan = parseNotice(readFileSync(path.join(seedDir, '002_dbcbc3134cf864ee.txt'), 'utf8'));
    expect(sichuan.deadline).toBe('2024-10-08');
    expect(JSON.stringify(sichuan)).not.toMatch(/版权所有|欢迎访问/);
    const yueyang = parseNotice(readFileSync(path.join(seedDir, '003_3af90c414d37a3cb.txt'), 'utf8'));
    expect(yueyang.deadline).toBe('2024-10-12');
    expect(JSON.stringify(yueyang)).not.toMatch(/质士|质童/);
  });
});
