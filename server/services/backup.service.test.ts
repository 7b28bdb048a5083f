import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import { localStorageIn } from '../storage/local-disk.storage.ts';
import { createEmptyTarget, createTestApp, type EmptyTarget, type TestApp } from '../test/test-app.ts';
import { childEnv, testConfig } from '../test/test-config.ts';
import { storeReceivedFile } from './file.service.ts';

const run = promisify(execFile);
const cli = (args: string[], env: Record<string, string>) =>
  run('node', ['--import', 'tsx', 'server/cli/main.ts', ...args], { env: childEnv(env) });

let t: TestApp;
let scratch: string;
const targets: EmptyTarget[] = [];
beforeAll(async () => {
  t = await createTestApp();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'qm-backup-test-'));
  // A stored photo (with its thumbnail) and a document, so the archive carries files.
  const actor = { userId: 0, username: 'system', displayName: '系统', unitId: 1, grants: [] };
  const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#c0392b' } })
    .jpeg()
    .toBuffer();
  await storeReceivedFile(t.deps, { actor, ip: null }, '现场照片.jpg', photo);
  await storeReceivedFile(t.deps, { actor, ip: null }, '说明.txt', Buffer.from('质量月活动说明\n'.repeat(500)));
});
afterAll(async () => {
  await t.dispose();
  for (const target of targets) await target.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

/** The source's DATA_DIR (files, and the running embedded database) and, on PostgreSQL, its URL. */
function sourceEnv(): Record<string, string> {
  return t.database.kind === 'pglite'
    ? { DATA_DIR: t.env.dataDir }
    : { DATA_DIR: t.env.dataDir, DATABASE_URL: String(t.database.pool.options.connectionString) };
}

async function newTarget(): Promise<EmptyTarget> {
  const target = await createEmptyTarget();
  targets.push(target);
  return target;
}

/** Every app table's rows as one digest per table (rows sorted by their text form). */
async function tableDigests(database: Database): Promise<Record<string, string>> {
  const tables = await database.pool.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' order by 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables.rows) {
    const r = await database.pool.query<{ n: number; digest: string }>(
      `select count(*)::int as n, md5(coalesce(string_agg(x::text, E'\\n' order by x::text), '')) as digest from public."${name}" x`,
    );
    out[name] = `${r.rows[0]?.n}:${r.rows[0]?.digest}`;
  }
  const seqs = await database.pool.query<{ name: string; v: string }>(
    `select sequencename as name, last_value::text as v from pg_sequences where schemaname = 'public' order by 1`,
  );
  for (const s of seqs.rows) out[`sequence ${s.name}`] = s.v;
  const migrations = await database.pool.query<{ hash: string }>(
    `select hash from drizzle.__drizzle_migrations order by created_at`,
  );
  out.migrations = migrations.rows.map((m) => m.hash).join(',');
  return out;
}

async function storedFiles(database: Database): Promise<{ key: string }[]> {
  const r = await database.pool.query<{ key: string }>(
    `select storage_key as key from files union select thumbnail_key from files where thumbnail_key is not null order by 1`,
  );
  return r.rows;
}

async function openTarget(target: EmptyTarget): Promise<Database> {
  return openDatabase({ dataDir: target.dataDir, databaseUrl: target.databaseUrl });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

describe(`backup and restore round trip (${testConfig.dbKind})`, () => {
  const archive = () => path.join(scratch, 'backup.tar');

  it('backs up while the app runs and restores into an empty target: every table row and file byte identical', async () => {
    const backup = await cli(['backup', '--out', archive()], sourceEnv());
    const summary = JSON.parse(backup.stdout) as { tables: number; rows: number; files: number };
    expect(summary.files).toBe(3); // photo, its thumbnail, the text
    expect(summary.rows).toBeGreaterThan(3000);

    const target = await newTarget();
    const restore = await cli(['restore', archive()], target.env);
    expect(JSON.parse(restore.stdout)).toMatchObject({ tables: summary.tables, rows: summary.rows, files: 3 });

    const restored = await openTarget(target);
    try {
      const before = await tableDigests(t.database);
      const after = await tableDigests(restored);
      // Sessions are left out on purpose (everyone logs in again); everything else is identical.
      expect(after.sessions).toBe('0:d41d8cd98f00b204e9800998ecf8427e');
      delete before.sessions;
      delete after.sessions;
      expect(after).toEqual(before);

      const keys = await storedFiles(restored);
      expect(keys).toEqual(await storedFiles(t.database));
      const from = localStorageIn(t.env.dataDir);
      const to = localStorageIn(target.dataDir);
      for (const { key } of keys) {
        expect((await readAll(await to.open(key))).equals(await readAll(await from.open(key))), key).toBe(true);
      }
      // No demo was loaded on top and no session survived.
      const count = `select count(*)::int as n from users`;
      const users = await restored.pool.query<{ n: number }>(count);
      expect(users.rows[0]?.n).toBe((await t.database.pool.query<{ n: number }>(count)).rows[0]?.n);
    } finally {
      await restored.close();
    }
  });

  it('refuses a target that is not empty with exit 1 and one line', async () => {
    const result = cli(['restore', archive()], sourceEnv());
    await expect(result).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^恢复目标不是空的[^\n]*\n$/) as unknown,
    });
  });

  it('an archive that does not match its manifest writes nothing and exits 1', async () => {
    const bytes = readFileSync(archive());
    const text = bytes.toString('latin1');
    const at = text.indexOf('"sha256": "', text.lastIndexOf('manifest.json')) + '"sha256": "'.length;
    bytes[at] = bytes[at] === 0x30 ? 0x31 : 0x30;
    const broken = path.join(scratch, 'broken.tar');
    writeFileSync(broken, bytes);
    const target = await newTarget();
    await expect(cli(['restore', broken], target.env)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('备份校验失败') as unknown,
    });
    const restored = await openTarget(target);
    try {
      const units = await restored.pool.query<{ n: number }>(`select count(*)::int as n from units`);
      expect(units.rows[0]?.n).toBe(0);
    } finally {
      await restored.close();
    }
  });

  it('bad usage exits 2', async () => {
    await expect(cli(['backup'], sourceEnv())).rejects.toMatchObject({ code: 2 });
    await expect(cli(['restore', path.join(scratch, 'missing.tar')], sourceEnv())).rejects.toMatchObject({ code: 2 });
  });
});
