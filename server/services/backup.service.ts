import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { rename, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { Database } from '../db/database.ts';
import { migrationsFolder } from '../db/migrate.ts';
import * as repo from '../db/repositories/backup.repository.ts';
import { openRestoreTarget } from '../db/restore-target.ts';
import { readTar, TarWriter } from '../documents/tar-archive.ts';
import type { Storage } from '../storage/storage.ts';

/**
 * Left out of a backup: login sessions (a restored system starts with everyone logged out, and a copy
 * of the archive holds no live session). pg-boss's queue lives in its own schema and is not the app's:
 * schedules are registered again at start and pending nudges are redone by the next sweep.
 */
export const EXCLUDED_TABLES = ['sessions'];

export interface BackupManifest {
  format: 'quality-month-backup';
  version: 1;
  createdAt: string;
  database: 'pglite' | 'postgres';
  /** The applied migrations: the schema this archive restores to (their SQL is in schema/). */
  migrations: { tag: string; when: number; hash: string }[];
  tables: { name: string; columns: string[]; rows: number; bytes: number; sha256: string }[];
  sequences: repo.SequenceState[];
  files: { key: string; bytes: number; sha256: string }[];
  excluded: string[];
}

export interface BackupResult {
  tables: number;
  rows: number;
  files: number;
  bytes: number;
  /** How long the snapshot transaction ran (on the embedded database, requests wait this long). */
  snapshotMs: number;
}

type Log = (line: string) => void;

/** Tables with every table they reference before them (self-references need no order). */
export function dependencyOrder(tables: string[], edges: { child: string; parent: string }[]): string[] {
  const done = new Set<string>();
  const out: string[] = [];
  const visit = (t: string, seen: Set<string>): void => {
    if (done.has(t) || seen.has(t)) return;
    seen.add(t);
    for (const e of edges) if (e.child === t && e.parent !== t && tables.includes(e.parent)) visit(e.parent, seen);
    done.add(t);
    out.push(t);
  };
  for (const t of [...tables].sort()) visit(t, new Set());
  return out;
}

function hashing(onChunk?: (chunk: Buffer) => void): { stream: Transform; digest: () => string; bytes: () => number } {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      onChunk?.(chunk);
      done(null, chunk);
    },
  });
  return { stream, digest: () => hash.digest('hex'), bytes: () => bytes };
}

function countRows(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

/** The shipped migration files that match what the database applied (same timestamp and hash). */
function appliedSchema(applied: { createdAt: number; hash: string }[]): BackupManifest['migrations'] {
  const shipped = readMigrationFiles({ migrationsFolder });
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number; tag: string }[];
  };
  return applied.map((a) => {
    const file = shipped.find((m) => m.folderMillis === a.createdAt);
    const entry = journal.entries.find((e) => e.when === a.createdAt);
    if (!file || !entry || file.hash !== a.hash)
      throw new DomainError('BACKUP_SCHEMA_MISMATCH', { migration: entry?.tag ?? String(a.createdAt) });
    return { tag: entry.tag, when: a.createdAt, hash: a.hash };
  });
}

/**
 * Writes one consistent archive (tar) while the app runs: every app table through COPY in one
 * REPEATABLE READ transaction, the stored files it names, the schema's migrations, and a manifest
 * of row counts and SHA-256s. Written to FILE.partial and renamed when complete.
 */
export async function createBackup(
  deps: { database: Database; storage: Storage },
  outFile: string,
  log: Log,
): Promise<BackupResult> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'qm-backup-'));
  const partial = `${outFile}.partial`;
  try {
    const client = await deps.database.pool.connect();
    const tables: (repo.TableInfo & { rows: number; bytes: number; sha256: string; file: string })[] = [];
    let sequences: repo.SequenceState[];
    let applied: { createdAt: number; hash: string }[];
    let fileKeys: string[];
    const started = performance.now();
    try {
      await client.query('begin isolation level repeatable read read only');
      const all = (await repo.appTables(client)).filter((t) => !EXCLUDED_TABLES.includes(t.name));
      const order = dependencyOrder(
        all.map((t) => t.name),
        await repo.foreignKeys(client),
      );
      for (const name of order) {
        const table = all.find((t) => t.name === name);
        if (!table) continue;
        let rows = 0;
        const h = hashing((chunk) => (rows += countRows(chunk)));
        const file = path.join(scratch, `${tables.length}.copy`);
        await pipeline(repo.copyOut(client, table), h.stream, createWriteStream(file));
        tables.push({ ...table, rows, bytes: h.bytes(), sha256: h.digest(), file });
      }
      sequences = await repo.sequenceStates(client);
      applied = await repo.appliedMigrationRows(client);
      fileKeys = await repo.storedFileKeys(client);
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    const snapshotMs = Math.round(performance.now() - started);
    log(`快照完成：${tables.length} 张表，${tables.reduce((s, t) => s + t.rows, 0)} 行，用时 ${snapshotMs} ms`);
    const migrations = appliedSchema(applied);

    mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
    const out = createWriteStream(partial, { flags: 'w' });
    const opened = new Promise<void>((resolve, reject) => {
      out.once('open', () => resolve());
      out.once('error', reject);
    });
    await opened;
    const tar = new TarWriter(out);
    const addText = (name: string, text: string) => tar.add(name, Buffer.byteLength(text), Buffer.from(text));

    const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
      entries: { when: number }[];
    } & Record<string, unknown>;
    const whens = new Set(migrations.map((m) => m.when));
    await addText(
      'schema/meta/_journal.json',
      JSON.stringify({ ...journal, entries: journal.entries.filter((e) => whens.has(e.when)) }, null, 2),
    );
    for (const m of migrations)
      await addText(`schema/${m.tag}.sql`, readFileSync(path.join(migrationsFolder, `${m.tag}.sql`), 'utf8'));
    await addText('schema/tables.json', JSON.stringify(tables.map((t) => ({ name: t.name, columns: t.columns }))));
    for (const t of tables) await tar.add(`tables/${t.name}.copy`, t.bytes, createReadStream(t.file));

    const files: BackupManifest['files'] = [];
    for (const key of fileKeys) {
      const info = await deps.storage.stat(key);
      if (!info) {
        log(`警告：文件 ${key} 在存储中不存在，已跳过`);
        continue;
      }
      const h = hashing();
      const body = (await deps.storage.open(key)).pipe(h.stream);
      await tar.add(`files/${key}`, info.size, body);
      files.push({ key, bytes: info.size, sha256: h.digest() });
    }
    const manifest: BackupManifest = {
      format: 'quality-month-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      database: deps.database.kind,
      migrations,
      tables: tables.map(({ name, columns, rows, bytes, sha256 }) => ({ name, columns, rows, bytes, sha256 })),
      sequences,
      files,
      excluded: EXCLUDED_TABLES,
    };
    await addText('manifest.json', JSON.stringify(manifest, null, 2));
    await tar.finish();
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    await rename(partial, outFile);
    return {
      tables: tables.length,
      rows: tables.reduce((s, t) => s + t.rows, 0),
      files: files.length,
      bytes: (await stat(outFile)).size,
      snapshotMs,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(partial, { force: true });
  }
}

export interface RestoreResult {
  tables: number;
  rows: number;
  files: number;
  migrations: number;
}

async function collect(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(chunk);
  return Buffer.concat(parts);
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * Loads an archive into an empty data directory or database: recreates exactly the archived schema
 * (its migrations, no newer one), loads rows and files in one transaction, checks them against the
 * manifest before committing, and never loads the demo. The next start migrates as usual.
 */
export async function restoreBackup(
  target: { dataDir: string; databaseUrl?: string | undefined; storage: Storage },
  archive: Readable,
  log: Log,
): Promise<RestoreResult> {
  const db = await openRestoreTarget(target);
  const schemaDir = mkdtempSync(path.join(os.tmpdir(), 'qm-restore-'));
  const stored: string[] = [];
  let committed = false;
  try {
    const why = await db.notEmpty();
    if (why) throw new DomainError('RESTORE_TARGET_NOT_EMPTY', { reason: why });

    let tableList: { name: string; columns: string[] }[] | undefined;
    let migrationCount = 0;
    let inTransaction = false;
    const loaded = new Map<string, { rows: number; bytes: number; sha256: string }>();
    const files = new Map<string, { bytes: number; sha256: string }>();
    let manifest: BackupManifest | undefined;

    const begin = async (): Promise<void> => {
      if (inTransaction) return;
      if (!tableList) throw new DomainError('BACKUP_INVALID', { reason: '缺少 schema/tables.json' });
      migrationCount = readdirSqlCount(schemaDir);
      if (migrationCount === 0) throw new DomainError('BACKUP_INVALID', { reason: '缺少迁移文件' });
      log(`正在按备份记录的 ${migrationCount} 个迁移建立数据库结构…`);
      await db.migrate(schemaDir);
      await db.exec('begin');
      inTransaction = true;
      // Rows go in as they were: no path triggers recomputing what the archive holds.
      for (const t of tableList) await db.exec(`alter table public.${repo.ident(t.name)} disable trigger user`);
    };

    await readTar(archive, async (name, size, body) => {
      if (name.startsWith('schema/')) {
        if (inTransaction) throw new DomainError('BACKUP_INVALID', { reason: `${name} 位置不对` });
        const data = await collect(body);
        if (name === 'schema/tables.json')
          tableList = JSON.parse(data.toString('utf8')) as { name: string; columns: string[] }[];
        else {
          const rel = name.slice('schema/'.length);
          if (!/^(meta\/_journal\.json|[A-Za-z0-9_-]+\.sql)$/.test(rel))
            throw new DomainError('BACKUP_INVALID', { reason: `意外的条目 ${name}` });
          mkdirSync(path.join(schemaDir, 'meta'), { recursive: true });
          writeFileSync(path.join(schemaDir, rel), data);
        }
        return;
      }
      if (name.startsWith('tables/')) {
        await begin();
        const table = tableList?.find((t) => `tables/${t.name}.copy` === name);
        if (!table) throw new DomainError('BACKUP_INVALID', { reason: `意外的条目 ${name}` });
        const data = await collect(body);
        await db.copyIn(table.name, table.columns, data);
        loaded.set(table.name, { rows: countRows(data), bytes: data.length, sha256: sha256(data) });
        return;
      }
      if (name.startsWith('files/')) {
        await begin();
        const key = name.slice('files/'.length);
        const h = hashing();
        stored.push(key);
        await target.storage.put(key, Readable.from(body).pipe(h.stream));
        files.set(key, { bytes: h.bytes(), sha256: h.digest() });
        return;
      }
      if (name === 'manifest.json') {
        manifest = JSON.parse((await collect(body)).toString('utf8')) as BackupManifest;
        return;
      }
      throw new DomainError('BACKUP_INVALID', { reason: `意外的条目 ${name}（${size} 字节）` });
    });

    if (!manifest || manifest.format !== 'quality-month-backup')
      throw new DomainError('BACKUP_INVALID', { reason: '缺少清单 manifest.json' });
    await begin();
    for (const t of manifest.tables) {
      const got = loaded.get(t.name);
      if (!got || got.rows !== t.rows || got.sha256 !== t.sha256)
        throw new DomainError('BACKUP_MANIFEST_MISMATCH', { what: `表 ${t.name}` });
      const [count] = await db.query<{ n: number }>(`select count(*)::int as n from public.${repo.ident(t.name)}`);
      if (count?.n !== t.rows) throw new DomainError('BACKUP_MANIFEST_MISMATCH', { what: `表 ${t.name} 的行数` });
    }
    if (loaded.size !== manifest.tables.length) throw new DomainError('BACKUP_MANIFEST_MISMATCH', { what: '表的数目' });
    for (const f of manifest.files) {
      const got = files.get(f.key);
      if (!got || got.bytes !== f.bytes || got.sha256 !== f.sha256)
        throw new DomainError('BACKUP_MANIFEST_MISMATCH', { what: `文件 ${f.key}` });
    }
    if (files.size !== manifest.files.length) throw new DomainError('BACKUP_MANIFEST_MISMATCH', { what: '文件的数目' });
    for (const s of manifest.sequences)
      await db.exec(
        `select setval('public.${repo.ident(s.name)}', ${Number(s.lastValue)}, ${s.isCalled ? 'true' : 'false'})`,
      );
    for (const t of manifest.tables) await db.exec(`alter table public.${repo.ident(t.name)} enable trigger user`);
    await db.exec('commit');
    committed = true;
    return {
      tables: manifest.tables.length,
      rows: manifest.tables.reduce((s, t) => s + t.rows, 0),
      files: manifest.files.length,
      migrations: migrationCount,
    };
  } finally {
    if (!committed) {
      await db.exec('rollback').catch(() => undefined);
      for (const key of stored) await target.storage.delete(key).catch(() => undefined);
    }
    await db.close();
    rmSync(schemaDir, { recursive: true, force: true });
  }
}

function readdirSqlCount(dir: string): number {
  try {
    const journal = JSON.parse(readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    return journal.entries.length;
  } catch {
    return 0;
  }
}
