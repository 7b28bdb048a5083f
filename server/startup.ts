import { openDatabase, type Database } from './db/database.ts';
import { runMigrations } from './db/migrate.ts';
import { isEmpty, loadDemoData, loadUnitTreeOnly } from './demo/demo-data.ts';
import type { Env } from './env.ts';
import { ensureBuiltinForms } from './services/form.service.ts';

export interface Bootstrapped {
  database: Database;
  demoLoaded: boolean;
}

/**
 * Opens the database, applies migrations and, on an empty database, loads the demo data (or with
 * DEMO_DATA=off only the unit tree and `admin`) —
 * the same for `npm start` and every CLI command (CONTRACTS.md).
 */
export async function bootstrap(env: Env, log: (line: string) => void): Promise<Bootstrapped> {
  const database = await openDatabase({ dataDir: env.dataDir, databaseUrl: env.DATABASE_URL });
  try {
    await runMigrations(database);
    await ensureBuiltinForms(database.db);
    let demoLoaded = false;
    if (await isEmpty(database.db)) {
      if (env.DEMO_DATA === 'on') {
        log('首次启动：正在载入演示数据（全国单位树与演示账号）…');
        await loadDemoData(database.db, { admin: env.adminPassword, demo: env.demoPassword });
        demoLoaded = true;
      } else {
        log('首次启动（DEMO_DATA=off）：正在建立全国单位树与 admin 账号，不载入演示数据…');
        await loadUnitTreeOnly(database.db, env.adminPassword);
      }
      if (env.generatedPasswords.admin) log(`admin 初始密码（仅显示这一次）：${env.adminPassword}`);
      if (demoLoaded && env.generatedPasswords.demo) log(`演示账号密码（仅显示这一次）：${env.demoPassword}`);
    }
    return { database, demoLoaded };
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }
}
