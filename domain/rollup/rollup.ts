import { pathIds } from '../units/unit.ts';

export type RollupStatusFilter = 'submitted' | 'accepted';
export type RollupBy = 'child' | 'province' | 'prefecture' | 'county';

export interface RollupReport {
  unitId: number;
  noticeId: number;
  /** Path of the notice the report answers, '/1/5/9/'. */
  noticePath: string;
  status: 'draft' | 'submitted' | 'returned' | 'accepted';
  figures: (number | null)[];
}

export interface Column { key: string; values: number[]; covered: number; expected: number }

/** Which reports count: submitted and accepted (the default), or accepted only. Drafts never. */
export function counts(status: RollupReport['status'], filter: RollupStatusFilter): boolean {
  return filter === 'accepted' ? status === 'accepted' : status === 'submitted' || status === 'accepted';
}

/**
 * A unit reached through two channels of one cascade reports twice; only the report under the
 * notice nearest the roll-up's root counts (then the lower notice id), so nothing is counted twice.
 */
export function dedupeByUnit(reports: RollupReport[]): RollupReport[] {
  const best = new Map<number, RollupReport>();
  const depth = (r: RollupReport): number => pathIds(r.noticePath).length;
  for (const r of reports) {
    const cur = best.get(r.unitId);
    if (!cur || depth(r) < depth(cur) || (depth(r) === depth(cur) && r.noticeId < cur.noticeId)) best.set(r.unitId, r);
  }
  return [...best.values()];
}

export function addInto(sum: number[], figures: (number | null)[]): void {
  figures.forEach((v, i) => { sum[i] = (sum[i] ?? 0) + (v ?? 0); });
}

/** Sums reports per key (child, region…), with how many units are covered out of how many expected. */
export function rollupColumns(
  reports: RollupReport[], expectedUnits: { unitId: number; key: string | null }[], keyOf: (r: RollupReport) => string | null, size: number, filter: RollupStatusFilter,
): Map<string, Column> {
  const cols = new Map<string, Column>();
  const col = (key: string): Column => {
    let c = cols.get(key);
    if (!c) { c = { key, values: Array.from({ length: size }, () => 0), covered: 0, expected: 0 }; cols.set(key, c); }
    return c;
  };
  for (const e of expectedUnits) if (e.key !== null) col(e.key).expected++;
  for (const r of dedupeByUnit(reports)) {
    if (!counts(r.status, filter)) continue;
    const key = keyOf(r);
    if (key === null) continue;
    const c = col(key);
    addInto(c.values, r.figures);
    c.covered++;
  }
  return cols;
}

/** 万元 and other decimals to two places, avoiding binary noise from summing (0.1 + 0.2). */
export function roundFigures(values: number[]): number[] {
  return values.map((v) => Math.round(v * 100) / 100);
}
