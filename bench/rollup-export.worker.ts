// The national roll-up export timed in a process of its own, as `export stats` and a server run it:
// the bench process itself holds the memory of building 100,000 units, which no export process has.
// Input: one JSON argument (database, notice, actor); output: one JSON line on stdout.
import type { Actor } from '../domain/policies/actor.ts';
import { openDatabase } from '../server/db/database.ts';
import { loadEnv } from '../server/env.ts';
import { AuditSealer } from '../server/jobs/audit-sealer.ts';
import type { AppDeps } from '../server/services/service-context.ts';
import { rollupWorkbook } from '../server/services/stats-export.service.ts';
import { localStorageIn } from '../server/storage/local-disk.storage.ts';
import { median, rssSampler, timed } from './bench-util.ts';

export interface ExportWorkerInput {
  dataDir: string;
  databaseUrl?: string | undefined;
  noticeId: number;
  actor: Actor;
  runs: number;
}
export interface ExportWorkerOutput {
  export_ms: number;
  export_rss_mb: number;
  baseline_rss_mb: number;
  columns: number;
}

async function main(input: ExportWorkerInput): Promise<ExportWorkerOutput> {
  const env = loadEnv();
  const database = await openDatabase({
    dataDir: input.dataDir,
    ...(input.databaseUrl && { databaseUrl: input.databaseUrl }),
  });
  try {
    const sealer = new AuditSealer(database.db, 'sha256', () => undefined);
    sealer.stop();
    const deps: AppDeps = { database, env, sealer, storage: localStorageIn(input.dataDir || env.dataDir) };
    const ctx = { actor: input.actor, ip: null };
    const baseline = Math.round(process.memoryUsage().rss / 1048576);
    const rss = rssSampler();
    let columns = 0;
    const runs: number[] = [];
    for (let i = 0; i < input.runs; i++)
      runs.push(
        await timed(async () => {
          columns = (await rollupWorkbook(deps, ctx, input.noticeId, 'county', 'submitted')).view.columns.length;
        }),
      );
    return { export_ms: Math.round(median(runs)), export_rss_mb: rss.stop(), baseline_rss_mb: baseline, columns };
  } finally {
    await database.close();
  }
}

main(JSON.parse(process.argv[2] ?? '{}') as ExportWorkerInput).then(
  (out) => {
    process.stdout.write(`${JSON.stringify(out)}\n`);
    process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
