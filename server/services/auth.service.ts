import { createHash, randomBytes } from 'node:crypto';
import { passwordProblems } from '../../domain/auth/password-policy.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { formatTimeCn } from '../../domain/i18n/format.ts';
import type { Actor } from '../../domain/policies/actor.ts';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import * as sessionsRepo from '../db/repositories/session.repository.ts';
import * as usersRepo from '../db/repositories/user.repository.ts';
import { findUnitsByIds } from '../db/repositories/unit.repository.ts';
import { hashPassword, verifyPassword } from './password.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;
/** Per account across all sources: more than this many failures within the window lock it for every unknown source. */
export const ACCOUNT_FAILURE_LIMIT = 30;
export const ACCOUNT_WINDOW_MINUTES = 60;
export const ACCOUNT_LOCK_MINUTES = 60;
/** A source the account signed in from within this many days stays open during an account-wide lock. */
export const KNOWN_SOURCE_DAYS = 30;
const TOUCH_EVERY_MS = 60_000;

// Verified when the username is unknown, so both paths take the same time.
let dummyHash: Promise<string> | undefined;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export interface LoginResult {
  token: string;
  csrfToken: string;
  actor: Actor;
  mustChangePassword: boolean;
}

function lockedError(until: Date): DomainError {
  return new DomainError('ACCOUNT_LOCKED', { retryAt: until.toISOString(), retryAtLocal: formatTimeCn(until) });
}

export async function actorFor(deps: AppDeps, user: usersRepo.UserRow): Promise<Actor> {
  const grants = (await usersRepo.grantsOf(deps.database.db, [user.id])).get(user.id) ?? [];
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    unitId: user.unitId,
    grants: grants.map((g) => ({ unitId: g.unitId, unitPath: g.unitPath, role: g.role })),
  };
}

export async function login(
  deps: AppDeps,
  username: string,
  password: string,
  ip: string,
  userAgent: string | null,
): Promise<LoginResult> {
  const { db } = deps.database;
  const throttle = await usersRepo.throttleOf(db, username, ip);
  if (throttle?.lockedUntil && throttle.lockedUntil > new Date()) throw lockedError(throttle.lockedUntil);
  const accountLock = await usersRepo.accountLockFor(db, username, ip, KNOWN_SOURCE_DAYS);
  if (accountLock) throw lockedError(accountLock);

  const user = await usersRepo.findUserByUsername(db, username);
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const ok = user
    ? await verifyPassword(user.passwordHash, password)
    : (await verifyPassword(await dummyHash, password), false);
  if (!user || !ok) {
    const result = await db.transaction(async (tx) => {
      const r = await usersRepo.recordFailure(tx, username, ip, LOCKOUT_THRESHOLD, LOCKOUT_MINUTES);
      const a = await usersRepo.recordAccountFailure(
        tx,
        username,
        ACCOUNT_FAILURE_LIMIT,
        ACCOUNT_WINDOW_MINUTES,
        ACCOUNT_LOCK_MINUTES,
      );
      await appendAudit(tx, {
        actorUserId: user?.id ?? null,
        actorName: username.slice(0, 64),
        unitId: user?.unitId ?? null,
        action: r.lockedUntil ? 'auth.locked' : a.lockedUntil ? 'auth.account_locked' : 'auth.login_failed',
        objectType: 'user',
        objectId: user?.id ?? null,
        summary: { failures: r.failures, accountFailures: a.failures },
        ip,
      });
      return { ...r, accountLockedUntil: a.lockedUntil };
    });
    deps.sealer.nudge();
    if (result.lockedUntil) throw lockedError(result.lockedUntil);
    // The lock that this failure set, or one this known source may pass: the known source still only gets a 401.
    if (result.accountLockedUntil && (await usersRepo.accountLockFor(db, username, ip, KNOWN_SOURCE_DAYS)))
      throw lockedError(result.accountLockedUntil);
    throw new DomainError('INVALID_CREDENTIALS', {
      remainingAttempts: Math.max(0, LOCKOUT_THRESHOLD - result.failures),
    });
  }
  if (!user.active) throw new DomainError('ACCOUNT_DISABLED');

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.transaction(async (tx) => {
    await usersRepo.clearThrottle(tx, username, ip);
    await usersRepo.rememberSource(tx, username, ip, KNOWN_SOURCE_DAYS);
    await usersRepo.insertSession(tx, {
      id: sha256(token),
      userId: user.id,
      csrfToken,
      ip,
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    await usersRepo.updateUser(tx, user.id, { lastLoginAt: new Date() });
    await appendAudit(tx, {
      actorUserId: user.id,
      actorName: user.username,
      unitId: user.unitId,
      action: 'auth.login',
      objectType: 'user',
      objectId: user.id,
      ip,
    });
  });
  deps.sealer.nudge();
  return { token, csrfToken, actor: await actorFor(deps, user), mustChangePassword: user.mustChangePassword };
}

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  actor: Actor;
  mustChangePassword: boolean;
}

/** The session behind a cookie token; throws SESSION_EXPIRED after the idle timeout. */
export async function resolveSession(deps: AppDeps, token: string): Promise<ResolvedSession | undefined> {
  const { db } = deps.database;
  const id = sha256(token);
  // Session, user and grants in one query: this runs before every API call.
  const found = await sessionsRepo.findSessionWithUser(db, id);
  if (!found) return undefined;
  const { session, user, grants } = found;
  const idleMs = deps.env.SESSION_IDLE_MINUTES * 60_000;
  const now = Date.now();
  if (now - session.lastSeenAt.getTime() > idleMs) {
    await usersRepo.deleteSession(db, id);
    throw new DomainError('SESSION_EXPIRED');
  }
  if (!user.active) {
    await usersRepo.deleteSession(db, id);
    return undefined;
  }
  // last_seen_at only needs minute precision for the idle timeout: at most one write a minute per session.
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await usersRepo.touchSession(db, id);
  const actor: Actor = {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    unitId: user.unitId,
    grants,
  };
  return { sessionId: id, csrfToken: session.csrfToken, actor, mustChangePassword: user.mustChangePassword };
}

export async function logout(deps: AppDeps, ctx: RequestCtx, sessionId: string): Promise<void> {
  await deps.database.db.transaction(async (tx) => {
    await usersRepo.deleteSession(tx, sessionId);
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: ctx.actor.unitId,
      action: 'auth.logout',
      objectType: 'user',
      objectId: ctx.actor.userId,
      ip: ctx.ip,
    });
  });
  deps.sealer.nudge();
}

export async function changePassword(
  deps: AppDeps,
  ctx: RequestCtx,
  sessionId: string,
  current: string,
  next: string,
): Promise<void> {
  const { db } = deps.database;
  const user = await usersRepo.findUser(db, ctx.actor.userId);
  if (!user) throw new DomainError('USER_NOT_FOUND');
  if (!(await verifyPassword(user.passwordHash, current))) throw new DomainError('PASSWORD_WRONG');
  if (current === next) throw new DomainError('PASSWORD_REUSED');
  const problems = passwordProblems(next, user.username);
  if (problems.length) throw new DomainError('PASSWORD_TOO_WEAK', { problems: problems.join('；') });
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await usersRepo.updateUser(tx, user.id, { passwordHash, mustChangePassword: false, passwordChangedAt: new Date() });
    // Other sessions of this account end: whoever knew the old password is out.
    await usersRepo.deleteSessionsOfUser(tx, user.id, sessionId);
    await appendAudit(tx, {
      actorUserId: user.id,
      actorName: user.username,
      unitId: user.unitId,
      action: 'user.password_changed',
      objectType: 'user',
      objectId: user.id,
      ip: ctx.ip,
    });
  });
  deps.sealer.nudge();
}

/** The signed-in user as the login and session answers show it: units named. */
export async function sessionUser(deps: AppDeps, actor: Actor): Promise<Record<string, unknown>> {
  const unitRows = await findUnitsByIds(deps.database.db, [
    ...new Set([actor.unitId, ...actor.grants.map((g) => g.unitId)]),
  ]);
  const name = (id: number): string => unitRows.find((u) => u.id === id)?.name ?? '';
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    unitId: actor.unitId,
    unitName: name(actor.unitId),
    roles: actor.grants.map((g) => ({ unitId: g.unitId, unitName: name(g.unitId), role: g.role })),
  };
}
