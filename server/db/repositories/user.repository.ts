import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Role } from '../../../domain/policies/actor.ts';
import {
  loginAccountFailures,
  loginAccountLocks,
  loginThrottle,
  roleGrants,
  sessions,
  units,
  users,
} from '../schema.ts';
import type { DbOrTx } from '../tx.ts';

export type UserRow = typeof users.$inferSelect;

export async function findUserByUsername(db: DbOrTx, username: string): Promise<UserRow | undefined> {
  const rows = await db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .limit(1);
  return rows[0];
}

export async function findUser(db: DbOrTx, id: number): Promise<UserRow | undefined> {
  const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return rows[0];
}

export interface GrantRow {
  unitId: number;
  unitPath: string;
  unitName: string;
  role: Role;
}

export async function grantsOf(db: DbOrTx, userIds: number[]): Promise<Map<number, GrantRow[]>> {
  const map = new Map<number, GrantRow[]>();
  if (userIds.length === 0) return map;
  const rows = await db
    .select({
      userId: roleGrants.userId,
      unitId: roleGrants.unitId,
      unitPath: units.path,
      unitName: units.name,
      role: roleGrants.role,
    })
    .from(roleGrants)
    .innerJoin(units, eq(units.id, roleGrants.unitId))
    .where(and(inArray(roleGrants.userId, userIds), eq(units.active, true)));
  for (const r of rows) {
    const list = map.get(r.userId) ?? [];
    list.push({ unitId: r.unitId, unitPath: r.unitPath, unitName: r.unitName, role: r.role as Role });
    map.set(r.userId, list);
  }
  return map;
}

export interface NewUser {
  username: string;
  displayName: string;
  unitId: number;
  passwordHash: string;
  mustChangePassword: boolean;
  phone?: string | null;
  email?: string | null;
}

export async function insertUser(db: DbOrTx, u: NewUser): Promise<UserRow> {
  const rows = await db.insert(users).values(u).returning();
  const row = rows[0];
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function setRoles(db: DbOrTx, userId: number, unitId: number, roles: Role[]): Promise<void> {
  await db.delete(roleGrants).where(eq(roleGrants.userId, userId));
  if (roles.length) await db.insert(roleGrants).values(roles.map((role) => ({ userId, unitId, role })));
}

export async function updateUserVersioned(
  db: DbOrTx,
  id: number,
  version: number,
  patch: Partial<Omit<UserRow, 'id' | 'version'>>,
): Promise<UserRow | undefined> {
  const rows = await db
    .update(users)
    .set({ ...patch, version: sql`${users.version} + 1`, updatedAt: new Date() })
    .where(and(eq(users.id, id), eq(users.version, version)))
    .returning();
  return rows[0];
}

export async function updateUser(
  db: DbOrTx,
  id: number,
  patch: Partial<Omit<UserRow, 'id' | 'version'>>,
): Promise<void> {
  await db
    .update(users)
    .set({ ...patch, version: sql`${users.version} + 1`, updatedAt: new Date() })
    .where(eq(users.id, id));
}

export interface UserListRow extends UserRow {
  unitName: string;
  unitPath: string;
}

export async function listUsers(
  db: DbOrTx,
  roots: string[],
  opts: { unitId?: number | undefined; term?: string | undefined; limit: number; offset: number },
): Promise<{ rows: UserListRow[]; total: number }> {
  if (roots.length === 0) return { rows: [], total: 0 };
  const conds: SQL[] = [];
  const inRoots = or(...roots.map((p) => sql`${units.path} like ${`${p}%`}`));
  if (inRoots) conds.push(inRoots);
  if (opts.unitId !== undefined) conds.push(eq(users.unitId, opts.unitId));
  if (opts.term) {
    const t = or(ilike(users.username, `%${opts.term}%`), ilike(users.displayName, `%${opts.term}%`));
    if (t) conds.push(t);
  }
  const where = and(...conds);
  const rows = await db
    .select({ user: users, unitName: units.name, unitPath: units.path })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(where)
    .orderBy(asc(units.path), asc(users.username))
    .limit(opts.limit)
    .offset(opts.offset);
  const total = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(where);
  return {
    rows: rows.map((r) => ({ ...r.user, unitName: r.unitName, unitPath: r.unitPath })),
    total: total[0]?.n ?? 0,
  };
}

// Sessions ---------------------------------------------------------------------------------------

export type SessionRow = typeof sessions.$inferSelect;

export async function insertSession(
  db: DbOrTx,
  s: { id: string; userId: number; csrfToken: string; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db.insert(sessions).values(s);
}

export async function findSession(db: DbOrTx, id: string): Promise<SessionRow | undefined> {
  const rows = await db.select().from(sessions).where(eq(sessions.id, id)).limit(1);
  return rows[0];
}

export async function touchSession(db: DbOrTx, id: string): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, id));
}

export async function deleteSession(db: DbOrTx, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteSessionsOfUser(db: DbOrTx, userId: number, exceptId?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(
      exceptId ? and(eq(sessions.userId, userId), sql`${sessions.id} <> ${exceptId}`) : eq(sessions.userId, userId),
    );
}

// Login throttle ---------------------------------------------------------------------------------

export async function throttleOf(
  db: DbOrTx,
  username: string,
  source: string,
): Promise<typeof loginThrottle.$inferSelect | undefined> {
  const rows = await db
    .select()
    .from(loginThrottle)
    .where(and(eq(loginThrottle.username, username.toLowerCase()), eq(loginThrottle.source, source)))
    .limit(1);
  return rows[0];
}

/** Counts one failure; returns the failures so far and the lock, if this one locked it. */
export async function recordFailure(
  db: DbOrTx,
  username: string,
  source: string,
  threshold: number,
  lockMinutes: number,
): Promise<{ failures: number; lockedUntil: Date | null }> {
  const rows = await db.execute<{ failures: number; locked_until: Date | null }>(sql`
    insert into login_throttle (username, source, failures, locked_until, updated_at)
    values (${username.toLowerCase()}, ${source}, 1, null, now())
    on conflict (username, source) do update set
      failures = case when login_throttle.locked_until is not null and login_throttle.locked_until <= now() then 1 else login_throttle.failures + 1 end,
      locked_until = case
        when (case when login_throttle.locked_until is not null and login_throttle.locked_until <= now() then 1 else login_throttle.failures + 1 end) >= ${threshold}
        then now() + make_interval(mins => ${lockMinutes}) else null end,
      updated_at = now()
    returning failures, locked_until`);
  const r = rows.rows[0];
  return { failures: r?.failures ?? 1, lockedUntil: r?.locked_until ? new Date(r.locked_until) : null };
}

/** Clears the lockout of one source; without a source, every lockout of the account, its account-wide lock included. */
export async function clearThrottle(db: DbOrTx, username: string, source?: string): Promise<number> {
  const name = username.toLowerCase();
  const cond = source
    ? and(eq(loginThrottle.username, name), eq(loginThrottle.source, source))
    : eq(loginThrottle.username, name);
  const rows = await db.delete(loginThrottle).where(cond).returning();
  if (source) return rows.length;
  await db.delete(loginAccountFailures).where(eq(loginAccountFailures.username, name));
  const locks = await db
    .delete(loginAccountLocks)
    .where(eq(loginAccountLocks.username, name))
    .returning({ lockedUntil: loginAccountLocks.lockedUntil });
  return rows.length + locks.filter((l) => l.lockedUntil > new Date()).length;
}

// Per-account limit across addresses --------------------------------------------------------------

/** The account-wide lock that applies to this source: none for a source the account signed in from lately. */
export async function accountLockFor(
  db: DbOrTx,
  username: string,
  source: string,
  knownDays: number,
): Promise<Date | null> {
  const rows = await db.execute<{ locked_until: Date }>(sql`
    select l.locked_until from login_account_locks l
    where l.username = ${username.toLowerCase()} and l.locked_until > now()
      and not exists (
        select 1 from login_known_sources k
        where k.username = l.username and k.source = ${source}
          and k.last_success_at > now() - make_interval(days => ${knownDays}))`);
  const r = rows.rows[0];
  return r ? new Date(r.locked_until) : null;
}

/**
 * Counts one failure against the account, whatever its source, in per-minute buckets; more than `limit` within
 * `windowMinutes` locks the account for `lockMinutes`. Returns the failures in the window and the lock, if any.
 */
export async function recordAccountFailure(
  db: DbOrTx,
  username: string,
  limit: number,
  windowMinutes: number,
  lockMinutes: number,
): Promise<{ failures: number; lockedUntil: Date | null }> {
  const name = username.toLowerCase();
  await db.execute(sql`
    insert into login_account_failures (username, minute, failures) values (${name}, date_trunc('minute', now()), 1)
    on conflict (username, minute) do update set failures = login_account_failures.failures + 1`);
  // Buckets older than the window are of no use to anyone (index on minute).
  await db.execute(
    sql`delete from login_account_failures where minute < now() - make_interval(mins => ${windowMinutes + 1})`,
  );
  const counted = await db.execute<{ n: number }>(sql`
    select coalesce(sum(failures), 0)::int n from login_account_failures
    where username = ${name} and minute > now() - make_interval(mins => ${windowMinutes})`);
  const failures = counted.rows[0]?.n ?? 1;
  if (failures <= limit) return { failures, lockedUntil: null };
  // A lock already running is not extended: failures from a known source must not keep it going.
  const locked = await db.execute<{ locked_until: Date }>(sql`
    insert into login_account_locks (username, locked_until) values (${name}, now() + make_interval(mins => ${lockMinutes}))
    on conflict (username) do update set locked_until = excluded.locked_until, created_at = now()
      where login_account_locks.locked_until <= now()
    returning locked_until`);
  const fresh = locked.rows[0];
  if (fresh) return { failures, lockedUntil: new Date(fresh.locked_until) };
  const current = await db
    .select({ lockedUntil: loginAccountLocks.lockedUntil })
    .from(loginAccountLocks)
    .where(eq(loginAccountLocks.username, name));
  return { failures, lockedUntil: current[0]?.lockedUntil ?? null };
}

/** Remembers a source the account signed in from (it stays open while the account is locked for others). */
export async function rememberSource(db: DbOrTx, username: string, source: string, keepDays: number): Promise<void> {
  const name = username.toLowerCase();
  await db.execute(sql`
    insert into login_known_sources (username, source, last_success_at) values (${name}, ${source}, now())
    on conflict (username, source) do update set last_success_at = now()`);
  await db.execute(sql`
    delete from login_known_sources
    where username = ${name} and last_success_at < now() - make_interval(days => ${keepDays})`);
}

export async function accountLocked(db: DbOrTx, username: string): Promise<boolean> {
  const rows = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(loginAccountLocks)
    .where(and(eq(loginAccountLocks.username, username.toLowerCase()), sql`${loginAccountLocks.lockedUntil} > now()`));
  return (rows[0]?.n ?? 0) > 0;
}

/** Sources locked out, plus one while the account-wide lock runs (the user list shows 已锁定 and 解锁). */
export async function lockedSources(db: DbOrTx, username: string): Promise<number> {
  const account = (await accountLocked(db, username)) ? 1 : 0;
  const rows = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(loginThrottle)
    .where(and(eq(loginThrottle.username, username.toLowerCase()), sql`${loginThrottle.lockedUntil} > now()`));
  return (rows[0]?.n ?? 0) + account;
}
