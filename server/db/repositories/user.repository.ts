import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Role } from '../../../domain/policies/actor.ts';
import { loginThrottle, roleGrants, sessions, units, users } from '../schema.ts';
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

export async function clearThrottle(db: DbOrTx, username: string, source?: string): Promise<number> {
  const cond = source
    ? and(eq(loginThrottle.username, username.toLowerCase()), eq(loginThrottle.source, source))
    : eq(loginThrottle.username, username.toLowerCase());
  const rows = await db.delete(loginThrottle).where(cond).returning();
  return rows.length;
}

export async function lockedSources(db: DbOrTx, username: string): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(loginThrottle)
    .where(and(eq(loginThrottle.username, username.toLowerCase()), sql`${loginThrottle.lockedUntil} > now()`));
  return rows[0]?.n ?? 0;
}
