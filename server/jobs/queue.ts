import PgBoss from 'pg-boss';
import type { Database } from '../db/database.ts';
import type { AppDeps } from '../services/service-context.ts';
import { runMaintenance } from '../services/maintenance.service.ts';
import { sweepReminders } from '../services/reminder.service.ts';
import { deliverDueMail, type MailLog } from './mail-sender.ts';

export const QUEUES = { reminders: 'reminders.sweep', mail: 'mail.send', maintenance: 'maintenance.run' } as const;

/** Job data: tests (and an operator) may run the sweep for a given moment. */
export interface SweepJob {
  now?: string;
}

export interface JobQueue {
  /** Asks for the outbox to be delivered soon (after a commit that queued e-mails). */
  nudgeMail(): void;
  /** Queues a reminder sweep; returns the job id, or null when one is already waiting. */
  sweepSoon(now?: Date): Promise<string | null>;
  boss: PgBoss;
  stop(): Promise<void>;
}

export interface QueueOptions {
  log: MailLog & { error(obj: Record<string, unknown>, msg: string): void };
  /** Cron schedules and maintenance (off in tests, which send the jobs they want). */
  schedule?: boolean;
  pollingIntervalSeconds?: number;
}

/**
 * pg-boss over the app's own connection pool (its `db` adapter), so jobs live in the same database and
 * work on the embedded PGlite through our wire server as on PostgreSQL. Queues use the `stately` policy:
 * at most one sweep waits while one runs, however many nodes nudge.
 */
export async function startQueue(
  deps: Pick<AppDeps, 'env' | 'sealer'> & { database: Database },
  options: QueueOptions,
): Promise<JobQueue> {
  const { pool } = deps.database;
  const scheduled = options.schedule ?? true;
  const boss = new PgBoss({
    db: { executeSql: async (text: string, values: unknown[]) => pool.query(text, values) },
    schedule: scheduled,
    supervise: scheduled,
    migrate: true,
  });
  boss.on('error', (err) => options.log.error({ err }, '任务队列出错'));
  await boss.start();
  for (const name of Object.values(QUEUES)) {
    await boss.createQueue(name, {
      name,
      policy: 'stately',
      retryLimit: 3,
      retryBackoff: true,
      expireInSeconds: 15 * 60,
    });
  }
  const work = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 };
  const holder: { queue?: JobQueue } = {};
  const jobDeps = {
    ...deps,
    get queue() {
      return holder.queue;
    },
  };

  await boss.work<SweepJob>(QUEUES.reminders, work, async ([job]) => {
    const now = job?.data.now ? new Date(job.data.now) : new Date();
    return sweepReminders(jobDeps, now);
  });
  await boss.work(QUEUES.mail, work, async () => deliverDueMail(deps, options.log));
  await boss.work<SweepJob>(QUEUES.maintenance, work, async ([job]) =>
    runMaintenance(deps, job?.data.now ? new Date(job.data.now) : new Date()),
  );

  if (scheduled) {
    // Hourly: a new day's slots go out in the morning; reminders_sent keeps later runs quiet.
    await boss.schedule(QUEUES.reminders, '5 * * * *', {}, { tz: 'Asia/Shanghai' });
    // Every minute: retries of failed e-mails and anything a crashed node left pending.
    await boss.schedule(QUEUES.mail, '* * * * *', {}, { tz: 'Asia/Shanghai' });
    // Hourly, and once now: expired uploads, export jobs a restart left running.
    await boss.schedule(QUEUES.maintenance, '20 * * * *', {}, { tz: 'Asia/Shanghai' });
    await boss.send(QUEUES.maintenance, {});
  }

  const queue: JobQueue = {
    boss,
    nudgeMail() {
      boss.send(QUEUES.mail, {}).catch((err: unknown) => options.log.error({ err }, '无法排队发送邮件'));
    },
    sweepSoon: (now) => boss.send(QUEUES.reminders, now ? { now: now.toISOString() } : {}),
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
  holder.queue = queue;
  return queue;
}
