// `npm run --silent bench -- rollup --units 100000`: builds a national cascade with random reports
// (fixed seed), then times the product's roll-up against the same database's plain SUM scan.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { QUALITY_MONTH_2024 } from '../domain/forms/quality-month-2024.form.ts';
import type { Actor } from '../domain/policies/actor.ts';
import { runMigrations } from '../server/db/migrate.ts';
import { loadDemoData } from '../server/demo/demo-data.ts';
import { loadEnv } from '../server/env.ts';
import { AuditSealer } from '../server/jobs/audit-sealer.ts';
import { ensureBuiltinForms } from '../server/services/form.service.ts';
import { rollup } from '../server/services/rollup.service.ts';
import { rollupWorkbook } from '../server/services/stats-export.service.ts';
import type { AppDeps, RequestCtx } from '../server/services/service-context.ts';
import { localStorageIn } from '../server/storage/local-disk.storage.ts';
import { median, option, rssSampler, timed } from './bench-util.ts';
import type { ExportWorkerInput, ExportWorkerOutput } from './rollup-export.worker.ts';
import { scratchDatabase } from './scratch-database.ts';

const run = promisify(execFile);

const RUNS = 5;

/** Runs the export worker (same loader flags as this process, so TypeScript runs) and reads its JSON line. */
async function exportInOwnProcess(input: ExportWorkerInput): Promise<ExportWorkerOutput> {
  const worker = fileURLToPath(new URL('./rollup-export.worker.ts', import.meta.url));
  const { stdout } = await run(process.execPath, [...process.execArgv, worker, JSON.stringify(input)], {
    maxBuffer: 1 << 20,
    timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ExportWorkerOutput;
}
const SIZE = QUALITY_MONTH_2024.indicators.length;

/** Synthetic member units under counties up to the target, a notice per office, a report per recipient. */
async function build(db: pg.Pool, units: number): Promise<{ nationalNotice: number; provinceNotice: number }> {
  const offices = (await db.query<{ n: number }>(`select count(*)::int n from units`)).rows[0]?.n ?? 0;
  const counties = (await db.query<{ id: number }>(`select id from units where level = 'county' order by id`)).rows.map(
    (r) => r.id,
  );
  const extra = Math.max(0, units - offices);
  const parents = Array.from({ length: extra }, (_, i) => counties[i % counties.length] ?? 0);
  const names = parents.map((_, i) => `成员单位${i + 1}`);
  for (let i = 0; i < extra; i += 20_000) {
    await db.query(
      `insert into units (parent_id, kind, name) select * from unnest($1::int[], $2::text[], $3::text[])`,
      [parents.slice(i, i + 20_000), parents.slice(i, i + 20_000).map(() => 'department'), names.slice(i, i + 20_000)],
    );
  }
  const national = (await db.query<{ id: number }>(`select id from units where parent_id is null`)).rows[0]?.id ?? 0;
  const campaign =
    (
      await db.query<{ id: number }>(
        `insert into campaigns (year, name, owner_unit_id) values (2099, 'bench', $1) returning id`,
        [national],
      )
    ).rows[0]?.id ?? 0;
  const maxDepth = (await db.query<{ d: number }>(`select max(depth)::int d from units`)).rows[0]?.d ?? 0;
  // One notice per unit with children, level by level so each parent notice exists first.
  for (let depth = 0; depth < maxDepth; depth++) {
    await db.query(
      `
      insert into notices (campaign_id, parent_id, kind, status, issuer_unit_id, issuer_name, title, form_code, issued_at)
      select $1, pn.id, case when $2 = 0 then 'notice' else 'forward' end, 'issued', u.id, u.name, 'bench', 'quality-month-2024', now()
      from units u left join notices pn on pn.campaign_id = $1 and pn.issuer_unit_id = u.parent_id
      where u.depth = $2 and exists (select 1 from units c where c.parent_id = u.id)`,
      [campaign, depth],
    );
  }
  await db.query(
    `insert into notice_recipients (notice_id, unit_id) select n.id, c.id from notices n join units c on c.parent_id = n.issuer_unit_id where n.campaign_id = $1`,
    [campaign],
  );
  await db.query(`select setseed(0.42)`);
  await db.query(
    `
    insert into reports (notice_id, unit_id, form_code, form_version, figures, status)
    select r.notice_id, r.unit_id, 'quality-month-2024', 1,
           array(select floor(random() * 100)::numeric from generate_series(1, $2) where r.unit_id > 0), 'submitted'
    from notice_recipients r join notices n on n.id = r.notice_id where n.campaign_id = $1`,
    [campaign, SIZE],
  );
  const nationalNotice =
    (await db.query<{ id: number }>(`select id from notices where campaign_id = $1 and parent_id is null`, [campaign]))
      .rows[0]?.id ?? 0;
  const provinceNotice =
    (
      await db.query<{ id: number }>(
        `select n.id from notices n join units u on u.id = n.issuer_unit_id where n.campaign_id = $1 and u.division_code = '430000'`,
        [campaign],
      )
    ).rows[0]?.id ?? 0;
  await db.query('analyze');
  return { nationalNotice, provinceNotice };
}

export async function rollupBench(args: string[]): Promise<Record<string, unknown>> {
  const units = Number(option(args, 'units') ?? 100_000);
  const env = loadEnv();
  const { database, open, drop } = await scratchDatabase(env.DATABASE_URL);
  try {
    await runMigrations(database);
    await ensureBuiltinForms(database.db);
    await loadDemoData(database.db, { admin: env.adminPassword, demo: env.demoPassword });
    process.stderr.write(`building ${units} units with reports…\n`);
    const { nationalNotice, provinceNotice } = await build(database.pool, units);
    const reportCount =
      (await database.pool.query<{ n: number }>(`select count(*)::int n from reports`)).rows[0]?.n ?? 0;

    const national = (
      await database.pool.query<{ id: number; path: string }>(`select id, path from units where parent_id is null`)
    ).rows[0];
    const actor: Actor = {
      userId: 0,
      username: 'bench',
      displayName: 'bench',
      unitId: national?.id ?? 0,
      grants: [{ unitId: national?.id ?? 0, unitPath: national?.path ?? '/', role: 'reviewer' }],
    };
    const ctx: RequestCtx = { actor, ip: null };
    const sealer = new AuditSealer(database.db, 'sha256', () => undefined);
    const deps: AppDeps = { database, env, sealer, storage: localStorageIn(env.dataDir) };
    sealer.stop();

    const sums = Array.from({ length: SIZE }, (_, i) => `sum(figures[${i + 1}])`).join(', ');
    const series = async (fn: () => Promise<unknown>): Promise<number> => {
      await fn(); // warm
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push(await timed(fn));
      return median(times);
    };
    process.stderr.write('measuring…\n');
    // Warm: the product's path as a reader meets it between writes (the per-notice cache filled).
    // Cold: the cache dropped before every run, as right after a submission.
    const cold = (fn: () => Promise<unknown>) => async (): Promise<unknown> => {
      await database.pool.query('delete from rollup_cache');
      return fn();
    };
    const nationalRollup = (): Promise<unknown> => rollup(deps, ctx, nationalNotice, 'child', 'submitted');
    const provinceRollup = (): Promise<unknown> => rollup(deps, ctx, provinceNotice, 'prefecture', 'submitted');
    const rollupMs = await series(nationalRollup);
    const scanMs = await series(() => database.pool.query(`select ${sums} from reports`));
    const provinceMs = await series(provinceRollup);
    const rollupColdMs = await series(cold(nationalRollup));
    const provinceColdMs = await series(cold(provinceRollup));
    const exportRuns: number[] = [];
    let columns = 0;
    const rss = rssSampler();
    for (let i = 0; i < 3; i++) {
      exportRuns.push(
        await timed(async () => {
          columns = (await rollupWorkbook(deps, ctx, nationalNotice, 'county', 'submitted')).view.columns.length;
        }),
      );
    }
    const exportRssHere = rss.stop();
    process.stderr.write('exporting in a process of its own…\n');
    const own = await exportInOwnProcess({ ...open, noticeId: nationalNotice, actor, runs: 3 });
    return {
      bench: 'rollup',
      db: database.kind,
      units,
      reports: reportCount,
      rollup_ms: Math.round(rollupMs),
      scan_ms: Math.round(scanMs),
      ratio: Math.round((rollupMs / scanMs) * 100) / 100,
      rollup_cold_ms: Math.round(rollupColdMs),
      cold_ratio: Math.round((rollupColdMs / scanMs) * 100) / 100,
      province_ms: Math.round(provinceMs),
      province_cold_ms: Math.round(provinceColdMs),
      // The export's own process (as `export stats` runs it); then the same export inside this bench process.
      export_ms: own.export_ms,
      export_rss_mb: own.export_rss_mb,
      export_baseline_rss_mb: own.baseline_rss_mb,
      export_columns: own.columns,
      export_in_bench_ms: Math.round(median(exportRuns)),
      export_in_bench_rss_mb: exportRssHere,
      export_in_bench_columns: columns,
    };
  } finally {
    await drop();
  }
}
