import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DatabaseUnavailableError, tryLock, unlock } from './database.ts';
import { ident } from './repositories/backup.repository.ts';

/**
 * Where a restore writes: an empty PostgreSQL database, or an empty embedded data directory opened
 * in this process (COPY FROM STDIN does not pass our PGlite wire front, and nobody else may hold it).
 */
export interface RestoreTarget {
  kind: 'pglite' | 'postgres';
  /** Why the target is not empty, or undefined when it is. */
  notEmpty(): Promise<string | undefined>;
  /** Applies the migrations of a folder (the archive's), exactly those. */
  migrate(folder: string): Promise<void>;
  exec(sql: string): Promise<void>;
  query<T>(sql: string): Promise<T[]>;
  copyIn(table: string, columns: string[], data: Buffer): Promise<void>;
  close(): Promise<void>;
}

export async function openRestoreTarget(options: {
  dataDir: string;
  databaseUrl?: string | undefined;
}): Promise<RestoreTarget> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.dataDir) : openPglite(options.dataDir);
}

const nonEmpty = (dir: string): boolean => existsSync(dir) && readdirSync(dir).length > 0;

async function openPostgres(url: string, dataDir: string): Promise<RestoreTarget> {
  const client = new pg.Client({ connectionString: url, application_name: 'quality-month-restore' });
  try {
    await client.connect();
  } catch (err) {
    throw new DatabaseUnavailableError(`无法连接数据库：${err instanceof Error ? err.message : String(err)}`);
  }
  return {
    kind: 'postgres',
    async notEmpty() {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname in ('public', 'drizzle', 'pgboss') and c.relkind in ('r', 'p')`,
      );
      if ((rows[0]?.n ?? 0) > 0) return `数据库已有 ${rows[0]?.n} 张表`;
      // Files go to DATA_DIR/files (local storage): old files there would mix with the restored ones.
      const filesDir = path.join(dataDir, 'files');
      return nonEmpty(filesDir) ? `文件目录 ${filesDir} 不是空的` : undefined;
    },
    async migrate(folder) {
      await migratePg(drizzlePg(client), { migrationsFolder: folder });
    },
    async exec(sql) {
      await client.query(sql);
    },
    async query<T>(sql: string) {
      return (await client.query(sql)).rows as T[];
    },
    async copyIn(table, columns, data) {
      await pipeline(
        Readable.from([data]),
        client.query(copyFrom(`copy public.${ident(table)} (${columns.map(ident).join(', ')}) from stdin`)),
      );
    },
    async close() {
      await client.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<RestoreTarget> {
  const pgdata = path.join(dataDir, 'pgdata');
  const filesDir = path.join(dataDir, 'files');
  const preexisting = nonEmpty(pgdata)
    ? `数据目录 ${pgdata} 不是空的`
    : nonEmpty(filesDir)
      ? `文件目录 ${filesDir} 不是空的`
      : undefined;
  if (preexisting) {
    return {
      kind: 'pglite',
      notEmpty: async () => preexisting,
      migrate: () => Promise.reject(new Error('not empty')),
      exec: () => Promise.reject(new Error('not empty')),
      query: () => Promise.reject(new Error('not empty')),
      copyIn: () => Promise.reject(new Error('not empty')),
      close: async () => undefined,
    };
  }
  if (!tryLock(dataDir)) throw new DatabaseUnavailableError('嵌入式数据库正被另一个进程使用');
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir: pgdata, relaxedDurability: false });
  } catch (err) {
    unlock(dataDir);
    throw new DatabaseUnavailableError(`无法打开嵌入式数据库：${err instanceof Error ? err.message : String(err)}`);
  }
  return {
    kind: 'pglite',
    notEmpty: async () => undefined,
    async migrate(folder) {
      await migratePglite(drizzlePglite(db), { migrationsFolder: folder });
    },
    async exec(sql) {
      await db.exec(sql);
    },
    async query<T>(sql: string) {
      return (await db.query<T>(sql)).rows;
    },
    async copyIn(table, columns, data) {
      await db.query(`copy public.${ident(table)} (${columns.map(ident).join(', ')}) from '/dev/blob'`, [], {
        blob: new Blob([new Uint8Array(data)]),
      });
    },
    async close() {
      await db.close();
      unlock(dataDir);
    },
  };
}
