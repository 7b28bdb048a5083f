// `npm run --silent bench -- backup [--rows N]`: how long requests wait while `cli backup` runs.
// A scratch database with the demo data plus N audit entries (default 200,000, an office's year or
// more) serves GET /api/ready (two small queries) in a loop; the backup runs as the CLI does, in a
// process of its own. Latencies before and during the backup are compared within the one run.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../server/app.ts';
import { runMigrations } from '../server/db/migrate.ts';
import { loadDemoData } from '../server/demo/demo-data.ts';
import { loadEnv } from '../server/env.ts';
import { AuditSealer } from '../server/jobs/audit-sealer.ts';
import { ensureBuiltinForms } from '../server/services/form.service.ts';
import { localStorageIn } from '../server/storage/local-disk.storage.ts';
import { childEnv } from '../server/test/test-config.ts';
import { option, rssSampler } from './bench-util.ts';
import { scratchDatabase } from './scratch-database.ts';

const TIME_LIMIT_MS = 120_000;
const BASELINE_MS = 3_000;

function figures(latencies: number[]): { p50: number; p99: number; max: number; n: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0) * 10) / 10;
  return { p50: at(0.5), p99: at(0.99), max: Math.round((sorted.at(-1) ?? 0) * 10) / 10, n: sorted.length };
}

export async function backupBench(args: string[]): Promise<Record<string, unknown>> {
  const extraRows = Number(option(args, 'rows') ?? 200_000);
  const env = { ...loadEnv(), LOG_LEVEL: 'silent' as const };
  const { database, open, drop } = await scratchDatabase(env.DATABASE_URL);
  const files = mkdtempSync(path.join(os.tmpdir(), 'qm-bench-files-'));
  const out = path.join(files, 'backup.tar');
  const rss = rssSampler();
  try {
    await runMigrations(database);
    await ensureBuiltinForms(database.db);
    await loadDemoData(database.db, { admin: env.adminPassword, demo: env.demoPassword });
    await database.pool.query(
      `insert into audit_log (actor_name, unit_id, action, object_type, object_id, summary, ip)
       select 'bench', 1, 'report.save', 'report', g::text, jsonb_build_object('figures', array[g, g * 2, g * 3], 'note', '示例数据'), '10.0.0.1'
         from generate_series(1, $1::int) g`,
      [extraRows],
    );
    const appEnv = { ...env, dataDir: open.dataDir || files };
    const sealer = new AuditSealer(database.db, env.AUDIT_HASH, () => undefined);
    sealer.stop();
    const app = await buildApp(
      { database, env: appEnv, sealer, storage: localStorageIn(appEnv.dataDir) },
      { logger: false },
    );
    await app.ready();

    const deadline = Date.now() + TIME_LIMIT_MS;
    const state: { phase: 'baseline' | 'backup' | 'done' } = { phase: 'baseline' };
    const lat: Record<'baseline' | 'backup', number[]> = { baseline: [], backup: [] };
    const loop = (async () => {
      while (state.phase !== 'done' && Date.now() < deadline) {
        const current = state.phase;
        const t0 = performance.now();
        const res = await app.inject({ method: 'GET', url: '/api/ready' });
        if (res.statusCode !== 200) throw new Error(`ready answered ${res.statusCode}`);
        lat[current].push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await new Promise((r) => setTimeout(r, BASELINE_MS));
    state.phase = 'backup';
    const cli = fileURLToPath(new URL('../server/cli/main.ts', import.meta.url));
    const t0 = performance.now();
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [...process.execArgv, cli, 'backup', '--out', out],
        {
          timeout: TIME_LIMIT_MS,
          env: childEnv({
            DATA_DIR: open.dataDir || files,
            ...(open.databaseUrl ? { DATABASE_URL: open.databaseUrl } : {}),
          }),
        },
        (err, so) => (err ? reject(new Error(`backup failed: ${err.message}`)) : resolve(so)),
      );
    });
    const backupMs = Math.round(performance.now() - t0);
    state.phase = 'done';
    await loop;
    await app.close();
    const result = JSON.parse(stdout) as { rows: number; snapshotMs: number };
    return {
      bench: 'backup',
      db: database.kind,
      rows: result.rows,
      archive_mb: Math.round(statSync(out).size / 1024 / 10.24) / 100,
      backup_ms: backupMs,
      snapshot_ms: result.snapshotMs,
      baseline_ms: figures(lat.baseline),
      during_backup_ms: figures(lat.backup),
      peak_rss_mb: rss.stop(),
    };
  } finally {
    await drop();
    rmSync(files, { recursive: true, force: true });
  }
}
