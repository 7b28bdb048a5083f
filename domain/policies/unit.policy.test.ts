import { describe, expect, it } from 'vitest';
import type { Actor, Role } from './actor.ts';
import { canOnUnit, subtreeRootsFor, type UnitAction } from './unit.policy.ts';
import { canOnUser, type UserAction } from './user.policy.ts';

// A small tree: national /1/; provinces /1/2/ and /1/9/; prefectures /1/2/3/ and /1/2/5/; county /1/2/3/4/.
const OWN = '/1/2/3/';
const relations = {
  own: OWN,
  child: '/1/2/3/4/',
  grandchild: '/1/2/3/4/7/',
  parent: '/1/2/',
  sibling: '/1/2/5/',
  cousin: '/1/2/5/6/',
  'other province': '/1/9/10/',
} as const;
type Relation = keyof typeof relations;

const actorWith = (role: Role): Actor => ({
  userId: 1,
  username: 'u',
  displayName: 'U',
  unitId: 3,
  grants: [{ unitId: 3, unitPath: OWN, role }],
});

// Expected outcome per action for [own, child, grandchild, parent, sibling, cousin, other province].
const adminExpect: Record<UnitAction, boolean[]> = {
  view: [true, true, true, true, false, false, false],
  create_child: [true, true, true, false, false, false, false],
  update: [true, true, true, false, false, false, false],
  manage_users: [true, true, true, false, false, false, false],
  view_audit: [true, true, true, false, false, false, false],
  move: [false, true, true, false, false, false, false],
  deactivate: [false, true, true, false, false, false, false],
};
const nonAdminExpect: Record<UnitAction, boolean[]> = {
  view: [true, true, true, true, false, false, false],
  create_child: [false, false, false, false, false, false, false],
  update: [false, false, false, false, false, false, false],
  manage_users: [false, false, false, false, false, false, false],
  view_audit: [false, false, false, false, false, false, false],
  move: [false, false, false, false, false, false, false],
  deactivate: [false, false, false, false, false, false, false],
};

const relationNames = Object.keys(relations) as Relation[];

describe('unit access matrix: role × action × relation', () => {
  for (const role of ['admin', 'reviewer', 'reporter', 'viewer'] as const) {
    const expected = role === 'admin' ? adminExpect : nonAdminExpect;
    for (const action of Object.keys(expected) as UnitAction[]) {
      it(`${role} ${action}`, () => {
        const got = relationNames.map((rel) => canOnUnit(actorWith(role), action, { path: relations[rel] }));
        expect(Object.fromEntries(relationNames.map((r, i) => [r, got[i]]))).toEqual(
          Object.fromEntries(relationNames.map((r, i) => [r, expected[action][i]])),
        );
      });
    }
  }
});

describe('user access matrix', () => {
  const userActions: UserAction[] = ['view', 'update', 'reset_password', 'unlock', 'deactivate', 'change_roles'];
  it('a unit admin manages accounts of its unit and below, never above or beside', () => {
    const admin = actorWith('admin');
    for (const rel of relationNames) {
      const inReach = ['own', 'child', 'grandchild'].includes(rel);
      for (const action of userActions)
        expect([rel, action, canOnUser(admin, action, { id: 99, unitPath: relations[rel] })]).toEqual([
          rel,
          action,
          inReach,
        ]);
    }
  });
  it('nobody removes their own access, but everyone sees their own account', () => {
    const admin = actorWith('admin');
    expect(canOnUser(admin, 'change_roles', { id: 1, unitPath: OWN })).toBe(false);
    expect(canOnUser(admin, 'deactivate', { id: 1, unitPath: OWN })).toBe(false);
    expect(canOnUser(actorWith('viewer'), 'view', { id: 1, unitPath: OWN })).toBe(true);
    expect(canOnUser(actorWith('viewer'), 'view', { id: 2, unitPath: OWN })).toBe(false);
  });
});

describe('batched filter', () => {
  it('gives the subtree roots to filter lists with, without nested duplicates', () => {
    const actor: Actor = {
      userId: 1,
      username: 'u',
      displayName: 'U',
      unitId: 2,
      grants: [
        { unitId: 2, unitPath: '/1/2/', role: 'admin' },
        { unitId: 3, unitPath: '/1/2/3/', role: 'admin' },
        { unitId: 9, unitPath: '/1/9/', role: 'viewer' },
      ],
    };
    expect(subtreeRootsFor(actor, 'manage_users')).toEqual(['/1/2/']);
    expect(subtreeRootsFor(actor, 'view').sort()).toEqual(['/1/2/', '/1/9/']);
  });
});
