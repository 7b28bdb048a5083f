import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// Counters the use cases bump, one set per process (a scrape sees this node's counts; Prometheus sums the nodes).
const shared = new Registry();
collectDefaultMetrics({ register: shared, prefix: 'qm_' });

export const httpDuration = new Histogram({
  name: 'qm_http_request_duration_seconds',
  help: 'HTTP request latency by route (the route pattern, not the URL) and status code',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [shared],
});

export const uploadBytes = new Counter({
  name: 'qm_upload_bytes_total',
  help: 'Bytes of uploaded files stored, by kind',
  labelNames: ['kind'] as const,
  registers: [shared],
});

export const remindersSent = new Counter({
  name: 'qm_reminders_sent_total',
  help: 'Units reminded (催报), automatic sweep or manual',
  labelNames: ['mode'] as const,
  registers: [shared],
});

export const exportJobsFinished = new Counter({
  name: 'qm_export_jobs_finished_total',
  help: 'Roll-up export jobs finished, by outcome',
  labelNames: ['outcome'] as const,
  registers: [shared],
});

/** What one scrape reads from the database (asked of a service, so routes stay thin). */
export interface DatabaseGauges {
  pool: { total: number; idle: number; waiting: number; max: number };
  /** Jobs waiting or running in the pg-boss queue, by queue name and state. */
  queue: { name: string; state: string; count: number }[];
  /** Export jobs by status (queued, running, done…). */
  exportJobs: { status: string; count: number }[];
}

/**
 * A registry for one app: the shared counters plus gauges filled at scrape time. Several apps in one
 * process (tests) each get their own gauges over their own database.
 */
export function createMetricsRegistry(read: () => Promise<DatabaseGauges>): Registry {
  const own = new Registry();
  let pending: Promise<DatabaseGauges> | undefined;
  // The three gauges are collected together: one database read per scrape.
  const snapshot = (): Promise<DatabaseGauges> => {
    pending ??= read().finally(() => {
      setImmediate(() => (pending = undefined));
    });
    return pending;
  };
  new Gauge({
    name: 'qm_db_pool_connections',
    help: 'Database pool connections: total, idle, waiting clients, max',
    labelNames: ['state'] as const,
    registers: [own],
    async collect() {
      const { pool } = await snapshot();
      this.reset();
      for (const [state, n] of Object.entries(pool)) this.set({ state }, n);
    },
  });
  new Gauge({
    name: 'qm_job_queue_depth',
    help: 'Jobs in the queue (pg-boss) not yet finished, by queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [own],
    async collect() {
      const { queue } = await snapshot();
      this.reset();
      for (const q of queue) this.set({ queue: q.name, state: q.state }, q.count);
    },
  });
  new Gauge({
    name: 'qm_export_jobs',
    help: 'Roll-up export jobs by status',
    labelNames: ['status'] as const,
    registers: [own],
    async collect() {
      const { exportJobs } = await snapshot();
      this.reset();
      for (const j of exportJobs) this.set({ status: j.status }, j.count);
    },
  });
  return Registry.merge([shared, own]);
}
