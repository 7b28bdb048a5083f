// `npm run --silent bench -- parse`: how long the notice parser takes per seed and on a
// 20,000-character notice (target ≤ 20 ms). Pure CPU work; no database.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNotice } from '../domain/notice-parser/notice-parser.ts';
import { median } from './bench-util.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
// The seed documents ship with the demo data, so the bench runs on any checkout.
const SEED_DIR = path.resolve(here, '..', 'server/demo/seed-texts');
const SYNTHETIC_CHARS = 20_000;
const WARMUP_RUNS = 5;
const TIME_BUDGET_MS = 20_000;

/** Options: --runs N (≥ 20, default 30), --seeds DIR. */
export async function parseBench(args: string[]): Promise<Record<string, unknown>> {
  const option = (name: string): string | undefined => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const runs = Math.max(20, Number(option('runs') ?? 30) || 30);
  const seedDir = option('seeds') ?? SEED_DIR;
  const files = (await readdir(seedDir)).filter((f) => f.endsWith('.txt')).sort();
  const texts = new Map<string, string>();
  for (const f of files) texts.set(f, await readFile(path.join(seedDir, f), 'utf8'));

  // A long notice made of the seeds' text, cut to exactly 20,000 characters.
  let synthetic = '';
  for (let k = 0; synthetic.length < SYNTHETIC_CHARS && texts.size > 0; k++)
    synthetic += `${[...texts.values()][k % texts.size] ?? ''}\n`;
  texts.set('synthetic-20000', synthetic.slice(0, SYNTHETIC_CHARS));

  const medianMs: Record<string, number> = {};
  const chars: Record<string, number> = {};
  let maxMs = 0;
  const started = performance.now();
  for (const [name, text] of texts) {
    for (let i = 0; i < WARMUP_RUNS; i++) parseNotice(text);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      parseNotice(text);
      const ms = performance.now() - t0;
      times.push(ms);
      maxMs = Math.max(maxMs, ms);
      if (performance.now() - started > TIME_BUDGET_MS && times.length >= 20) break;
    }
    medianMs[name] = median(times);
    chars[name] = text.length;
  }
  return { bench: 'parse', db: 'none', runs, median_ms: medianMs, max_ms: Math.round(maxMs * 1000) / 1000, chars };
}
