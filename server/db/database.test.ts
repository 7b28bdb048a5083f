import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { AuditSealer } from '../jobs/audit-sealer.ts';
import { createTestDb, testEnv, type TestDb } from '../test/test-app.ts';
import { testConfig } from '../test/test-config.ts';
import { TEST_PASSWORDS } from '../test/test-passwords.ts';
import { localStorageIn } from '../storage/local-disk.storage.ts';
import { openDatabase } from './database.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.dispose();
});

describe('the database', () => {
  it('keeps /api/health answering while a long query runs', async () => {
    const env = testEnv(t.dataDir);
    const sealer = new AuditSealer(t.database.db, env.AUDIT_HASH, () => undefined);
    const app = await buildApp(
      { database: t.database, env, sealer, storage: localStorageIn(env.dataDir) },
      { logger: false },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const order: string[] = [];
      const long = t.database.pool
        .query('select count(*) from generate_series(1, 10000000)')
        .then(() => order.push('query'));
      await new Promise((r) => setTimeout(r, 100));
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      order.push('health');
      expect(health.status).toBe(200);
      await long;
      expect(order).toEqual(['health', 'query']);
    } finally {
      sealer.stop();
      await app.close();
    }
  });

  it('serves many concurrent requests and transactions without mixing them up', async () => {
    const env = testEnv(t.dataDir);
    const sealer = new AuditSealer(t.database.db, env.AUDIT_HASH, () => undefined);
    const app = await buildApp(
      { database: t.database, env, sealer, storage: localStorageIn(env.dataDir) },
      { logger: false },
    );
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'tibet-reviewer', password: TEST_PASSWORDS.demo },
      });
      const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const tibetId = login.json<{ user: { unitId: number } }>().user.unitId;
      const reads = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          app.inject({
            method: 'GET',
            url: i % 2 ? `/api/units/${tibetId}` : `/api/units?parentId=${tibetId}`,
            headers: { cookie },
          }),
        ),
      );
      expect(reads.map((r) => r.statusCode)).toEqual(Array.from({ length: 40 }, () => 200));
      // Concurrent transactions each see their own writes and commit whole.
      const { db } = t.database;
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          db.transaction(async (tx) => {
            await tx.execute(
              sql`insert into settings (key, value) values (${`concurrency-${i}`}, ${JSON.stringify(i)}::jsonb)`,
            );
            const seen = await tx.execute<{ value: number }>(
              sql`select value from settings where key = ${`concurrency-${i}`}`,
            );
            expect(seen.rows[0]?.value).toBe(i);
          }),
        ),
      );
      const count = await t.database.pool.query<{ n: number }>(
        `select count(*)::int as n from settings where key like 'concurrency-%'`,
      );
      expect(count.rows[0]?.n).toBe(20);
    } finally {
      sealer.stop();
      await app.close();
    }
  });

  it('returns large results whole, several at once', async () => {
    // Megabytes of rows outrun the socket: the embedded front must send what it was given, not memory reused since.
    const rowsOf = (k: number) =>
      t.database.pool.query<{ n: number; s: string }>(
        `select n, repeat(md5(n::text || $1), 8) as s from generate_series(1, 20000) n order by n`,
        [`-${k}`],
      );
    const results = await Promise.all([1, 2, 3].map(rowsOf));
    const md5 = (v: string): string => createHash('md5').update(v).digest('hex');
    results.forEach((r, i) => {
      const k = i + 1;
      expect(r.rows).toHaveLength(20000);
      expect(r.rows.every((row, j) => row.n === j + 1 && row.s.length === 256)).toBe(true);
      for (const n of [1, 9999, 20000]) expect(r.rows[n - 1]?.s).toBe(md5(`${n}-${k}`).repeat(8));
    });
  }, 60_000);

  it.runIf(testConfig.dbKind === 'pglite')(
    'keeps a committed row when the embedded database is killed with SIGKILL',
    async () => {
      const victim = await createTestDb();
      await victim.database.pool.query(`insert into settings (key, value) values ('durability-probe', '"committed"')`);
      const { pid } = JSON.parse(readFileSync(path.join(victim.dataDir, 'pglite-host.json'), 'utf8')) as {
        pid: number;
      };
      process.kill(pid, 'SIGKILL');
      // Wait until the process is gone (reaped), as a restart would find it.
      for (let i = 0; i < 100 && processExists(pid); i++) await new Promise((r) => setTimeout(r, 50));
      await victim.database.pool.end().catch(() => undefined);
      const reopened = await openDatabase({ dataDir: victim.dataDir });
      try {
        const rows = await reopened.pool.query<{ value: string }>(
          `select value from settings where key = 'durability-probe'`,
        );
        expect(rows.rows[0]?.value).toBe('committed');
      } finally {
        await reopened.close();
        rmSync(victim.dataDir, { recursive: true, force: true });
      }
    },
  );
});

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
