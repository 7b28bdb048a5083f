import { Readable } from 'node:stream';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

// Raw catalog reads and COPY for backup: they run on one client inside the backup's snapshot.

export interface TableInfo {
  name: string;
  /** Columns in table order, generated columns left out (COPY FROM cannot fill them). */
  columns: string[];
}

/** The app's tables (schema public). */
export async function appTables(client: pg.PoolClient | pg.Client): Promise<TableInfo[]> {
  const { rows } = await client.query<{ name: string; columns: string[] }>(
    `select c.relname as name,
            array(select a.attname::text from pg_attribute a
                  where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
                  order by a.attnum) as columns
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
      order by c.relname`,
  );
  return rows;
}

/** Foreign keys between the app's tables: child → parent. */
export async function foreignKeys(client: pg.PoolClient | pg.Client): Promise<{ child: string; parent: string }[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `select cc.relname as child, pc.relname as parent
       from pg_constraint k
       join pg_class cc on cc.oid = k.conrelid join pg_namespace cn on cn.oid = cc.relnamespace
       join pg_class pc on pc.oid = k.confrelid
      where k.contype = 'f' and cn.nspname = 'public'`,
  );
  return rows;
}

export interface SequenceState {
  name: string;
  lastValue: number;
  isCalled: boolean;
}

export async function sequenceStates(client: pg.PoolClient | pg.Client): Promise<SequenceState[]> {
  const { rows } = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'S' order by c.relname`,
  );
  const out: SequenceState[] = [];
  for (const { name } of rows) {
    const r = await client.query<{ last_value: string; is_called: boolean }>(
      `select last_value::text, is_called from public.${ident(name)}`,
    );
    const row = r.rows[0];
    if (row) out.push({ name, lastValue: Number(row.last_value), isCalled: row.is_called });
  }
  return out;
}

/** Applied migrations as drizzle recorded them (folder timestamp and SQL hash). */
export async function appliedMigrationRows(
  client: pg.PoolClient | pg.Client,
): Promise<{ createdAt: number; hash: string }[]> {
  const exists = await client.query<{ t: string | null }>(
    `select to_regclass('drizzle.__drizzle_migrations')::text as t`,
  );
  if (!exists.rows[0]?.t) return [];
  const { rows } = await client.query<{ created_at: string; hash: string }>(
    `select created_at::text, hash from drizzle.__drizzle_migrations order by created_at`,
  );
  return rows.map((r) => ({ createdAt: Number(r.created_at), hash: r.hash }));
}

/** Storage keys of every stored file (contents and thumbnails). */
export async function storedFileKeys(client: pg.PoolClient | pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ key: string }>(
    `select storage_key as key from files
     union select thumbnail_key from files where thumbnail_key is not null
     order by 1`,
  );
  return rows.map((r) => r.key);
}

/** The table's rows in COPY text format. */
export function copyOut(client: pg.PoolClient | pg.Client, table: TableInfo): Readable {
  return client.query(copyTo(`copy public.${ident(table.name)} (${table.columns.map(ident).join(', ')}) to stdout`));
}

export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
