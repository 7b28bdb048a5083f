import type { Actor, Role } from '../policies/actor.ts';

const OFFICE_STAFF: readonly Role[] = ['admin', 'reviewer'];

/** Only the issuing office's reviewers and admins send a manual reminder (催报) for a notice. */
export function canRemind(actor: Actor, issuerUnitId: number): boolean {
  return actor.grants.some((g) => g.unitId === issuerUnitId && OFFICE_STAFF.includes(g.role));
}

export interface RecipientState {
  unitId: number;
  /** The unit's report status, when it has one. */
  reportStatus: string | null;
  signed: boolean;
}

/**
 * Who still owes the issuer something: for a notice that collects reports (it requires a statistics table or
 * anything else), units without a submitted or accepted report (a returned one is owed again); for a notice
 * that asks for nothing, units that have not signed for it (签收).
 */
export function isPending(r: RecipientState, collectsReports: boolean): boolean {
  if (collectsReports) return r.reportStatus !== 'submitted' && r.reportStatus !== 'accepted';
  return !r.signed;
}
