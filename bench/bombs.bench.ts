// `npm run --silent bench -- bombs [--count 2] [--unpacked-mb 2048]`: starts the server as a child process
// (PGlite in a temp directory, or a scratch PostgreSQL database when DATABASE_URL is set), then sends archive
// bombs at once — .docx files of about 2 MB whose directory claims 1 KB but which unpack to 2 GB — through
// 解析公文, while polling /api/health. Reports the server process's RSS (sampled from /proc every 50 ms)
// before, at peak and after, the answers, and the slowest /api/health answer.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDeflateRaw } from 'node:zlib';
import { loadEnv } from '../server/env.ts';
import { option } from './bench-util.ts';
import { scratchDatabase } from './scratch-database.ts';

const START_LIMIT_MS = 240_000;
const RUN_LIMIT_MS = 120_000;
const PASSWORD = 'Bench-Bomb-2024';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Raw deflate of `mb` MB of zeros, made a megabyte at a time (never held unpacked). */
async function deflatedZeros(mb: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < mb; i++) {
    if (!deflate.write(block)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return Buffer.concat(out);
}

/** A one-entry zip (word/document.xml) whose directory declares `declared` bytes unpacked. */
function zipOf(packed: Buffer, declared: number): Buffer {
  const name = Buffer.from('word/document.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(30 + name.length + packed.length, 16);
  return Buffer.concat([local, name, packed, central, name, end]);
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  const until = Date.now() + START_LIMIT_MS;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('server did not start in time');
}

async function login(base: string, username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  const body = (await res.json()) as { csrfToken: string };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, csrf: body.csrfToken };
}

export async function bombsBench(args: string[]): Promise<Record<string, unknown>> {
  const count = Number(option(args, 'count') ?? 2);
  const unpackedMb = Number(option(args, 'unpacked-mb') ?? 2048);
  const databaseUrl = loadEnv().DATABASE_URL;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qm-bombs-'));
  const scratch = databaseUrl ? await scratchDatabase(databaseUrl) : undefined;
  if (scratch) await scratch.database.close();
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [...process.execArgv, path.join(root, 'server/main.ts')], {
    cwd: root,
    env: {
      // The server child gets this environment plus its own port, data directory and passwords.
      // eslint-disable-next-line no-restricted-properties
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      ...(scratch?.open.databaseUrl ? { DATABASE_URL: scratch.open.databaseUrl } : {}),
      ADMIN_PASSWORD: PASSWORD,
      DEMO_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    process.stderr.write('bombs: building the bomb and starting the server…\n');
    const [packed] = await Promise.all([deflatedZeros(unpackedMb), waitForHealth(base, server)]);
    const bomb = zipOf(packed, 1024);
    const pid = server.pid ?? 0;
    const sessions = await Promise.all(Array.from({ length: count }, () => login(base, 'tibet-reviewer')));
    // Settle after start-up and logins, then take the baseline.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const rssBefore = rssMb(pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, rssMb(pid));
    }, 50);

    let running = true;
    let healthMax = 0;
    let healthChecks = 0;
    let healthFailures = 0;
    const health = (async () => {
      while (running) {
        const t0 = performance.now();
        try {
          if (!(await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(10_000) })).ok) healthFailures++;
        } catch {
          healthFailures++;
        }
        healthMax = Math.max(healthMax, performance.now() - t0);
        healthChecks++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    const t0 = performance.now();
    const answers = await Promise.all(
      sessions.map(async (s) => {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(bomb)]), '通知.docx');
        const res = await fetch(`${base}/api/notices/parse`, {
          method: 'POST',
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
          body: form,
          signal: AbortSignal.timeout(RUN_LIMIT_MS),
        });
        const body = (await res.json()) as { error?: { code: string } };
        return { status: res.status, code: body.error?.code ?? null };
      }),
    );
    const elapsedMs = Math.round(performance.now() - t0);
    // Memory a moment after: the workers are gone.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    running = false;
    await health;
    clearInterval(sampler);
    const rssAfter = rssMb(pid);
    return {
      bench: 'bombs',
      db: databaseUrl ? 'postgres' : 'pglite',
      bombs: count,
      bomb_mb: Math.round((bomb.length / 1024 / 1024) * 100) / 100,
      unpacks_to_mb: unpackedMb,
      answers,
      elapsed_ms: elapsedMs,
      rss_before_mb: rssBefore,
      rss_peak_mb: rssPeak,
      rss_growth_mb: rssPeak - rssBefore,
      rss_after_mb: rssAfter,
      health_checks: healthChecks,
      health_failures: healthFailures,
      health_max_ms: Math.round(healthMax),
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        server.kill('SIGKILL');
        resolve(undefined);
      }, 15_000);
      server.once('exit', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
    rmSync(dataDir, { recursive: true, force: true });
    await scratch?.drop().catch(() => undefined);
  }
}
