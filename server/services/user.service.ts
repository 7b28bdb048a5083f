import { randomInt } from 'node:crypto';
import { passwordProblems } from '../../domain/auth/password-policy.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { Role } from '../../domain/policies/actor.ts';
import { canOnUnit, subtreeRootsFor } from '../../domain/policies/unit.policy.ts';
import { canOnUser, userCan, type UserAction, type UserCan } from '../../domain/policies/user.policy.ts';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import { findUnit } from '../db/repositories/unit.repository.ts';
import * as repo from '../db/repositories/user.repository.ts';
import type { DbOrTx } from '../db/tx.ts';
import { hashPassword } from './password.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';
import { staleEditError } from './stale-edit.ts';

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

async function toView(
  db: DbOrTx,
  ctx: RequestCtx,
  u: repo.UserRow,
  unitName: string,
  unitPath: string,
): Promise<UserView> {
  const grants = (await repo.grantsOf(db, [u.id])).get(u.id) ?? [];
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    unitId: u.unitId,
    unitName,
    phone: u.phone,
    email: u.email,
    active: u.active,
    mustChangePassword: u.mustChangePassword,
    roles: grants.filter((g) => g.unitId === u.unitId).map((g) => g.role),
    version: u.version,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    lockedSources: await repo.lockedSources(db, u.username),
    can: userCan(ctx.actor, { id: u.id, unitPath }),
  };
}

async function requireUser(
  db: DbOrTx,
  ctx: RequestCtx,
  id: number,
  action: UserAction,
): Promise<{ user: repo.UserRow; unitName: string; unitPath: string }> {
  const user = await repo.findUser(db, id);
  const unit = user ? await findUnit(db, user.unitId) : undefined;
  if (!user || !unit || !canOnUser(ctx.actor, 'view', { id, unitPath: unit.path }))
    throw new DomainError('USER_NOT_FOUND');
  if (!canOnUser(ctx.actor, action, { id, unitPath: unit.path })) throw new DomainError('FORBIDDEN');
  return { user, unitName: unit.name, unitPath: unit.path };
}

/** A one-time password that satisfies the password rules; the user must change it at first login. */
export function temporaryPassword(): string {
  const pick = (chars: string, n: number): string =>
    Array.from({ length: n }, () => chars[randomInt(chars.length)]).join('');
  return `${pick('ABCDEFGHJKLMNPQRSTUVWXYZ', 3)}${pick('abcdefghijkmnpqrstuvwxyz', 5)}${pick('23456789', 3)}#`;
}

export async function listUsers(
  deps: AppDeps,
  ctx: RequestCtx,
  opts: { unitId?: number | undefined; term?: string | undefined; limit: number; offset: number },
): Promise<{ items: UserView[]; total: number }> {
  const { db } = deps.database;
  const { rows, total } = await repo.listUsers(db, subtreeRootsFor(ctx.actor, 'manage_users'), opts);
  return { items: await Promise.all(rows.map((r) => toView(db, ctx, r, r.unitName, r.unitPath))), total };
}

export async function getUser(deps: AppDeps, ctx: RequestCtx, id: number): Promise<UserView> {
  const { db } = deps.database;
  const { user, unitName, unitPath } = await requireUser(db, ctx, id, 'view');
  return toView(db, ctx, user, unitName, unitPath);
}

export interface NewUserInput {
  username: string;
  displayName: string;
  unitId: number;
  roles: Role[];
  phone?: string | null | undefined;
  email?: string | null | undefined;
  password?: string | undefined;
}

/** Creates an account; returns the initial password once when none was given. */
export async function createUser(
  deps: AppDeps,
  ctx: RequestCtx,
  input: NewUserInput,
): Promise<{ user: UserView; initialPassword?: string }> {
  const password = input.password ?? temporaryPassword();
  const problems = passwordProblems(password, input.username);
  if (problems.length) throw new DomainError('PASSWORD_TOO_WEAK', { problems: problems.join('；') });
  const passwordHash = await hashPassword(password);
  const result = await deps.database.db.transaction(async (tx) => {
    const unit = await findUnit(tx, input.unitId);
    if (!unit || !canOnUnit(ctx.actor, 'view', unit)) throw new DomainError('UNIT_NOT_FOUND', { id: input.unitId });
    if (!canOnUnit(ctx.actor, 'manage_users', unit)) throw new DomainError('FORBIDDEN');
    if (await repo.findUserByUsername(tx, input.username))
      throw new DomainError('USERNAME_TAKEN', { username: input.username });
    const user = await repo.insertUser(tx, {
      username: input.username,
      displayName: input.displayName,
      unitId: unit.id,
      passwordHash,
      mustChangePassword: true,
      phone: input.phone ?? null,
      email: input.email ?? null,
    });
    await repo.setRoles(tx, user.id, unit.id, input.roles);
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: unit.id,
      action: 'user.create',
      objectType: 'user',
      objectId: user.id,
      summary: { after: { username: user.username, displayName: user.displayName, roles: input.roles } },
      ip: ctx.ip,
    });
    return toView(tx, ctx, user, unit.name, unit.path);
  });
  deps.sealer.nudge();
  return input.password ? { user: result } : { user: result, initialPassword: password };
}

export interface UserPatch {
  displayName?: string | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  roles?: Role[] | undefined;
  active?: boolean | undefined;
}

export async function updateUser(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
  version: number,
  patch: UserPatch,
): Promise<UserView> {
  const result = await deps.database.db.transaction(async (tx) => {
    const { user, unitName, unitPath } = await requireUser(tx, ctx, id, 'update');
    if (patch.roles !== undefined && !canOnUser(ctx.actor, 'change_roles', { id, unitPath }))
      throw new DomainError('FORBIDDEN');
    if (patch.active !== undefined && !canOnUser(ctx.actor, 'deactivate', { id, unitPath }))
      throw new DomainError('FORBIDDEN');
    if (user.version !== version) throw await staleEditError(tx, 'user', id);
    const row = await repo.updateUserVersioned(tx, id, version, {
      ...(patch.displayName !== undefined && { displayName: patch.displayName }),
      ...(patch.phone !== undefined && { phone: patch.phone }),
      ...(patch.email !== undefined && { email: patch.email }),
      ...(patch.active !== undefined && { active: patch.active }),
    });
    if (!row) throw await staleEditError(tx, 'user', id);
    if (patch.roles) await repo.setRoles(tx, id, user.unitId, patch.roles);
    if (patch.active === false) await repo.deleteSessionsOfUser(tx, id);
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: user.unitId,
      action: 'user.update',
      objectType: 'user',
      objectId: id,
      summary: {
        before: { displayName: user.displayName, phone: user.phone, email: user.email, active: user.active },
        after: patch,
      },
      ip: ctx.ip,
    });
    return toView(tx, ctx, row, unitName, unitPath);
  });
  deps.sealer.nudge();
  return result;
}

/** Sets a new one-time password, ends the user's sessions and clears lockouts. */
export async function resetPassword(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
): Promise<{ temporaryPassword: string }> {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await deps.database.db.transaction(async (tx) => {
    const { user } = await requireUser(tx, ctx, id, 'reset_password');
    await repo.updateUser(tx, id, { passwordHash, mustChangePassword: true });
    await repo.deleteSessionsOfUser(tx, id);
    await repo.clearThrottle(tx, user.username);
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: user.unitId,
      action: 'user.password_reset',
      objectType: 'user',
      objectId: id,
      ip: ctx.ip,
    });
  });
  deps.sealer.nudge();
  return { temporaryPassword: password };
}

export async function unlockUser(deps: AppDeps, ctx: RequestCtx, id: number): Promise<{ cleared: number }> {
  const cleared = await deps.database.db.transaction(async (tx) => {
    const { user } = await requireUser(tx, ctx, id, 'unlock');
    const n = await repo.clearThrottle(tx, user.username);
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: user.unitId,
      action: 'user.unlock',
      objectType: 'user',
      objectId: id,
      summary: { cleared: n },
      ip: ctx.ip,
    });
    return n;
  });
  deps.sealer.nudge();
  return { cleared };
}
