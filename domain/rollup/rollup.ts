export type RollupStatusFilter = 'submitted' | 'accepted';
export type RollupBy = 'child' | 'province' | 'prefecture' | 'county';

// The sums themselves run in the database (rollup.repository.ts): one report per unit, through the
// channel nearest the root; these are the pieces the service adds on top.

/** Which reports count: submitted and accepted (the default), or accepted only. Drafts never. */
export function counts(status: 'draft' | 'submitted' | 'returned' | 'accepted', filter: RollupStatusFilter): boolean {
  return filter === 'accepted' ? status === 'accepted' : status === 'submitted' || status === 'accepted';
}

export function addInto(sum: number[], figures: (number | null)[]): void {
  figures.forEach((v, i) => {
    sum[i] = (sum[i] ?? 0) + (v ?? 0);
  });
}

/** 万元 and other decimals to two places, avoiding binary noise from summing (0.1 + 0.2). */
export function roundFigures(values: number[]): number[] {
  return values.map((v) => Math.round(v * 100) / 100);
}

/** A roll-up table printed with the indicators as rows (a column per unit) or the units as rows (the usual 汇总表). */
export const STATS_LAYOUTS = ['indicators', 'units'] as const;
export type StatsLayout = (typeof STATS_LAYOUTS)[number];
/** Above this many units a roll-up prints with the units as rows unless asked otherwise. */
export const UNITS_AS_ROWS_ABOVE = 12;
export const defaultLayout = (units: number): StatsLayout => (units > UNITS_AS_ROWS_ABOVE ? 'units' : 'indicators');
