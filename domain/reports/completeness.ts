import type { ReportStatus } from './report.policy.ts';

export type ProgressStatus = ReportStatus | 'not_started';

/** Recipients of one notice in one state (a grouped count, so a national notice is a few rows). */
export interface ProgressGroup {
  status: ProgressStatus;
  late: boolean;
  count: number;
}

export interface ProgressCounts {
  expected: number;
  notStarted: number;
  draft: number;
  submitted: number;
  returned: number;
  accepted: number;
  /** Submitted after the deadline. */
  late: number;
  /** Still owed after the deadline has passed. */
  overdue: number;
  /** Share of submitted or accepted reports that came in on time. */
  onTimeRate: number | null;
}

/** A unit still owes its report: nothing submitted yet, or sent back to it. */
export const owesReport = (s: ProgressStatus): boolean => s === 'not_started' || s === 'draft' || s === 'returned';

const dayNumber = (iso: string): number =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/**
 * Whole days a unit that still owes its report is past the deadline (the deadline day itself is on
 * time); null when nothing is owed, no deadline is set or it has not passed.
 */
export function daysOverdue(deadline: string | null, today: string, status: ProgressStatus): number | null {
  if (!deadline || !owesReport(status)) return null;
  const days = dayNumber(today) - dayNumber(deadline);
  return days > 0 ? days : null;
}

export const emptyCounts = (): ProgressCounts => ({
  expected: 0,
  notStarted: 0,
  draft: 0,
  submitted: 0,
  returned: 0,
  accepted: 0,
  late: 0,
  overdue: 0,
  onTimeRate: null,
});

const KEY: Record<ProgressStatus, 'notStarted' | 'draft' | 'submitted' | 'returned' | 'accepted'> = {
  not_started: 'notStarted',
  draft: 'draft',
  submitted: 'submitted',
  returned: 'returned',
  accepted: 'accepted',
};

/** Counts of one notice's recipients; `deadlinePassed` turns what is still owed into overdue. */
export function countProgress(groups: readonly ProgressGroup[], deadlinePassed: boolean): ProgressCounts {
  return addCounts(emptyCounts(), groups, deadlinePassed);
}

/** Adds one notice's groups onto running counts (a cascade is the sum of its notices: each report answers one notice). */
export function addCounts(
  into: ProgressCounts,
  groups: readonly ProgressGroup[],
  deadlinePassed: boolean,
): ProgressCounts {
  const c = { ...into };
  for (const g of groups) {
    c.expected += g.count;
    c[KEY[g.status]] += g.count;
    if (g.late && !owesReport(g.status)) c.late += g.count;
    if (deadlinePassed && owesReport(g.status)) c.overdue += g.count;
  }
  const reported = c.submitted + c.accepted;
  c.onTimeRate = reported ? (reported - c.late) / reported : null;
  return c;
}

export const deadlinePassed = (deadline: string | null, today: string): boolean =>
  deadline !== null && dayNumber(today) > dayNumber(deadline);
