import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from './startup.ts';
import { createEmptyTarget, testEnv, type EmptyTarget } from './test/test-app.ts';
import type { Database } from './db/database.ts';

let target: EmptyTarget;
let database: Database;
beforeAll(async () => {
  target = await createEmptyTarget();
  const env = testEnv(target.dataDir, { ...target.env, DEMO_DATA: 'off' });
  database = (await bootstrap(env, () => undefined)).database;
});
afterAll(async () => {
  await database.close();
  await target.dispose();
});

async function scalar(query: string): Promise<unknown> {
  const rows = await database.db.execute(sql.raw(query));
  return Object.values(rows.rows[0] ?? {})[0];
}

describe('DEMO_DATA=off: a first start without the demo (CONTRACTS.md)', () => {
  it('creates the unit tree and admin only', async () => {
    expect(await scalar(`select array_agg(username) from users`)).toEqual(['admin']);
    expect(await scalar(`select count(*) from units where kind = 'office' and level = 'province'`)).toBe(32);
    expect(await scalar(`select count(*) from units`)).toBeGreaterThan(3000);
    expect(await scalar(`select name from units where parent_id is null`)).toBe('国家市场监督管理总局');
  });

  it('loads no demo notices, reports, activities, member enterprises or demo accounts', async () => {
    for (const table of ['notices', 'reports', 'activities', 'campaigns']) {
      expect(await scalar(`select count(*) from ${table}`), table).toBe(0);
    }
    expect(
      await scalar(`select count(*) from units where name like '示例%' or kind in ('association', 'enterprise')`),
    ).toBe(0);
    expect(await scalar(`select count(*) from settings where key = 'demo_loaded_at'`)).toBe(0);
  });

  it('a second start finds the database not empty and adds nothing', async () => {
    const before = await scalar(`select count(*) from units`);
    const env = testEnv(target.dataDir, { ...target.env, DEMO_DATA: 'on' });
    const again = await bootstrap(env, () => undefined);
    expect(again.demoLoaded).toBe(false);
    await again.database.close();
    expect(await scalar(`select count(*) from units`)).toBe(before);
  });
});
