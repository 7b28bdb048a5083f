import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALITY_MONTH_2024 } from '../../domain/forms/quality-month-2024.form.ts';
import { claimCached, invalidateRollup, readCached, storeCached } from '../db/repositories/rollup-cache.repository.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';
import { adminClient } from '../test/test-helpers.ts';

// The roll-up is served from a per-notice cache; every write that changes it must drop it at once.
let t: TestApp;
let office: Client;
let assocStaff: Client;
let root = 0;
let assocNotice = 0;
const ids: Record<string, number> = {};
const codes = QUALITY_MONTH_2024.indicators.map((i) => i.code);
const at = (code: string): number => codes.indexOf(code);
const figures = (v: Record<string, number>): number[] => codes.map((c) => v[c] ?? 0);
interface Rollup {
  total: { values: number[]; covered: number; expected: number };
  columns: { name: string; covered: number; expected: number }[];
}

async function save(
  c: Client,
  noticeId: number,
  unitId: number,
  values: Record<string, number>,
): Promise<{ id: number; version: number }> {
  const res = await c.put(`/api/notices/${noticeId}/reports/${unitId}`, { version: 0, figures: figures(values) });
  if (res.statusCode >= 300) throw new Error(res.body);
  return res.json();
}
async function post<T>(c: Client, url: string, body: unknown): Promise<T> {
  const res = await c.post(url, body);
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.body}`);
  return res.json<T>();
}
const total = async (c: Client, id: number, q = ''): Promise<Rollup['total']> =>
  (await c.get(`/api/notices/${id}/rollup${q}`)).json<Rollup>().total;
const cachedRows = async (noticeId: number): Promise<number> =>
  (
    await t.database.pool.query<{ n: number }>(
      `select count(*)::int n from rollup_cache where notice_id = $1 and result ? 'done'`,
      [noticeId],
    )
  ).rows[0]?.n ?? 0;

beforeAll(async () => {
  t = await createTestApp();
  office = await t.login('tibet-reviewer');
  const tibet = (office.body.user as { unitId: number }).unitId;
  const units = (await office.get(`/api/units?parentId=${tibet}`)).json<{ items: { id: number; name: string }[] }>()
    .items;
  ids.assoc = units.find((u) => u.name === '西藏自治区质量协会')?.id ?? 0;
  ids.lhasa = units.find((u) => u.name === '拉萨市市场监督管理局')?.id ?? 0;
  const members = (await office.get(`/api/units?parentId=${ids.assoc}`)).json<{ items: { id: number }[] }>().items;
  ids.m1 = members[0]?.id ?? 0;
  ids.m2 = members[1]?.id ?? 0;
  ids.m3 = members[2]?.id ?? 0;
  const admin = await adminClient(t);
  await admin.post('/api/users', {
    username: 'assoc-cache',
    displayName: '质协秘书处',
    unitId: ids.assoc,
    roles: ['reviewer'],
    password: 'Start-Desk-2099',
  });
  const first = await t.login('assoc-cache', 'Start-Desk-2099');
  await first.post('/api/auth/change-password', { currentPassword: 'Start-Desk-2099', newPassword: 'Final-Desk-2099' });
  assocStaff = await t.login('assoc-cache', 'Final-Desk-2099');

  const campaign = await post<{ id: number }>(office, '/api/campaigns', {
    ownerUnitId: tibet,
    year: 2099,
    name: '缓存测试',
  });
  const n = await post<{ id: number; version: number }>(office, '/api/notices', {
    campaignId: campaign.id,
    issuerUnitId: tibet,
    title: '缓存',
    formCode: 'quality-month-2024',
    recipientUnitIds: [ids.assoc, ids.lhasa],
  });
  root = (await post<{ id: number }>(office, `/api/notices/${n.id}/issue`, { version: n.version })).id;
  const f = await post<{ id: number; version: number }>(assocStaff, `/api/notices/${root}/forward`, {
    kind: 'forward',
    recipientUnitIds: [ids.m1, ids.m2],
  });
  assocNotice = (await post<{ id: number }>(assocStaff, `/api/notices/${f.id}/issue`, { version: f.version })).id;
});
afterAll(async () => {
  await t.dispose();
});

describe('roll-up cache', () => {
  it('is filled by a read and dropped on the whole path by a submit two levels down', async () => {
    expect(await total(office, root)).toMatchObject({ covered: 0, expected: 4 });
    // The association's own report to the notice above counts in 应报 beside its two members'.
    expect(await total(assocStaff, assocNotice)).toMatchObject({ covered: 0, expected: 3 });
    expect(await cachedRows(root)).toBe(1);
    expect(await cachedRows(assocNotice)).toBe(1);

    const m1 = await save(assocStaff, assocNotice, ids.m1 ?? 0, { pub_events: 6 });
    expect(await total(office, root)).toMatchObject({ covered: 0 }); // a draft changes nothing
    const submitted = await post<{ id: number; version: number }>(assocStaff, `/api/reports/${m1.id}/submit`, {
      version: m1.version,
    });
    expect(await cachedRows(root)).toBe(0);
    expect(await cachedRows(assocNotice)).toBe(0);
    const after = await total(office, root);
    expect(after.covered).toBe(1);
    expect(after.values[at('pub_events')]).toBe(6);
    expect((await total(assocStaff, assocNotice)).values[at('pub_events')]).toBe(6);

    // Returned: no longer counted, at once.
    await total(office, root, '?status=submitted');
    await post(assocStaff, `/api/reports/${submitted.id}/return`, { version: submitted.version, reason: '请核实' });
    const gone = await total(office, root);
    expect(gone.covered).toBe(0);
    expect(gone.values[at('pub_events')]).toBe(0);
  });

  it('drops the accepted-only variant on accept', async () => {
    const m2 = await save(assocStaff, assocNotice, ids.m2 ?? 0, { pub_events: 5 });
    const s = await post<{ id: number; version: number }>(assocStaff, `/api/reports/${m2.id}/submit`, {
      version: m2.version,
    });
    expect((await total(office, root, '?status=accepted')).covered).toBe(0);
    await post(assocStaff, `/api/reports/${s.id}/accept`, { version: s.version });
    const accepted = await total(office, root, '?status=accepted');
    expect(accepted.covered).toBe(1);
    expect(accepted.values[at('pub_events')]).toBe(5);
  });

  it('counts a new recipient of a forward in 应报 at once', async () => {
    const before = await total(office, root);
    const other = await post<{ id: number; version: number }>(assocStaff, `/api/notices/${root}/forward`, {
      kind: 'plan',
      confirmDuplicate: true,
      recipientUnitIds: [ids.m3],
    });
    await post(assocStaff, `/api/notices/${other.id}/issue`, { version: other.version });
    expect((await total(office, root)).expected).toBe(before.expected + 1);
  });
});

describe('drill-down and previous year', () => {
  it('names the notice each column passed on, for drilling down', async () => {
    const r = (await office.get(`/api/notices/${root}/rollup`)).json<{
      columns: { unitId: number; noticeId: number | null }[];
    }>();
    expect(r.columns.find((c) => c.unitId === ids.assoc)?.noticeId).toBe(assocNotice);
    expect(r.columns.find((c) => c.unitId === ids.lhasa)?.noticeId).toBeNull();
  });

  it("drills into a region: only units inside it, without the node's own report", async () => {
    const r = (await office.get(`/api/notices/${root}/rollup?region=${ids.assoc}`)).json<{
      region: { name: string } | null;
      columns: { unitId: number }[];
      own: unknown;
      total: { expected: number };
    }>();
    expect(r.region?.name).toBe('西藏自治区质量协会');
    expect(r.columns.map((c) => c.unitId)).toEqual([ids.assoc]);
    expect(r.own).toBeNull();
    expect(r.total.expected).toBe(4); // the association and its three members
    expect((await office.get(`/api/notices/${root}/rollup?region=99999999`)).statusCode).toBe(404);
  });

  it("finds the same issuer's notice a year earlier, or says there is none", async () => {
    interface Prev {
      year: number;
      previous: { noticeId: number; year: number; totals: Record<string, number> } | null;
    }
    expect((await office.get(`/api/notices/${root}/rollup/previous-year`)).json<Prev>()).toMatchObject({
      year: 2098,
      previous: null,
    });
    const tibet = (office.body.user as { unitId: number }).unitId;
    const campaign = await post<{ id: number }>(office, '/api/campaigns', {
      ownerUnitId: tibet,
      year: 2098,
      name: '上一年',
    });
    const n = await post<{ id: number; version: number }>(office, '/api/notices', {
      campaignId: campaign.id,
      issuerUnitId: tibet,
      title: '去年',
      formCode: 'quality-month-2024',
      recipientUnitIds: [ids.lhasa],
    });
    const last = (await post<{ id: number }>(office, `/api/notices/${n.id}/issue`, { version: n.version })).id;
    const rep = await save(office, last, ids.lhasa ?? 0, { pub_events: 9 });
    await post(office, `/api/reports/${rep.id}/submit`, { version: rep.version });
    const prev = (await office.get(`/api/notices/${root}/rollup/previous-year`)).json<Prev>();
    expect(prev.previous).toMatchObject({ noticeId: last, year: 2098 });
    expect(prev.previous?.totals.pub_events).toBe(9);
  });
});

describe('cache protocol', () => {
  it('a write between claiming and storing leaves nothing cached', async () => {
    const { db } = t.database;
    const token = await claimCached(db, root, 'probe');
    expect(token).not.toBeNull();
    expect(await claimCached(db, root, 'probe')).toBeNull(); // someone is computing it
    await invalidateRollup(db, assocNotice);
    expect(await storeCached(db, root, 'probe', token ?? '', { x: 1 })).toBe(false);
    expect(await readCached(db, root, 'probe')).toBeUndefined();

    const again = await claimCached(db, root, 'probe');
    expect(await storeCached(db, root, 'probe', again ?? '', { x: 2 })).toBe(true);
    expect(await readCached(db, root, 'probe')).toEqual({ x: 2 });
  });
});
