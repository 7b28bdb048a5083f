import type { Actor, Role } from '../policies/actor.ts';

export const REPORT_STATUSES = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export type ReportAction = 'view' | 'edit' | 'submit' | 'return' | 'accept';

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
const holds = (a: Actor, unitId: number, roles?: readonly Role[]): boolean => a.grants.some((g) => g.unitId === unitId && (!roles || roles.includes(g.role)));

/**
 * The unit fills in and submits its own report; the issuing office reviews it and may fill it in on
 * the unit's behalf (代填报). Offices above see what was submitted, never a draft.
 */
export function canOnReport(actor: Actor, action: ReportAction, r: ReportResource): boolean {
  const own = holds(actor, r.unitId, FILLERS);
  const issuerStaff = holds(actor, r.issuerUnitId, REVIEWERS);
  const open = r.status === 'draft' || r.status === 'returned';
  switch (action) {
    case 'view': return holds(actor, r.unitId) || (issuerStaff && r.onBehalf)
      || (r.status !== 'draft' && (holds(actor, r.issuerUnitId) || r.aboveIssuerUnitIds.some((u) => holds(actor, u))));
    case 'edit':
    case 'submit': return open && (own || issuerStaff);
    case 'return':
    case 'accept': return r.status === 'submitted' && issuerStaff;
  }
}

export type ReportCan = Record<ReportAction, boolean>;

export function reportCan(actor: Actor, r: ReportResource): ReportCan {
  return {
    view: canOnReport(actor, 'view', r), edit: canOnReport(actor, 'edit', r), submit: canOnReport(actor, 'submit', r),
    return: canOnReport(actor, 'return', r), accept: canOnReport(actor, 'accept', r),
  };
}

/** Indices of the figures that differ from the previous submission (for the reviewer). */
export function changedFigures(previous: (number | null)[] | null, current: (number | null)[]): number[] {
  if (!previous) return [];
  return current.flatMap((v, i) => ((previous[i] ?? null) === v ? [] : [i]));
}
