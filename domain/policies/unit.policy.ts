import { isInSubtree, type UnitPath } from '../units/unit.ts';
import type { Actor, Role } from './actor.ts';

export type UnitAction = 'view' | 'create_child' | 'update' | 'move' | 'deactivate' | 'manage_users' | 'view_audit';
export interface UnitResource {
  path: UnitPath;
}

const anyRole: readonly Role[] = ['admin', 'reporter', 'reviewer', 'viewer'];

/** Which roles, held on which relation to the target, allow an action on a unit. */
function rule(action: UnitAction): { roles: readonly Role[]; self: boolean; below: boolean; above: boolean } {
  switch (action) {
    // Names of one's own chain of superiors are shown (breadcrumbs); siblings never.
    case 'view':
      return { roles: anyRole, self: true, below: true, above: true };
    case 'create_child':
    case 'update':
    case 'manage_users':
    case 'view_audit':
      return { roles: ['admin'], self: true, below: true, above: false };
    // A unit's place in the tree belongs to its superior's admin.
    case 'move':
    case 'deactivate':
      return { roles: ['admin'], self: false, below: true, above: false };
  }
}

export function canOnUnit(actor: Actor, action: UnitAction, unit: UnitResource): boolean {
  const r = rule(action);
  return actor.grants.some((g) => {
    if (!r.roles.includes(g.role)) return false;
    if (g.unitPath === unit.path) return r.self;
    if (isInSubtree(unit.path, g.unitPath)) return r.below;
    if (isInSubtree(g.unitPath, unit.path)) return r.above;
    return false;
  });
}

/**
 * Batched form for lists: the subtree roots under which the action is allowed (self and below),
 * so a repository can filter with path prefixes instead of checking row by row.
 */
export function subtreeRootsFor(actor: Actor, action: UnitAction): UnitPath[] {
  const r = rule(action);
  if (!r.below && !r.self) return [];
  const roots = actor.grants.filter((g) => r.roles.includes(g.role)).map((g) => g.unitPath);
  // Drop roots already inside another root.
  return [...new Set(roots)].filter((p, _, all) => !all.some((q) => q !== p && isInSubtree(p, q)));
}

export type UnitCan = Record<UnitAction, boolean>;

export function unitCan(actor: Actor, unit: UnitResource): UnitCan {
  const actions: UnitAction[] = ['view', 'create_child', 'update', 'move', 'deactivate', 'manage_users', 'view_audit'];
  return Object.fromEntries(actions.map((a) => [a, canOnUnit(actor, a, unit)])) as UnitCan;
}
