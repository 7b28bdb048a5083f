import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrationsFolder } from '../db/migrate.ts';
import * as repo from '../db/repositories/system.repository.ts';
import type { DatabaseGauges } from '../observability/metrics.ts';
import type { AppDeps } from './service-context.ts';

export interface Readiness {
  ready: boolean;
  db: 'pglite' | 'postgres';
  /** Migrations shipped with this build, and how many of them the database has applied. */
  migrations: { expected: number; applied: number };
  reason?: string;
}

let shipped: number[] | undefined;
function shippedMigrations(): number[] {
  shipped ??= readMigrationFiles({ migrationsFolder }).map((m) => m.folderMillis);
  return shipped;
}

/** Ready = the database answers and every migration of this build is applied (a node may take traffic). */
export async function readiness(deps: Pick<AppDeps, 'database'>): Promise<Readiness> {
  const expected = shippedMigrations();
  const base = { db: deps.database.kind, migrations: { expected: expected.length, applied: 0 } };
  try {
    const applied = new Set(await repo.appliedMigrations(deps.database.db));
    const missing = expected.filter((m) => !applied.has(m)).length;
    const migrations = { expected: expected.length, applied: expected.length - missing };
    if (missing > 0) return { ...base, migrations, ready: false, reason: `${missing} 个数据库迁移尚未执行` };
    return { ...base, migrations, ready: true };
  } catch (err) {
    return { ...base, ready: false, reason: `数据库不可用：${err instanceof Error ? err.message : String(err)}` };
  }
}

/** The figures /metrics reads from the database at scrape time. */
export async function databaseGauges(deps: Pick<AppDeps, 'database'>): Promise<DatabaseGauges> {
  const { pool, db } = deps.database;
  const [queue, exportJobs] = await Promise.all([repo.queueDepth(db), repo.exportJobCounts(db)]);
  return {
    pool: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 },
    queue,
    exportJobs,
  };
}
