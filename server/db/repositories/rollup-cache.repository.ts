import { sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import type { DbOrTx } from '../tx.ts';

/**
 * Per-notice cache of the roll-up's database sums (rollup_cache), dropped on write.
 *
 * Invalidation must not lose a race with a reader that computed from a snapshot taken before a
 * write committed. Advisory locks close that gap without a hot row: writers take a SHARED lock per
 * notice on the path (shared locks never wait for each other), a reader takes the EXCLUSIVE lock of
 * its notice only while it commits a placeholder row. So every writer either committed before the
 * reader's snapshot, or deletes the placeholder afterwards; the reader stores its result only into
 * its own placeholder, which is then gone.
 */
// Also written in invalidate_rollup() (migration 0007): change both together.
const LOCK_SPACE = 770_111;
/** Unit moves change every region column: a global key, shared by readers, exclusive for movers. */
const GLOBAL_KEY = 0;

/**
 * Drops the cached roll-ups of every notice on the notice's path (itself and its ancestors).
 * Call it in the transaction of any change to a report's status, a non-draft report's figures, or a
 * notice's recipients. The database function (migration 0007) takes the shared locks, then deletes.
 */
export async function invalidateRollup(tx: DbOrTx, noticeId: number): Promise<void> {
  await tx.execute(sql`select invalidate_rollup(${noticeId})`);
}

/** Drops every cached roll-up: a unit moved, so its region columns changed. */
export async function invalidateAllRollups(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}, ${GLOBAL_KEY})`);
  await tx.execute(sql`delete from rollup_cache`);
}

export async function readCached<T>(db: DbOrTx, noticeId: number, variant: string): Promise<T | undefined> {
  const rows = await db.execute<{ result: { done?: boolean; value?: T } }>(
    sql`select result from rollup_cache where notice_id = ${noticeId} and variant = ${variant}`,
  );
  const r = rows.rows[0]?.result;
  return r?.done ? r.value : undefined;
}

/**
 * Claims the slot before computing (see above). Returns a token for `storeCached`, or null when
 * another reader is computing the same variant right now (then just compute without caching).
 */
export async function claimCached(db: Db, noticeId: number, variant: string): Promise<string | null> {
  const token = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock_shared(${LOCK_SPACE}, ${GLOBAL_KEY})`);
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}, ${noticeId})`);
    const rows = await tx.execute(sql`
      insert into rollup_cache (notice_id, variant, result) values (${noticeId}, ${variant}, ${JSON.stringify({ token })}::jsonb)
      on conflict (notice_id, variant) do update set result = excluded.result, created_at = now()
        where rollup_cache.result->>'done' is null and rollup_cache.created_at < now() - interval '2 minutes'
      returning 1`);
    return rows.rows.length ? token : null;
  });
}

/** Stores the result into the claimed placeholder; does nothing when a write dropped it meanwhile. */
export async function storeCached(
  db: DbOrTx,
  noticeId: number,
  variant: string,
  token: string,
  value: unknown,
): Promise<boolean> {
  const rows = await db.execute(sql`
    update rollup_cache set result = ${JSON.stringify({ done: true, value })}::jsonb
    where notice_id = ${noticeId} and variant = ${variant} and result->>'token' = ${token}
    returning 1`);
  return rows.rows.length > 0;
}
