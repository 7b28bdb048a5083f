// Shapes of the API responses the web app reads (see the server's OpenAPI description).
export type Role = 'admin' | 'reviewer' | 'reporter' | 'viewer';
export const ROLES: readonly Role[] = ['admin', 'reviewer', 'reporter', 'viewer'];

export type UnitKind = 'office' | 'department' | 'association' | 'section' | 'enterprise';
export const UNIT_KINDS: readonly UnitKind[] = ['office', 'department', 'association', 'section', 'enterprise'];
export type UnitLevel = 'national' | 'province' | 'prefecture' | 'county';

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  unitId: number;
  unitName: string;
  roles: { unitId: number; unitName: string; role: Role }[];
}

export interface SessionInfo {
  user: SessionUser;
  mustChangePassword: boolean;
  csrfToken: string;
  idleMinutes?: number;
}

export interface UnitCan {
  view: boolean;
  create_child: boolean;
  update: boolean;
  move: boolean;
  deactivate: boolean;
  manage_users: boolean;
  view_audit: boolean;
}

export interface UnitView {
  id: number;
  parentId: number | null;
  path: string;
  depth: number;
  kind: UnitKind;
  name: string;
  shortName: string | null;
  divisionCode: string | null;
  level: UnitLevel | null;
  sortOrder: number;
  active: boolean;
  contactPhone: string | null;
  contactEmail: string | null;
  version: number;
  childCount?: number;
  aliases: string[];
  can: UnitCan;
}

export interface UnitDetail extends UnitView {
  ancestors: { id: number; name: string }[];
}

export interface UnitInput {
  name: string;
  kind: UnitKind;
  shortName?: string | null;
  divisionCode?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
  aliases?: string[];
}

export interface UserCan {
  view: boolean;
  update: boolean;
  reset_password: boolean;
  unlock: boolean;
  deactivate: boolean;
  change_roles: boolean;
}

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  unitId: number;
  unitName: string;
  phone: string | null;
  email: string | null;
  active: boolean;
  mustChangePassword: boolean;
  roles: Role[];
  version: number;
  lastLoginAt: string | null;
  lockedSources: number;
  can: UserCan;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorName: string | null;
  unitId: number | null;
  unitName: string | null;
  action: string;
  objectType: string | null;
  objectId: string | number | null;
  summary: unknown;
  ip: string | null;
  sealed: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
}
