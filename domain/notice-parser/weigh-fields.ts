// Weighs the candidates of each headline field: candidates naming the same value (after white space and
// punctuation are ignored) pool their evidence as independent witnesses (1 − Π(1 − score)); the value with
// the most evidence wins. Its confidence is that pooled score, lowered when a runner-up comes close.
import type { CandidateSet, FieldCandidate, WeighedField } from './field-evidence.ts';

export interface WeighedCandidate {
  value: string | string[];
  score: number;
  sources: FieldCandidate['source'][];
  /** Source lines (0-based) the value was read from. */
  lines: number[];
}

export interface WeighedFields {
  values: Record<WeighedField, WeighedCandidate | null>;
  confidence: Record<WeighedField, number>;
  candidates: Record<WeighedField, WeighedCandidate[]>;
}

const FIELDS: WeighedField[] = ['title', 'docNumber', 'issuer', 'issuedOn', 'theme', 'recipients'];

const LIST_SEPARATOR = '\u0001';

/** Values compare without white space and punctuation; two splits of one recipient line are one value. */
function key(value: string): string {
  return value
    .split(LIST_SEPARATOR)
    .join('')
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

function pool(list: FieldCandidate[], isList: boolean): WeighedCandidate[] {
  const groups = new Map<string, { value: string; best: number; bySource: Map<string, number>; c: FieldCandidate[] }>();
  for (const c of list) {
    const k = key(c.value);
    if (k === '') continue;
    const g = groups.get(k) ?? { value: c.value, best: -1, bySource: new Map<string, number>(), c: [] };
    // Two readings from the same kind of place are one witness: each source counts once, at its best.
    g.bySource.set(c.source, Math.max(g.bySource.get(c.source) ?? 0, c.score));
    if (c.score > g.best) {
      g.best = c.score;
      g.value = c.value;
    }
    g.c.push(c);
    groups.set(k, g);
  }
  // "市人民政府" beside "咸宁市人民政府": a name without its place is the same body, abbreviated.
  for (const [k, g] of groups) {
    if (!/^[市县区省州镇乡]/.test(k)) continue;
    const fuller = [...groups.entries()].find(([other]) => other !== k && other.length > k.length && other.endsWith(k));
    if (!fuller) continue;
    for (const [src, score] of g.bySource)
      fuller[1].bySource.set(src, Math.max(fuller[1].bySource.get(src) ?? 0, score));
    fuller[1].c.push(...g.c);
    groups.delete(k);
  }
  return [...groups.values()]
    .map((g) => {
      const miss = [...g.bySource.values()].reduce((m, s) => m * (1 - s), 1);
      return {
        value: isList ? g.value.split(LIST_SEPARATOR) : g.value,
        score: Math.round((1 - miss) * 1000) / 1000,
        sources: [...g.bySource.keys()] as FieldCandidate['source'][],
        lines: [...new Set(g.c.map((c) => c.line).filter((l) => l >= 0))],
      };
    })
    .sort((a, b) => b.score - a.score);
}

export function weighFields(set: CandidateSet): WeighedFields {
  const values = {} as Record<WeighedField, WeighedCandidate | null>;
  const confidence = {} as Record<WeighedField, number>;
  const candidates = {} as Record<WeighedField, WeighedCandidate[]>;
  for (const field of FIELDS) {
    const ranked = pool(set[field], field === 'recipients');
    const best = ranked[0] ?? null;
    const runnerUp = ranked[1]?.score ?? 0;
    values[field] = best;
    confidence[field] = best ? Math.round(Math.max(0, best.score - 0.5 * runnerUp) * 100) / 100 : 0;
    candidates[field] = ranked.slice(0, 5);
  }
  return { values, confidence, candidates };
}
