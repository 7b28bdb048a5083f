import pino from 'pino';
import { buildApp } from './app.ts';
import { EnvError, loadEnv } from './env.ts';
import { AuditSealer } from './jobs/audit-sealer.ts';
import { startQueue } from './jobs/queue.ts';
import type { AppDeps } from './services/service-context.ts';
import { bootstrap } from './startup.ts';
import { localStorageIn } from './storage/local-disk.storage.ts';

async function main(): Promise<void> {
  const env = loadEnv();
  // One JSON-lines logger (pino) for startup and requests: a log shipper reads one format.
  const logger = pino({ level: env.LOG_LEVEL });
  const { database } = await bootstrap(env, (line) => logger.info(line));
  const sealer = new AuditSealer(database.db, env.AUDIT_HASH, (err) => app.log.error({ err }, 'audit sealing failed'));
  const deps: AppDeps = { database, env, sealer, storage: localStorageIn(env.dataDir) };
  const app = await buildApp(deps, { loggerInstance: logger });
  // Reminders and e-mail run as jobs in the Postgres-backed queue (pg-boss over our own pool).
  deps.queue = await startQueue(deps, { log: app.log });

  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await app.close();
    // Running jobs finish (or are failed back to the queue) before the pool closes.
    await deps.queue?.stop().catch((err: unknown) => app.log.error({ err }, 'job queue stop failed'));
    sealer.stop();
    await sealer.flush().catch(() => undefined);
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: env.PORT, host: '0.0.0.0' });
  sealer.nudge();
  app.log.info(
    `质量月平台已启动：${env.PUBLIC_BASE_URL}（数据库：${database.kind === 'pglite' ? `嵌入式 PGlite，${env.dataDir}` : 'PostgreSQL'}）`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof EnvError ? err.message : `启动失败：${err instanceof Error ? (err.stack ?? err.message) : String(err)}`}\n`,
  );
  process.exit(err instanceof EnvError ? 2 : 1);
});
