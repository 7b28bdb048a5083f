import { describe, expect, it } from 'vitest';
import { addCounts, countProgress, daysOverdue, deadlinePassed } from './completeness.ts';

describe('days overdue', () => {
  it('counts from the day after the deadline, across month and year ends', () => {
    expect(daysOverdue('2024-10-10', '2024-10-10', 'not_started')).toBeNull();
    expect(daysOverdue('2024-10-10', '2024-10-11', 'draft')).toBe(1);
    expect(daysOverdue('2024-09-30', '2024-10-08', 'returned')).toBe(8);
    expect(daysOverdue('2024-12-31', '2025-01-02', 'not_started')).toBe(2);
    expect(daysOverdue('2024-02-28', '2024-03-01', 'not_started')).toBe(2);
  });

  it('is nothing once the report is in, or when no deadline was set', () => {
    expect(daysOverdue('2024-10-10', '2024-10-20', 'submitted')).toBeNull();
    expect(daysOverdue('2024-10-10', '2024-10-20', 'accepted')).toBeNull();
    expect(daysOverdue(null, '2024-10-20', 'not_started')).toBeNull();
    expect(deadlinePassed(null, '2024-10-20')).toBe(false);
  });
});

describe('progress counts', () => {
  const groups = [
    { status: 'not_started', late: false, count: 4 },
    { status: 'draft', late: false, count: 1 },
    { status: 'returned', late: true, count: 1 },
    { status: 'submitted', late: true, count: 2 },
    { status: 'submitted', late: false, count: 3 },
    { status: 'accepted', late: false, count: 5 },
  ] as const;

  it('counts late only among reports that are in, and overdue only once the deadline has passed', () => {
    expect(countProgress(groups, false)).toEqual({
      expected: 16,
      notStarted: 4,
      draft: 1,
      submitted: 5,
      returned: 1,
      accepted: 5,
      late: 2,
      overdue: 0,
      onTimeRate: 0.8,
    });
    expect(countProgress(groups, true)).toMatchObject({ overdue: 6, late: 2 });
  });

  it('adds notices of a cascade, each with its own deadline', () => {
    const first = countProgress(groups, true);
    const both = addCounts(
      first,
      [
        { status: 'not_started', late: false, count: 2 },
        { status: 'accepted', late: true, count: 2 },
      ],
      false,
    );
    expect(both).toMatchObject({ expected: 20, overdue: 6, notStarted: 6, accepted: 7, late: 4 });
    expect(both.onTimeRate).toBeCloseTo(8 / 12);
    expect(countProgress([], true).onTimeRate).toBeNull();
  });
});
