import { describe, expect, it } from 'vitest';
import { addInto, counts, roundFigures } from './rollup.ts';

describe('roll-up pieces', () => {
  it('counts submitted and accepted reports by default, accepted only on request, never drafts or returned ones', () => {
    expect(['draft', 'submitted', 'returned', 'accepted'].map((s) => counts(s as 'draft', 'submitted'))).toEqual([
      false,
      true,
      false,
      true,
    ]);
    expect(['draft', 'submitted', 'returned', 'accepted'].map((s) => counts(s as 'draft', 'accepted'))).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });
  it('adds figures with blanks as zero', () => {
    const sum = [1, 2];
    addInto(sum, [null, 3]);
    expect(sum).toEqual([1, 5]);
  });
  it('rounds money to two decimals after summing', () => {
    expect(roundFigures([0.1 + 0.2, 1.005 + 2])).toEqual([0.3, 3.01]);
  });
});
