import type { UnitPath } from '../units/unit.ts';

export const ROLES = ['admin', 'reporter', 'reviewer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Grant {
  unitId: number;
  unitPath: UnitPath;
  role: Role;
}

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  /** The unit the account belongs to. */
  unitId: number;
  grants: Grant[];
}
