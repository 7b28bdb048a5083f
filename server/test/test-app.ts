import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../app.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { parseEnv, type Env } from '../env.ts';
import { AuditSealer } from '../jobs/audit-sealer.ts';
import type { AppDeps } from '../services/service-context.ts';
import { localStorageIn } from '../storage/local-disk.storage.ts';
import { testConfig } from './test-config.ts';
import { TEST_PASSWORDS } from './test-passwords.ts';

export interface TestDb {
  database: Database;
  dataDir: string;
  dispose(): Promise<void>;
}

/** An isolated copy of the migrated demo database for one test file. */
export async function createTestDb(): Promise<TestDb> {
  if (testConfig.dbKind === 'pglite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qm-t-'));
    cpSync(inject('pgliteTemplate'), dataDir, { recursive: true });
    const database = await openDatabase({ dataDir });
    return {
      database,
      dataDir,
      async dispose() {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `qm_t_${process.ppid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const url = new URL(testConfig.databaseUrl ?? '');
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('postgresTemplate')}`);
  url.pathname = `/${name}`;
  const database = await openDatabase({ dataDir: '', databaseUrl: url.toString() });
  return {
    database,
    dataDir: '',
    async dispose() {
      await database.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export interface EmptyTarget {
  /** DATA_DIR (PGlite) or DATABASE_URL (PostgreSQL) of a database nobody has migrated yet. */
  env: Record<string, string>;
  dataDir: string;
  databaseUrl: string | undefined;
  dispose(): Promise<void>;
}

/** A fresh, empty data directory or database (a first start, a restore target). */
export async function createEmptyTarget(): Promise<EmptyTarget> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qm-empty-'));
  if (testConfig.dbKind === 'pglite') {
    return {
      env: { DATA_DIR: dataDir },
      dataDir,
      databaseUrl: undefined,
      async dispose() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `qm_t_${process.ppid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const url = new URL(testConfig.databaseUrl ?? '');
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  url.pathname = `/${name}`;
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    dataDir,
    databaseUrl: url.toString(),
    async dispose() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestApp extends TestDb {
  app: FastifyInstance;
  deps: AppDeps;
  env: Env;
  /** Logs in and returns a client that sends the cookie and CSRF token. */
  login(username: string, password?: string, ip?: string): Promise<Client>;
}

export interface Client {
  csrfToken: string;
  cookie: string;
  body: Record<string, unknown>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export function testEnv(dataDir: string, extra: Record<string, string> = {}): Env {
  return parseEnv({
    DATA_DIR: dataDir || os.tmpdir(),
    ADMIN_PASSWORD: TEST_PASSWORDS.admin,
    DEMO_PASSWORD: TEST_PASSWORDS.demo,
    LOG_LEVEL: 'silent',
    ...extra,
  });
}

export async function createTestApp(extraEnv: Record<string, string> = {}): Promise<TestApp> {
  const testDb = await createTestDb();
  // Files and upload staging live in DATA_DIR; PostgreSQL test databases have none, so they get a scratch one.
  const scratch = testDb.dataDir ? undefined : mkdtempSync(path.join(os.tmpdir(), 'qm-files-'));
  const env = testEnv(testDb.dataDir || (scratch ?? ''), extraEnv);
  const sealer = new AuditSealer(testDb.database.db, env.AUDIT_HASH, () => undefined);
  const deps: AppDeps = { database: testDb.database, env, sealer, storage: localStorageIn(env.dataDir) };
  const app = await buildApp(deps, { logger: false });
  await app.ready();

  // Each login comes from its own address unless told otherwise, so the login rate limit
  // (per address) only bites in the tests that are about it.
  let logins = 0;
  async function login(
    username: string,
    password = username === 'admin' ? TEST_PASSWORDS.admin : TEST_PASSWORDS.demo,
    ip = `10.200.${Math.floor(++logins / 250)}.${(logins % 250) + 1}`,
  ): Promise<Client> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: ip,
    });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const body = res.json<Record<string, unknown>>();
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrfToken = String(body.csrfToken);
    const send = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE') => (url: string, payload?: unknown) =>
      app.inject({
        method,
        url,
        headers: { cookie, 'x-csrf-token': csrfToken },
        remoteAddress: ip,
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
    return {
      csrfToken,
      cookie,
      body,
      get: (url) => app.inject({ method: 'GET', url, headers: { cookie }, remoteAddress: ip }),
      post: send('POST'),
      patch: send('PATCH'),
      put: send('PUT'),
      delete: (url) => send('DELETE')(url),
    };
  }

  return {
    ...testDb,
    app,
    deps,
    env,
    login,
    async dispose() {
      sealer.stop();
      await app.close();
      await testDb.dispose();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}
