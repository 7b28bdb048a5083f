import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema.ts';
import type { HostMessage } from './pglite-host.ts';

export type Db = NodePgDatabase<typeof schema>;
export type DbKind = 'pglite' | 'postgres';

export interface Database {
  kind: DbKind;
  pool: pg.Pool;
  db: Db;
  /** True when this process started the embedded database (rather than joining a running server's). */
  ownsHost: boolean;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {}

// numeric → JS number: figures are bounded well inside double precision.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

const PG_PORT = 5432;
const MAX_UNIX_SOCKET_PATH = 100;

interface HostAddress {
  pid: number;
  socketDir?: string;
  host?: string;
  port: number;
}

function addressFile(dataDir: string): string {
  return path.join(dataDir, 'pglite-host.json');
}

function canConnect(address: HostAddress): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = address.socketDir
      ? net.connect(path.join(address.socketDir, `.s.PGSQL.${address.port}`))
      : net.connect(address.port, address.host);
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1000, () => done(false));
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The address of a PGlite host already serving this data directory, if any. */
async function runningHost(dataDir: string): Promise<HostAddress | undefined> {
  const file = addressFile(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const address = JSON.parse(readFileSync(file, 'utf8')) as HostAddress;
    if (pidAlive(address.pid) && (await canConnect(address))) return address;
  } catch {
    /* stale or unreadable: start a new host */
  }
  return undefined;
}

function startHost(dataDir: string): Promise<{ child: ChildProcess; address: HostAddress }> {
  mkdirSync(dataDir, { recursive: true });
  const socketPath = path.join(dataDir, `.s.PGSQL.${PG_PORT}`);
  const useUnix = socketPath.length <= MAX_UNIX_SOCKET_PATH;
  if (useUnix) rmSync(socketPath, { force: true });
  // Compiled (npm start runs build/main.js): the host is build/pglite-host.js beside it, plain Node.
  const compiled = import.meta.url.endsWith('.js');
  const hostScript = fileURLToPath(new URL(compiled ? './pglite-host.js' : './pglite-host.ts', import.meta.url));
  const child = fork(hostScript, [], {
    execArgv: compiled ? ['--enable-source-maps'] : ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void =>
      reject(new DatabaseUnavailableError(`嵌入式数据库进程意外退出 (code ${code})`));
    child.once('exit', onExit);
    child.once('message', (m: HostMessage) => {
      child.off('exit', onExit);
      if (m.type === 'error') {
        child.kill();
        reject(new DatabaseUnavailableError(`无法打开嵌入式数据库：${m.message}`));
        return;
      }
      const address: HostAddress = m.socketPath
        ? { pid: child.pid ?? 0, socketDir: dataDir, port: PG_PORT }
        : { pid: child.pid ?? 0, host: m.host ?? '127.0.0.1', port: m.port ?? 0 };
      resolve({ child, address });
    });
    child.send({ pgdata: path.join(dataDir, 'pgdata'), socketPath: useUnix ? socketPath : undefined });
  });
}

const kinds = new WeakMap<object, DbKind>();

/**
 * The name for a prepared statement: named on PostgreSQL, so each connection parses and plans it once
 * (planning costs more than running the hot lookups); unnamed on the embedded database, whose one
 * session is shared by all our connections, so one connection's name would clash with another's (and
 * unnamed in a transaction, whose handle has no kind: those statements run once).
 */
export function statementName(db: object, name: string): string {
  return kinds.get(db) === 'postgres' ? name : '';
}

/** A prepared query built once per handle (the pool's, or a transaction's): building costs more CPU than running the hot ones. */
export function builtOnce<H extends object, T>(cache: WeakMap<H, T>, handle: H, build: (handle: H) => T): T {
  let hit = cache.get(handle);
  if (hit === undefined) {
    hit = build(handle);
    cache.set(handle, hit);
  }
  return hit;
}

function makeDatabase(kind: DbKind, config: pg.PoolConfig, ownsHost: boolean, onClose: () => Promise<void>): Database {
  const pool = new pg.Pool({ ...config, idleTimeoutMillis: 30_000, application_name: 'quality-month' });
  // A dropped connection must not crash the process (the query in flight still fails); the next query reconnects.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = drizzle(pool, { schema });
  kinds.set(db, kind);
  return {
    kind,
    pool,
    ownsHost,
    db,
    async close() {
      await pool.end();
      await onClose();
    },
  };
}

export interface OpenOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  poolMax?: number;
}

/**
 * Opens the PostgreSQL server at databaseUrl, or the embedded PGlite under dataDir: joining the
 * host of a running server when there is one, else starting our own host process.
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const database = makeDatabase(
      'postgres',
      { connectionString: options.databaseUrl, max: options.poolMax ?? 10 },
      false,
      async () => undefined,
    );
    try {
      await database.pool.query('select 1');
    } catch (err) {
      await database.pool.end().catch(() => undefined);
      throw new DatabaseUnavailableError(`无法连接数据库：${err instanceof Error ? err.message : String(err)}`);
    }
    return database;
  }
  const conn = (a: HostAddress): pg.PoolConfig => ({
    host: a.socketDir ?? a.host,
    port: a.port,
    user: 'postgres',
    database: 'postgres',
    // PGlite runs one query at a time; a few connections only queue in its multiplexer.
    max: options.poolMax ?? 4,
  });
  // Whoever holds the lock owns the host; everyone else joins it once it answers.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const existing = await runningHost(options.dataDir);
    if (existing) return makeDatabase('pglite', conn(existing), false, async () => undefined);
    if (tryLock(options.dataDir)) break;
    if (Date.now() > deadline) throw new DatabaseUnavailableError('嵌入式数据库被另一个进程占用且无响应');
    await new Promise((r) => setTimeout(r, 200));
  }
  let started: Awaited<ReturnType<typeof startHost>>;
  try {
    started = await startHost(options.dataDir);
  } catch (err) {
    unlock(options.dataDir);
    throw err;
  }
  const { child, address } = started;
  writeFileSync(addressFile(options.dataDir), JSON.stringify(address));
  // A host that dies (even by SIGKILL) frees the directory for the next opener.
  child.once('exit', () => {
    // Only if the files are still this host's: a late exit must not free a successor's lock.
    if (hostPidOnFile(options.dataDir) !== child.pid) return;
    rmSync(addressFile(options.dataDir), { force: true });
    unlock(options.dataDir);
  });
  return makeDatabase('pglite', conn(address), true, async () => {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null || !child.connected) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      child.send('stop');
      setTimeout(() => {
        child.kill('SIGKILL');
      }, 10_000).unref();
    });
  });
}

function hostPidOnFile(dataDir: string): number | undefined {
  try {
    return (JSON.parse(readFileSync(addressFile(dataDir), 'utf8')) as HostAddress).pid;
  } catch {
    return undefined;
  }
}

function lockFile(dataDir: string): string {
  return path.join(dataDir, 'pglite-host.lock');
}

/** Takes the data directory for this process (false when another live process holds it). */
export function tryLock(dataDir: string): boolean {
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(lockFile(dataDir), String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    const holder = Number(readFileSync(lockFile(dataDir), 'utf8'));
    if (Number.isInteger(holder) && holder > 0 && pidAlive(holder)) return false;
    rmSync(lockFile(dataDir), { force: true }); // left by a process that died
    return false;
  }
}

export function unlock(dataDir: string): void {
  rmSync(lockFile(dataDir), { force: true });
}
