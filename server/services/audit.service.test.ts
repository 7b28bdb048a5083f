import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { childEnv } from '../test/test-config.ts';
import { sealAudit, verifyAudit } from './audit.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.dispose();
});

const entry = (i: number) => ({
  actorUserId: 1,
  actorName: 'admin',
  unitId: 1,
  action: 'unit.update',
  objectType: 'unit',
  objectId: i,
  summary: { after: { n: i, 名称: `单位${i}` } },
  ip: '10.0.0.1',
});

describe('the audit chain', () => {
  it('seals entries in sequence order and verifies intact', async () => {
    const { db } = t.database;
    await Promise.all(Array.from({ length: 20 }, (_, i) => db.transaction((tx) => appendAudit(tx, entry(i)))));
    expect((await verifyAudit(db)).unsealed).toBeGreaterThanOrEqual(20);
    await sealAudit(db, 'sha256');
    const result = await verifyAudit(db);
    expect(result).toMatchObject({ ok: true, unsealed: 0 });
    expect(result.sealed).toBeGreaterThanOrEqual(20);
  });

  it('chains with SM3 too', async () => {
    const { db } = t.database;
    await appendAudit(db, entry(100));
    await sealAudit(db, 'sm3');
    const rows = await db.execute<{ hash_algorithm: string }>(
      sql`select hash_algorithm from audit_log order by chain_no desc limit 1`,
    );
    expect(rows.rows[0]?.hash_algorithm).toBe('sm3');
    expect((await verifyAudit(db)).ok).toBe(true);
  });

  it('refuses updates and deletes through the database', async () => {
    const { db } = t.database;
    await expect(
      db.execute(sql`update audit_log set actor_name = 'someone' where seq = (select min(seq) from audit_log)`),
    ).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_log`)).rejects.toThrow();
  });

  it('detects tampering by someone who bypasses the triggers, and the CLI exits 1 naming the entry', async () => {
    const { db, pool } = t.database;
    const client = await pool.connect();
    try {
      // An attacker with owner rights can switch triggers off; the hash chain still tells.
      await client.query(`set session_replication_role = replica`);
      await client.query(`update audit_log set summary = '{"after":{"n":999}}' where chain_no = 5`);
      await client.query(`set session_replication_role = origin`);
    } finally {
      client.release();
    }
    const result = await verifyAudit(db);
    expect(result.ok).toBe(false);
    expect(result.broken?.chainNo).toBe(5);

    // The CLI reaches the same database: PGlite through the running host, PostgreSQL by URL.
    const where: Record<string, string> =
      t.database.kind === 'pglite'
        ? { DATA_DIR: t.dataDir }
        : { DATABASE_URL: String(t.database.pool.options.connectionString) };
    const cli = promisify(execFile)('node', ['--import', 'tsx', 'server/cli/main.ts', 'audit', 'verify'], {
      env: childEnv(where),
    });
    await expect(cli).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('第 5 条') as unknown });
  });
});
