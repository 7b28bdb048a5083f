import { describe, expect, it } from 'vitest';
import { counts, dedupeByUnit, rollupColumns, roundFigures, type RollupReport } from './rollup.ts';

// The Tibet chain: office notice /1/ → association forward /1/2/; members 11, 12 report under /1/2/,
// the association (10) and a prefecture (20) under /1/.
const r = (unitId: number, noticePath: string, status: RollupReport['status'], f: number[]): RollupReport => ({ unitId, noticeId: Number(noticePath.split('/').filter(Boolean).at(-1)), noticePath, status, figures: f });
const reports = [
  r(10, '/1/', 'submitted', [1, 0.1]), r(20, '/1/', 'accepted', [5, 0.2]),
  r(11, '/1/2/', 'accepted', [2, 0]), r(12, '/1/2/', 'draft', [100, 0]),
];
const childKey = (x: RollupReport): string => (x.noticePath === '/1/' ? `u${x.unitId}` : 'u10');

describe('roll-up maths', () => {
  it('adds a child’s own figures and its forwarded sub-tree, never drafts', () => {
    const cols = rollupColumns(reports, [{ unitId: 10, key: 'u10' }, { unitId: 20, key: 'u20' }, { unitId: 11, key: 'u10' }, { unitId: 12, key: 'u10' }], childKey, 2, 'submitted');
    expect(cols.get('u10')).toMatchObject({ values: [3, 0.1], covered: 2, expected: 3 });
    expect(cols.get('u20')).toMatchObject({ values: [5, 0.2], covered: 1, expected: 1 });
  });

  it('filters to accepted only', () => {
    const cols = rollupColumns(reports, [], childKey, 2, 'accepted');
    expect(cols.get('u10')).toMatchObject({ values: [2, 0], covered: 1 });
    expect(counts('submitted', 'accepted')).toBe(false);
    expect(counts('returned', 'submitted')).toBe(false);
  });

  it('counts a unit reached through two channels once, through the channel nearest the root', () => {
    const twice = [r(30, '/1/2/', 'submitted', [7]), r(30, '/1/', 'submitted', [9])];
    expect(dedupeByUnit(twice).map((x) => x.figures)).toEqual([[9]]);
    const cols = rollupColumns(twice, [], () => 'all', 1, 'submitted');
    expect(cols.get('all')?.values).toEqual([9]);
  });

  it('rounds money to two decimals after summing', () => {
    expect(roundFigures([0.1 + 0.2, 12.345])).toEqual([0.3, 12.35]);
  });
});
