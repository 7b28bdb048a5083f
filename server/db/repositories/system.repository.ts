import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../tx.ts';

/** A round trip to the database. */
export async function ping(db: DbOrTx): Promise<void> {
  await db.execute(sql`select 1`);
}

/** The migrations drizzle recorded as applied (folder timestamps), empty before the first migration. */
export async function appliedMigrations(db: DbOrTx): Promise<number[]> {
  const exists = await db.execute<{ t: string | null }>(
    sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`,
  );
  if (!exists.rows[0]?.t) return [];
  const rows = await db.execute<{ created_at: string | number }>(
    sql`select created_at from drizzle.__drizzle_migrations order by created_at`,
  );
  return rows.rows.map((r) => Number(r.created_at));
}

/** Unfinished pg-boss jobs by queue and state; none when the queue's schema is not there yet. */
export async function queueDepth(db: DbOrTx): Promise<{ name: string; state: string; count: number }[]> {
  const exists = await db.execute<{ t: string | null }>(sql`select to_regclass('pgboss.job')::text as t`);
  if (!exists.rows[0]?.t) return [];
  const rows = await db.execute<{ name: string; state: string; count: number }>(
    sql`select name, state::text as state, count(*)::int as count from pgboss.job
        where state in ('created', 'retry', 'active') group by name, state order by name, state`,
  );
  return rows.rows;
}

export async function exportJobCounts(db: DbOrTx): Promise<{ status: string; count: number }[]> {
  const rows = await db.execute<{ status: string; count: number }>(
    sql`select status, count(*)::int as count from export_jobs group by status order by status`,
  );
  return rows.rows;
}
