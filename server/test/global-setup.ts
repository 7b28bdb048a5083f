import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/database.ts';
import { runMigrations } from '../db/migrate.ts';
import { loadDemoData } from '../demo/demo-data.ts';
import { ensureBuiltinForms } from '../services/form.service.ts';
import { TEST_PASSWORDS } from './test-passwords.ts';
import { testConfig } from './test-config.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PGlite data directory with the demo data, copied per test file. */
    pgliteTemplate: string;
    /** A migrated PostgreSQL database with the demo data, used as CREATE DATABASE … TEMPLATE. */
    postgresTemplate: string;
  }
}

function adminUrl(database: string): string {
  const url = new URL(testConfig.databaseUrl ?? '');
  url.pathname = `/${database}`;
  return url.toString();
}

/** Builds one migrated database with demo data; each test file then copies it (much faster than migrating). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The project's env applies to its test workers only; here the project name says which database.
  if (!project.name.endsWith('postgres')) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qm-tpl-'));
    const database = await openDatabase({ dataDir: dir });
    await runMigrations(database);
    await ensureBuiltinForms(database.db);
    await loadDemoData(database.db, TEST_PASSWORDS, { live: false });
    await database.close();
    project.provide('pgliteTemplate', dir);
    project.provide('postgresTemplate', '');
    return async () => rmSync(dir, { recursive: true, force: true });
  }
  const name = `qm_tpl_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: testConfig.databaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const database = await openDatabase({ dataDir: '', databaseUrl: adminUrl(name) });
  await runMigrations(database);
  await ensureBuiltinForms(database.db);
  await loadDemoData(database.db, TEST_PASSWORDS, { live: false });
  await database.close();
  project.provide('pgliteTemplate', '');
  project.provide('postgresTemplate', name);
  return async () => {
    // Drop what the test files left behind, then the template.
    const left = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [
      `qm_t_${process.pid}_%`,
    ]);
    for (const row of left.rows) await admin.query(`drop database if exists ${row.datname} with (force)`);
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}
