import { and, asc, desc, eq, gte, ilike, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { auditLog, units, users } from '../schema.ts';
import { currentRequestId } from '../../observability/request-context.ts';
import type { DbOrTx, Tx } from '../tx.ts';

export interface AuditInput {
  actorUserId: number | null;
  actorName: string;
  unitId: number | null;
  action: string;
  objectType: string;
  objectId: string | number | null;
  summary?: Record<string, unknown>;
  ip: string | null;
}

export type AuditRow = typeof auditLog.$inferSelect;

export async function appendAudit(db: DbOrTx, input: AuditInput): Promise<void> {
  await db.insert(auditLog).values({
    ...input,
    requestId: currentRequestId(),
    objectId: input.objectId === null ? null : String(input.objectId),
    summary: input.summary ?? {},
  });
}

export async function lastSealed(tx: Tx): Promise<{ chainNo: number; hash: string } | undefined> {
  const rows = await tx
    .select({ chainNo: auditLog.chainNo, hash: auditLog.hash })
    .from(auditLog)
    .where(sql`${auditLog.chainNo} is not null`)
    .orderBy(desc(auditLog.chainNo))
    .limit(1);
  const row = rows[0];
  return row?.chainNo != null && row.hash ? { chainNo: row.chainNo, hash: row.hash } : undefined;
}

export async function unsealedBatch(tx: Tx, limit: number): Promise<AuditRow[]> {
  return tx.select().from(auditLog).where(isNull(auditLog.chainNo)).orderBy(asc(auditLog.seq)).limit(limit);
}

export interface AuditSeal {
  seq: number;
  chainNo: number;
  prevHash: string;
  hash: string;
}

/** Writes the chain columns of a batch of entries in one statement. */
export async function sealMany(tx: Tx, seals: AuditSeal[], algorithm: string): Promise<void> {
  if (seals.length === 0) return;
  await tx.execute(sql`update audit_log a set chain_no = s.chain_no, prev_hash = s.prev_hash, hash = s.hash, hash_algorithm = ${algorithm}
    from jsonb_to_recordset(${JSON.stringify(seals.map((x) => ({ seq: x.seq, chain_no: x.chainNo, prev_hash: x.prevHash, hash: x.hash })))}::jsonb)
      as s(seq bigint, chain_no bigint, prev_hash text, hash text)
    where a.seq = s.seq`);
}

/** Sealed entries in chain order, a page at a time (verification streams through them). */
export async function sealedPage(db: DbOrTx, afterChainNo: number, limit: number): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(sql`${auditLog.chainNo} > ${afterChainNo}`)
    .orderBy(asc(auditLog.chainNo))
    .limit(limit);
}

export async function countEntries(db: DbOrTx): Promise<{ sealed: number; unsealed: number }> {
  const rows = await db
    .select({
      sealed: sql<number>`count(*) filter (where ${auditLog.chainNo} is not null)`.mapWith(Number),
      unsealed: sql<number>`count(*) filter (where ${auditLog.chainNo} is null)`.mapWith(Number),
    })
    .from(auditLog);
  return rows[0] ?? { sealed: 0, unsealed: 0 };
}

export interface AuditQuery {
  /** Restrict to entries about units under these path prefixes; null = everything. */
  subtreeRoots: string[] | null;
  action?: string | undefined;
  actor?: string | undefined;
  objectType?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
}

export async function listAudit(
  db: DbOrTx,
  q: AuditQuery,
): Promise<{ rows: (AuditRow & { unitName: string | null })[]; total: number }> {
  const conds: SQL[] = [];
  if (q.subtreeRoots) {
    if (q.subtreeRoots.length === 0) return { rows: [], total: 0 };
    const anyRoot = or(...q.subtreeRoots.map((p) => sql`${units.path} like ${`${p}%`}`));
    if (anyRoot) conds.push(anyRoot);
  }
  if (q.action) conds.push(eq(auditLog.action, q.action));
  if (q.objectType) conds.push(eq(auditLog.objectType, q.objectType));
  if (q.actor) conds.push(ilike(auditLog.actorName, `%${q.actor}%`));
  if (q.from) conds.push(gte(auditLog.at, q.from));
  if (q.to) conds.push(lte(auditLog.at, q.to));
  const where = conds.length ? and(...conds) : undefined;
  const rows = await db
    .select({ entry: auditLog, unitName: units.name })
    .from(auditLog)
    .leftJoin(units, eq(units.id, auditLog.unitId))
    .where(where)
    .orderBy(desc(auditLog.seq))
    .limit(q.limit)
    .offset(q.offset);
  const total = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(auditLog)
    .leftJoin(units, eq(units.id, auditLog.unitId))
    .where(where);
  return { rows: rows.map((r) => ({ ...r.entry, unitName: r.unitName })), total: total[0]?.n ?? 0 };
}

/** Who last changed an object, for stale-edit messages. */
/** Who last changed an object (by display name, as colleagues know each other), for stale-edit messages. */
export async function lastChange(
  db: DbOrTx,
  objectType: string,
  objectId: string | number,
): Promise<{ actorName: string; at: Date } | undefined> {
  const rows = await db
    .select({ actorName: sql<string>`coalesce(${users.displayName}, ${auditLog.actorName})`, at: auditLog.at })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(eq(auditLog.objectType, objectType), eq(auditLog.objectId, String(objectId))))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return rows[0];
}
