import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from './server/db/database.ts';
const dir = mkdtempSync(path.join(os.tmpdir(), 'qm-repro-'));
const db = await openDatabase({ dataDir: dir });
await db.pool.query('create table t (id int primary key, v jsonb)');
for (const size of [100_000, 500_000, 1_000_000, 2_000_000, 4_000_000]) {
  const value = JSON.stringify({ s: 'x'.repeat(size) });
  await db.pool.query('insert into t values ($1, $2::jsonb) on conflict (id) do update set v = excluded.v', [1, value]);
  const t0 = Date.now();
  const timer = setTimeout(() => { console.log('HANG at', size); process.exit(1); }, 20000);
  const r = await db.pool.query('select v from t where id = 1');
  clearTimeout(timer);
  console.log(size, 'ok', Date.now() - t0, 'ms', JSON.stringify(r.rows[0].v).length);
}
await db.close();
