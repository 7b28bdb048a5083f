// `npm run --silent bench -- submit`: 2,000 reporting units save and submit full statistics tables
// through the HTTP server with concurrent clients; then the same writes straight through the driver,
// same concurrency, as the floor. Sessions are made directly in the database (not measured), and 200
// further units warm each path up first (not measured either).
import { createHash, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../server/app.ts';
import { runMigrations } from '../server/db/migrate.ts';
import { loadDemoData } from '../server/demo/demo-data.ts';
import { loadEnv } from '../server/env.ts';
import { AuditSealer } from '../server/jobs/audit-sealer.ts';
import { ensureBuiltinForms } from '../server/services/form.service.ts';
import { hashPassword } from '../server/services/password.ts';
import { localStorageIn } from '../server/storage/local-disk.storage.ts';
import { option, rssSampler } from './bench-util.ts';
import { scratchDatabase } from './scratch-database.ts';
import { benchFigures, pool, type LoadInput, type LoadOutput, type LoadUnit } from './submit-load.worker.ts';

const TIME_LIMIT_MS = 90_000;
// Units run through each path before measuring, so neither pays for JIT compilation and first plans on new connections.
const WARM_UP_UNITS = 200;

function percentile(sorted: number[], p: number): number {
  return sorted.length
    ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0)
    : 0;
}

/** Runs the load generator (same loader flags as this process, so TypeScript runs) and reads its JSON line. */
function loadInOwnProcess(input: LoadInput): Promise<LoadOutput> {
  const worker = fileURLToPath(new URL('./submit-load.worker.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [...process.execArgv, worker],
      { maxBuffer: 16 << 20, timeout: TIME_LIMIT_MS + 30_000 },
      (err, stdout) => {
        if (err) reject(new Error(`load generator failed: ${err.message}`));
        else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as LoadOutput);
      },
    );
    child.stdin?.end(JSON.stringify(input));
  });
}

export async function submitBench(args: string[]): Promise<Record<string, unknown>> {
  const unitsWanted = Number(option(args, 'units') ?? 2000);
  const concurrency = Number(option(args, 'concurrency') ?? 16);
  const env = { ...loadEnv(), LOG_LEVEL: 'silent' as const };
  const { database, drop } = await scratchDatabase(env.DATABASE_URL);
  try {
    await runMigrations(database);
    await ensureBuiltinForms(database.db);
    await loadDemoData(database.db, { admin: env.adminPassword, demo: env.demoPassword });
    const db = database.pool;
    const national = (await db.query<{ id: number }>(`select id from units where parent_id is null`)).rows[0]?.id ?? 0;
    const names = Array.from({ length: WARM_UP_UNITS + unitsWanted }, (_, i) => `压测单位${i + 1}`);
    const unitIds = (
      await db.query<{ id: number }>(
        `insert into units (parent_id, kind, name) select $1, 'enterprise', n from unnest($2::text[]) n returning id`,
        [national, names],
      )
    ).rows.map((r) => r.id);
    const campaign =
      (
        await db.query<{ id: number }>(
          `insert into campaigns (year, name, owner_unit_id) values (2099, 'bench', $1) returning id`,
          [national],
        )
      ).rows[0]?.id ?? 0;
    const notice = async (title: string): Promise<number> => {
      const id =
        (
          await db.query<{ id: number }>(
            `insert into notices (campaign_id, kind, status, issuer_unit_id, issuer_name, title, form_code, deadline, issued_at) values ($1, 'notice', 'issued', $2, 'bench', $3, 'quality-month-2024', '2099-10-10', now()) returning id`,
            [campaign, national, title],
          )
        ).rows[0]?.id ?? 0;
      await db.query(`insert into notice_recipients (notice_id, unit_id) select $1, u from unnest($2::int[]) u`, [
        id,
        unitIds,
      ]);
      return id;
    };
    const httpNotice = await notice('bench-http');
    const rawNotice = await notice('bench-raw');
    const hash = await hashPassword(randomBytes(12).toString('hex'));
    const userIds = (
      await db.query<{ id: number }>(
        `insert into users (username, display_name, unit_id, password_hash, must_change_password) select 'bench' || u, 'bench', u, $2, false from unnest($1::int[]) u returning id`,
        [unitIds, hash],
      )
    ).rows.map((r) => r.id);
    await db.query(
      `insert into role_grants (user_id, unit_id, role) select * from unnest($1::int[], $2::int[], $3::text[])`,
      [userIds, unitIds, unitIds.map(() => 'reporter')],
    );
    const tokens = unitIds.map(() => randomBytes(24).toString('base64url'));
    const units: LoadUnit[] = unitIds.map((unitId, i) => ({ unitId, token: tokens[i] ?? '', i }));
    await db.query(
      `insert into sessions (id, user_id, csrf_token) select * from unnest($1::text[], $2::int[], $3::text[])`,
      [tokens.map((t) => createHash('sha256').update(t).digest('hex')), userIds, tokens],
    );

    const sealer = new AuditSealer(database.db, env.AUDIT_HASH, () => undefined);
    const app = await buildApp({ database, env, sealer, storage: localStorageIn(env.dataDir) }, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    // The server's peak RSS spans the warm-up too; the load generator's own memory is not in it.
    const rss = rssSampler();
    const load = await loadInOwnProcess({
      base,
      noticeId: httpNotice,
      concurrency,
      timeLimitMs: TIME_LIMIT_MS,
      warmUp: units.slice(0, WARM_UP_UNITS),
      measured: units.slice(WARM_UP_UNITS),
    });
    const rssMb = rss.stop();
    await app.close();
    sealer.stop();

    // The floor: the same two writes per unit, each in its own transaction, straight through the driver.
    const rawRound = (items: LoadUnit[]): Promise<void> =>
      pool(items, concurrency, async ({ unitId: u, i }) => {
        const client = await db.connect();
        try {
          await client.query('begin');
          await client.query(
            `insert into reports (notice_id, unit_id, form_code, form_version, figures) values ($1, $2, 'quality-month-2024', 1, $3)`,
            [rawNotice, u, benchFigures(i)],
          );
          await client.query('commit');
          await client.query('begin');
          await client.query(
            `update reports set status = 'submitted', version = version + 1, submitted_at = now() where notice_id = $1 and unit_id = $2`,
            [rawNotice, u],
          );
          await client.query('commit');
        } finally {
          client.release();
        }
      });
    await rawRound(units.slice(0, WARM_UP_UNITS));
    const r0 = performance.now();
    await rawRound(units.slice(WARM_UP_UNITS));
    const rawSeconds = (performance.now() - r0) / 1000;
    const found =
      (
        await db.query<{ n: number }>(
          `select count(*)::int n from reports where notice_id = $1 and status = 'submitted' and unit_id = any($2::int[])`,
          [httpNotice, load.acked],
        )
      ).rows[0]?.n ?? 0;
    const sorted = [...load.latencies].sort((a, b) => a - b);
    const perSecond = load.acked.length / load.seconds;
    const rawPerSecond = unitsWanted / rawSeconds;
    return {
      bench: 'submit',
      db: database.kind,
      units: unitsWanted,
      concurrency,
      submissions_per_s: Math.round(perSecond * 10) / 10,
      raw_per_s: Math.round(rawPerSecond * 10) / 10,
      ratio: Math.round((perSecond / rawPerSecond) * 100) / 100,
      p50_ms: percentile(sorted, 50),
      p99_ms: percentile(sorted, 99),
      errors: load.errors,
      lost: load.acked.length - found,
      rss_mb: rssMb,
    };
  } finally {
    await drop();
  }
}
