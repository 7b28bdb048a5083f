import type { Actor, Role } from '../policies/actor.ts';
import { canOnReport, type ReportStatus } from '../reports/report.policy.ts';

/**
 * Activities, typical cases and progress reports belong to a unit's report on a notice and follow its rules:
 * the unit (or the issuing office on its behalf) edits them while the report is open (draft or returned); the
 * issuing office and the offices above see them once it is submitted. A notice without a statistics form has
 * nothing to submit, so what the unit registers there is sent as it is saved: offices above see it at once,
 * and the unit keeps editing it while the campaign runs.
 */
export interface NarrativeResource {
  unitId: number;
  issuerUnitId: number;
  aboveIssuerUnitIds: number[];
  /** The unit's report on the notice; null when the notice requires no statistics form. */
  reportStatus: ReportStatus | null;
  onBehalf: boolean;
  archived: boolean;
}

export type NarrativeAction = 'view' | 'edit';
/** Recommending a received case upward (推荐上报): by the issuing office once it may see the case. */
export type CaseAction = NarrativeAction | 'recommend';

const FILLERS: readonly Role[] = ['admin', 'reviewer', 'reporter'];
const REVIEWERS: readonly Role[] = ['admin', 'reviewer'];
const holds = (a: Actor, unitId: number, roles?: readonly Role[]): boolean =>
  a.grants.some((g) => g.unitId === unitId && (!roles || roles.includes(g.role)));

export function canOnNarrative(actor: Actor, action: CaseAction, r: NarrativeResource): boolean {
  if (r.reportStatus === null) {
    const above = holds(actor, r.issuerUnitId) || r.aboveIssuerUnitIds.some((u) => holds(actor, u));
    switch (action) {
      case 'view':
        return holds(actor, r.unitId) || above;
      case 'edit':
        return !r.archived && holds(actor, r.unitId, FILLERS);
      case 'recommend':
        return !r.archived && holds(actor, r.issuerUnitId, REVIEWERS);
    }
  }
  const report = {
    unitId: r.unitId,
    status: r.reportStatus,
    issuerUnitId: r.issuerUnitId,
    aboveIssuerUnitIds: r.aboveIssuerUnitIds,
    onBehalf: r.onBehalf,
  };
  switch (action) {
    case 'view':
      return canOnReport(actor, 'view', report);
    case 'edit':
      return !r.archived && canOnReport(actor, 'edit', report);
    // The office recommends what it received: a submitted (or accepted) report's case.
    case 'recommend':
      return !r.archived && r.reportStatus !== 'draft' && holds(actor, r.issuerUnitId, REVIEWERS);
  }
}

export interface NarrativeCan {
  edit: boolean;
  recommend: boolean;
}

export const narrativeCan = (actor: Actor, r: NarrativeResource): NarrativeCan => ({
  edit: canOnNarrative(actor, 'edit', r),
  recommend: canOnNarrative(actor, 'recommend', r),
});
