import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../server/db/database.ts';

/** A throw-away database for one benchmark run: PGlite in a temp dir, or a new PostgreSQL database. */
export interface ScratchDatabase {
  database: Database;
  /** How another process opens the same database (PGlite joins the running host through its socket). */
  open: { dataDir: string; databaseUrl?: string };
  drop: () => Promise<void>;
}

export async function scratchDatabase(databaseUrl: string | undefined): Promise<ScratchDatabase> {
  if (!databaseUrl) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qm-bench-'));
    const database = await openDatabase({ dataDir: dir });
    return {
      database,
      open: { dataDir: dir },
      drop: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `qm_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ dataDir: '', databaseUrl: url.toString() });
  return {
    database,
    open: { dataDir: '', databaseUrl: url.toString() },
    drop: async () => {
      await database.close();
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    },
  };
}
