import type { Actor, Role } from '../policies/actor.ts';

export type NoticeAction = 'view' | 'edit' | 'issue' | 'revise' | 'sign' | 'forward' | 'view_signatures';

export interface NoticeResource {
  issuerUnitId: number;
  status: 'draft' | 'issued';
  /** Units the notice is addressed to. */
  recipientUnitIds: number[];
  /** Issuers of the notices above this one in its cascade (parent first). */
  ancestorIssuerUnitIds: number[];
  /** 收文登记: the unit that recorded the notice on its issuer's behalf (null or absent: written by its issuer). */
  recordedByUnitId?: number | null | undefined;
}

const OFFICE_STAFF: readonly Role[] = ['admin', 'reviewer'];
const CLERKS: readonly Role[] = ['admin', 'reviewer', 'reporter'];

function holds(actor: Actor, unitId: number, roles: readonly Role[]): boolean {
  return actor.grants.some((g) => g.unitId === unitId && roles.includes(g.role));
}
const anyRole = (actor: Actor, unitId: number): boolean => actor.grants.some((g) => g.unitId === unitId);

/**
 * A unit sees notices it issued, notices addressed to it, and the branch below its own notices;
 * never a sibling's branch, never anyone else's draft.
 */
export function canOnNotice(actor: Actor, action: NoticeAction, n: NoticeResource): boolean {
  const issuer = anyRole(actor, n.issuerUnitId);
  const recipient = n.recipientUnitIds.some((u) => anyRole(actor, u));
  const above = n.ancestorIssuerUnitIds.some((u) => anyRole(actor, u));
  const recorded = n.recordedByUnitId !== null && n.recordedByUnitId !== undefined;
  const recorder = recorded && anyRole(actor, n.recordedByUnitId ?? 0);
  switch (action) {
    case 'view':
      return issuer || recorder || (n.status === 'issued' && (recipient || above));
    case 'edit':
    case 'issue':
      return n.status === 'draft' && holds(actor, n.issuerUnitId, OFFICE_STAFF);
    // A recorded notice is the recording unit's transcript: its staff correct it, not the named issuer's.
    case 'revise':
      return n.status === 'issued' && holds(actor, recorded ? (n.recordedByUnitId ?? 0) : n.issuerUnitId, OFFICE_STAFF);
    case 'view_signatures':
      return issuer || recorder || (n.status === 'issued' && above);
    case 'sign':
      return n.status === 'issued' && n.recipientUnitIds.some((u) => holds(actor, u, CLERKS));
    case 'forward':
      return n.status === 'issued' && n.recipientUnitIds.some((u) => holds(actor, u, OFFICE_STAFF));
  }
}

export type NoticeCan = Record<NoticeAction, boolean>;

export function noticeCan(actor: Actor, n: NoticeResource): NoticeCan {
  const actions: NoticeAction[] = ['view', 'edit', 'issue', 'revise', 'sign', 'forward', 'view_signatures'];
  return Object.fromEntries(actions.map((a) => [a, canOnNotice(actor, a, n)])) as NoticeCan;
}
