// The load generator of `bench submit`, in a process of its own so that it does not share the server's
// event loop: concurrent clients save then submit one unit's full table each, over keep-alive HTTP.
// Input: JSON on stdin (2,200 sessions are too long for an argument); output: one JSON line on stdout.
import http from 'node:http';
import { QUALITY_MONTH_2024 } from '../domain/forms/quality-month-2024.form.ts';

export interface LoadUnit {
  unitId: number;
  token: string;
  i: number;
}
export interface LoadInput {
  base: string;
  noticeId: number;
  concurrency: number;
  warmUp: LoadUnit[];
  measured: LoadUnit[];
  timeLimitMs: number;
}
export interface LoadOutput {
  seconds: number;
  latencies: number[];
  acked: number[];
  errors: number;
}

export const benchFigures = (i: number): number[] =>
  QUALITY_MONTH_2024.indicators.map((ind, k) => (ind.code === 'ent_solved' ? 0 : (i * 7 + k) % 90));

/** Runs tasks with a fixed number in flight. */
export async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++];
        if (item !== undefined) await work(item);
      }
    }),
  );
}

async function main(input: LoadInput): Promise<LoadOutput> {
  // node:http with keep-alive: fetch's streams cost about a tenth more CPU per request.
  const agent = new http.Agent({ keepAlive: true, maxSockets: input.concurrency });
  const deadline = Date.now() + input.timeLimitMs;
  const out: LoadOutput = { seconds: 0, latencies: [], acked: [], errors: 0 };
  const call = (unit: LoadUnit, method: string, url: string, body: unknown): Promise<{ ok: boolean; body: string }> =>
    new Promise((resolve) => {
      const data = JSON.stringify(body);
      const s = performance.now();
      const headers = {
        cookie: `qm_session=${unit.token}`,
        'x-csrf-token': unit.token,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(data),
      };
      const req = http.request(`${input.base}${url}`, { method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          chunks.push(c);
        });
        res.on('end', () => {
          out.latencies.push(Math.round((performance.now() - s) * 10) / 10);
          resolve({
            ok: (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300,
            body: Buffer.concat(chunks).toString(),
          });
        });
      });
      req.on('error', () => {
        resolve({ ok: false, body: '' });
      });
      req.end(data);
    });
  const round = (units: LoadUnit[]): Promise<void> =>
    pool(units, input.concurrency, async (unit) => {
      if (Date.now() > deadline) return;
      const saved = await call(unit, 'PUT', `/api/notices/${input.noticeId}/reports/${unit.unitId}`, {
        version: 0,
        figures: benchFigures(unit.i),
      });
      if (!saved.ok) {
        out.errors++;
        return;
      }
      const report = JSON.parse(saved.body) as { id: number; version: number };
      const submitted = await call(unit, 'POST', `/api/reports/${report.id}/submit`, { version: report.version });
      if (!submitted.ok) {
        out.errors++;
        return;
      }
      out.acked.push(unit.unitId);
    });
  await round(input.warmUp);
  out.latencies = [];
  out.acked = [];
  const t0 = performance.now();
  await round(input.measured);
  out.seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return out;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

// Imported by the bench for its helpers; runs only as the worker.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '\0')) {
  readStdin()
    .then((text) => main(JSON.parse(text) as LoadInput))
    .then(
      (out) => {
        // Exit once the pipe has taken the whole line (it is longer than a pipe buffer).
        process.stdout.write(`${JSON.stringify(out)}\n`, () => process.exit(0));
      },
      (err: unknown) => {
        process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(1);
      },
    );
}
