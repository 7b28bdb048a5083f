import type { Actor, Role } from '../policies/actor.ts';

export const REPORT_STATUSES = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export type ReportAction = 'view' | 'edit' | 'submit' | 'return' | 'accept' | 'request_unlock' | 'decide_unlock';

export interface ReportResource {
  unitId: number;
  status: ReportStatus;
  /** The unit that issued the notice this report answers (it reviews). */
  issuerUnitId: number;
  /** Issuers of the notices above that one (they see submitted figures roll up). */
  aboveIssuerUnitIds: number[];
  /** The draft was last filled in by the issuing office on the unit's behalf (代填报). */
  onBehalf: boolean;
}

const FILLERS: readonly Role[] = ['admin', 'reviewer', 'reporter'];
const REVIEWERS: readonly Role[] = ['admin', 'reviewer'];
const holds = (a: Actor, unitId: number, roles?: readonly Role[]): boolean =>
  a.grants.some((g) => g.unitId === unitId && (!roles || roles.includes(g.role)));

/**
 * The unit fills in and submits its own report; the issuing office reviews it and may fill it in on
 * the unit's behalf (代填报). Offices above see what was submitted, never a draft.
 */
export function canOnReport(actor: Actor, action: ReportAction, r: ReportResource): boolean {
  const own = holds(actor, r.unitId, FILLERS);
  const issuerStaff = holds(actor, r.issuerUnitId, REVIEWERS);
  const open = r.status === 'draft' || r.status === 'returned';
  switch (action) {
    case 'view':
      return (
        holds(actor, r.unitId) ||
        (issuerStaff && r.onBehalf) ||
        (r.status !== 'draft' && (holds(actor, r.issuerUnitId) || r.aboveIssuerUnitIds.some((u) => holds(actor, u))))
      );
    case 'edit':
    case 'submit':
      return open && (own || issuerStaff);
    case 'return':
    case 'accept':
      return r.status === 'submitted' && issuerStaff;
    // Reopening an accepted report: the unit asks, the issuing office decides.
    case 'request_unlock':
      return r.status === 'accepted' && own;
    case 'decide_unlock':
      return r.status === 'accepted' && issuerStaff;
  }
}

export type ReportCan = Record<ReportAction, boolean>;

export function reportCan(actor: Actor, r: ReportResource): ReportCan {
  return {
    view: canOnReport(actor, 'view', r),
    edit: canOnReport(actor, 'edit', r),
    submit: canOnReport(actor, 'submit', r),
    return: canOnReport(actor, 'return', r),
    accept: canOnReport(actor, 'accept', r),
    request_unlock: canOnReport(actor, 'request_unlock', r),
    decide_unlock: canOnReport(actor, 'decide_unlock', r),
  };
}

/** Indices of the figures that differ from the previous submission (for the reviewer). */
export function changedFigures(previous: (number | null)[] | null, current: (number | null)[]): number[] {
  if (!previous) return [];
  return current.flatMap((v, i) => ((previous[i] ?? null) === v ? [] : [i]));
}

export const FIGURE_COMMENT_MAX = 200;

/** Problems with a reviewer's comments on single figures: codes the form does not have, overlong text. */
export function figureCommentProblems(
  indicatorCodes: readonly string[],
  comments: Record<string, string>,
): { unknown: string[]; tooLong: string[] } {
  const known = new Set(indicatorCodes);
  const entries = Object.entries(comments);
  return {
    unknown: entries.filter(([code]) => !known.has(code)).map(([code]) => code),
    tooLong: entries.filter(([, text]) => text.trim().length > FIGURE_COMMENT_MAX).map(([code]) => code),
  };
}

/** Comments as stored: trimmed, blanks dropped, in the form's order; null when none is left. */
export function normalizeFigureComments(
  indicatorCodes: readonly string[],
  comments: Record<string, string> | undefined,
): Record<string, string> | null {
  if (!comments) return null;
  const out: Record<string, string> = {};
  for (const code of indicatorCodes) {
    const text = comments[code]?.trim();
    if (text) out[code] = text;
  }
  return Object.keys(out).length ? out : null;
}

/**
 * Submitting after the deadline: allowed and marked late, unless the issuer blocked late submissions. The block
 * binds the unit's first submission only: a report the issuer returned may always come back, and the issuing
 * office itself may still enter a late one on the unit's behalf (it set the rule).
 */
export function lateSubmission(
  deadline: string | null,
  today: string,
  opts: { blockLate: boolean; resubmission: boolean; byIssuer: boolean },
): { late: boolean; blocked: boolean } {
  const late = deadline !== null && today > deadline;
  return { late, blocked: late && opts.blockLate && !opts.resubmission && !opts.byIssuer };
}
