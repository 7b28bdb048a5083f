import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantsOf } from '../db/repositories/user.repository.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';
import { startRollupExport } from './export-job.service.ts';
import { EXPORT_JOB_STALE_MS, runMaintenance } from './maintenance.service.ts';
import type { RequestCtx } from './service-context.ts';

let t: TestApp;
let office: Client;
let demo = 0;
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const DAY = 24 * 3600 * 1000;

function tus(
  method: 'POST' | 'HEAD' | 'PATCH',
  url: string,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url,
    payload: body,
    headers: {
      cookie: office.cookie,
      'x-csrf-token': office.csrfToken,
      'tus-resumable': '1.0.0',
      ...(body ? { 'content-type': 'application/offset+octet-stream' } : {}),
      ...headers,
    },
  });
}

/** An upload cut off after half of its bytes; answers its id. */
async function halfUpload(name: string): Promise<string> {
  const created = await tus('POST', '/api/uploads', {
    'upload-length': '2000',
    'upload-metadata': `filename ${b64(name)},filetype ${b64('image/jpeg')}`,
  });
  expect(created.statusCode).toBe(201);
  const id = String(created.headers.location).split('/').pop() ?? '';
  expect((await tus('PATCH', `/api/uploads/${id}`, { 'upload-offset': '0' }, Buffer.alloc(1000, 7))).statusCode).toBe(
    204,
  );
  return id;
}

/** Moves an upload's creation back in time, as if it had been left for that long. */
function age(id: string, ms: number): void {
  const meta = path.join(t.env.dataDir, 'uploads', `${id}.json`);
  const info = JSON.parse(readFileSync(meta, 'utf8')) as { creation_date: string };
  info.creation_date = new Date(Date.now() - ms).toISOString();
  writeFileSync(meta, JSON.stringify(info));
}

async function ctx(): Promise<RequestCtx> {
  const me = (await office.get('/api/auth/me')).json<{
    user: { id: number; username: string; displayName: string; unitId: number };
  }>().user;
  const grants = (await grantsOf(t.database.db, [me.id])).get(me.id) ?? [];
  return {
    actor: {
      userId: me.id,
      username: me.username,
      displayName: me.displayName,
      unitId: me.unitId,
      grants: grants.map((g) => ({ unitId: g.unitId, unitPath: g.unitPath, role: g.role })),
    },
    ip: null,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  office = await t.login('tibet-reviewer');
  demo =
    (await office.get('/api/notices/outbox'))
      .json<{ items: { id: number; docNumber: string | null }[] }>()
      .items.find((n) => n.docNumber === '藏质标办〔2024〕2号')?.id ?? 0;
});
afterAll(async () => {
  await t.dispose();
});

describe('maintenance', () => {
  it('deletes unfinished uploads past their expiry and keeps the ones that can still resume', async () => {
    const old = await halfUpload('旧照片.jpg');
    const fresh = await halfUpload('新照片.jpg');
    age(old, 8 * DAY);
    age(fresh, 6 * DAY);
    expect(await runMaintenance(t.deps, new Date())).toMatchObject({ expiredUploads: 1 });
    expect((await tus('HEAD', `/api/uploads/${old}`)).statusCode).toBe(404);
    expect(existsSync(path.join(t.env.dataDir, 'uploads', old))).toBe(false);
    const head = await tus('HEAD', `/api/uploads/${fresh}`);
    expect(head.statusCode).toBe(200);
    expect(head.headers['upload-offset']).toBe('1000');
  });

  it('marks export jobs a restart left behind as failed, with a message the user can act on', async () => {
    const c = await ctx();
    const params = { noticeId: demo, by: 'child' as const, status: 'submitted' as const, format: 'xlsx' as const };
    const stale = await startRollupExport(t.deps, c, params, { start: false });
    const current = await startRollupExport(t.deps, c, params, { start: false });
    const now = new Date();
    await t.database.pool.query(`update export_jobs set status = 'running', created_at = $2 where id = $1`, [
      stale.id,
      new Date(now.getTime() - EXPORT_JOB_STALE_MS - 1000),
    ]);
    expect(await runMaintenance(t.deps, now)).toMatchObject({ interruptedExports: 1 });
    const seen = (await office.get(`/api/export-jobs/${stale.id}`)).json<{
      status: string;
      error: string | null;
      downloadUrl: string | null;
    }>();
    expect(seen).toMatchObject({ status: 'failed', error: '导出因服务重启而中断，请重新导出', downloadUrl: null });
    expect((await office.get(`/api/export-jobs/${current.id}`)).json<{ status: string }>().status).toBe('queued');
    // A second run finds nothing more to do.
    expect(await runMaintenance(t.deps, now)).toEqual({ expiredUploads: 0, interruptedExports: 0 });
  });
});
