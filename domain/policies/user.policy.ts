import type { UnitPath } from '../units/unit.ts';
import type { Actor } from './actor.ts';
import { canOnUnit } from './unit.policy.ts';

export type UserAction = 'view' | 'update' | 'reset_password' | 'unlock' | 'deactivate' | 'change_roles';
export interface UserResource {
  id: number;
  unitPath: UnitPath;
}

/** A unit admin manages accounts of its unit and the units below it, never above or beside. */
export function canOnUser(actor: Actor, action: UserAction, user: UserResource): boolean {
  const manages = canOnUnit(actor, 'manage_users', { path: user.unitPath });
  switch (action) {
    case 'view':
      return user.id === actor.userId || manages;
    case 'update':
    case 'reset_password':
    case 'unlock':
      return manages;
    // Nobody removes their own access by mistake.
    case 'deactivate':
    case 'change_roles':
      return manages && user.id !== actor.userId;
  }
}

export type UserCan = Record<UserAction, boolean>;

export function userCan(actor: Actor, user: UserResource): UserCan {
  const actions: UserAction[] = ['view', 'update', 'reset_password', 'unlock', 'deactivate', 'change_roles'];
  return Object.fromEntries(actions.map((a) => [a, canOnUser(actor, a, user)])) as UserCan;
}
