import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALITY_MONTH_2024 } from '../../domain/forms/quality-month-2024.form.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';
import { adminClient } from '../test/test-helpers.ts';

let t: TestApp;
let office: Client;
let assocStaff: Client;
let officeNotice = 0;
const ids: Record<string, number> = {};
const codes = QUALITY_MONTH_2024.indicators.map((i) => i.code);
const figures = (v: Record<string, number>): number[] => codes.map((c) => v[c] ?? 0);
const at = (code: string): number => codes.indexOf(code);
interface Rollup {
  total: { values: number[]; covered: number; expected: number };
  columns: { name: string; values: number[]; covered: number; expected: number }[];
  empty: boolean;
}

async function fill(
  c: Client,
  noticeId: number,
  unitId: number,
  values: Record<string, number>,
  submit = true,
): Promise<{ id: number; version: number }> {
  const saved = (
    await c.put(`/api/notices/${noticeId}/reports/${unitId}`, { version: 0, figures: figures(values) })
  ).json<{ id: number; version: number }>();
  if (!submit) return saved;
  const res = await c.post(`/api/reports/${saved.id}/submit`, { version: saved.version });
  if (res.statusCode !== 200) throw new Error(res.body);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  office = await t.login('tibet-reviewer');
  const tibet = (office.body.user as { unitId: number }).unitId;
  const units = (await office.get(`/api/units?parentId=${tibet}`)).json<{ items: { id: number; name: string }[] }>()
    .items;
  ids.assoc = units.find((u) => u.name === '西藏自治区质量协会')?.id ?? 0;
  ids.lhasa = units.find((u) => u.name === '拉萨市市场监督管理局')?.id ?? 0;
  ids.shigatse = units.find((u) => u.name === '日喀则市市场监督管理局')?.id ?? 0;
  const members = (await office.get(`/api/units?parentId=${ids.assoc}`)).json<{ items: { id: number }[] }>().items;
  ids.m1 = members[0]?.id ?? 0;
  ids.m2 = members[1]?.id ?? 0;
  const admin = await adminClient(t);
  await admin.post('/api/users', {
    username: 'assoc-staff',
    displayName: '质协秘书处',
    unitId: ids.assoc,
    roles: ['reviewer'],
    password: 'Start-Desk-2099',
  });
  const first = await t.login('assoc-staff', 'Start-Desk-2099');
  await first.post('/api/auth/change-password', { currentPassword: 'Start-Desk-2099', newPassword: 'Final-Desk-2099' });
  assocStaff = await t.login('assoc-staff', 'Final-Desk-2099');

  const campaign = (
    await office.post('/api/campaigns', { ownerUnitId: tibet, year: 2099, name: '2099年全区质量月' })
  ).json<{ id: number }>();
  const n = (
    await office.post('/api/notices', {
      campaignId: campaign.id,
      issuerUnitId: tibet,
      title: '汇总测试',
      deadline: '2099-10-10',
      formCode: 'quality-month-2024',
      recipientUnitIds: [ids.assoc, ids.lhasa, ids.shigatse],
    })
  ).json<{ id: number; version: number }>();
  officeNotice = (await office.post(`/api/notices/${n.id}/issue`, { version: n.version })).json<{ id: number }>().id;
  const fwd = (
    await assocStaff.post(`/api/notices/${officeNotice}/forward`, {
      kind: 'forward',
      deadline: '2099-10-08',
      recipientUnitIds: [ids.m1, ids.m2],
    })
  ).json<{ id: number; version: number }>();
  const assocNotice = (await assocStaff.post(`/api/notices/${fwd.id}/issue`, { version: fwd.version })).json<{
    id: number;
  }>().id;

  // Members report to the association (filled in on their behalf by its staff), the association and Lhasa to the office.
  await fill(assocStaff, assocNotice, ids.m1, { pub_events: 2, enf_goods_value: 1.25 });
  const m2 = await fill(assocStaff, assocNotice, ids.m2, { pub_events: 3, enf_goods_value: 0.5 });
  await fill(assocStaff, officeNotice, ids.assoc, { pub_events: 10 });
  await fill(office, officeNotice, ids.lhasa, { pub_events: 7, enf_goods_value: 10.1 });
  await fill(office, officeNotice, ids.shigatse, { pub_events: 1000 }, false);
  await assocStaff.post(`/api/reports/${m2.id}/accept`, { version: m2.version });
});
afterAll(async () => {
  await t.dispose();
});

describe('live roll-up along the Tibet chain', () => {
  it('adds members → association → office without counting anything twice, drafts never', async () => {
    const r = (await office.get(`/api/notices/${officeNotice}/rollup`)).json<Rollup>();
    expect(r.total.values[at('pub_events')]).toBe(2 + 3 + 10 + 7);
    expect(r.total.values[at('enf_goods_value')]).toBe(11.85);
    expect(r.total).toMatchObject({ covered: 4, expected: 5 });
    const byName = Object.fromEntries(r.columns.map((c) => [c.name, c]));
    expect(byName['西藏自治区质量协会']).toMatchObject({ covered: 3, expected: 3 });
    expect(byName['西藏自治区质量协会']?.values[at('pub_events')]).toBe(15);
    expect(byName['拉萨市市场监督管理局']?.values[at('pub_events')]).toBe(7);
    expect(byName['日喀则市市场监督管理局']).toMatchObject({ covered: 0, expected: 1 });
    expect(byName['日喀则市市场监督管理局']?.values[at('pub_events')]).toBe(0);
  });

  it('filters to accepted only', async () => {
    const r = (await office.get(`/api/notices/${officeNotice}/rollup?status=accepted`)).json<Rollup>();
    expect(r.total.values[at('pub_events')]).toBe(3);
    expect(r.total.covered).toBe(1);
  });

  it('breaks down by prefecture', async () => {
    const r = (await office.get(`/api/notices/${officeNotice}/rollup?by=prefecture`)).json<Rollup>();
    expect(r.columns.map((c) => c.name)).toEqual(['拉萨市市场监督管理局', '日喀则市市场监督管理局']);
  });

  it('shows the association only its own branch, and a sibling nothing', async () => {
    const assocNotice = (await assocStaff.get('/api/notices/outbox')).json<{ items: { id: number }[] }>().items[0]?.id;
    const r = (await assocStaff.get(`/api/notices/${assocNotice}/rollup`)).json<
      Rollup & { own: { values: number[] } }
    >();
    // The association's node: its own report (to the office) plus its members', as in the office's column.
    expect(r.own.values[at('pub_events')]).toBe(10);
    expect(r.total.values[at('pub_events')]).toBe(15);
    expect(r.columns.map((c) => c.values[at('pub_events')]).sort()).toEqual([2, 3]);
    expect((await assocStaff.get(`/api/notices/${officeNotice}/rollup`)).statusCode).toBe(403);
    const sichuan = await t.login('sichuan-reviewer');
    expect((await sichuan.get(`/api/notices/${officeNotice}/rollup`)).statusCode).toBe(404);
  });

  it('says so when nothing has been reported', async () => {
    const tibet = (office.body.user as { unitId: number }).unitId;
    const campaign = (await office.post('/api/campaigns', { ownerUnitId: tibet, year: 2098, name: '空' })).json<{
      id: number;
    }>();
    const n = (
      await office.post('/api/notices', {
        campaignId: campaign.id,
        issuerUnitId: tibet,
        title: '空汇总',
        formCode: 'quality-month-2024',
        recipientUnitIds: [ids.lhasa],
      })
    ).json<{ id: number; version: number }>();
    await office.post(`/api/notices/${n.id}/issue`, { version: n.version });
    const r = (await office.get(`/api/notices/${n.id}/rollup`)).json<Rollup>();
    expect(r).toMatchObject({ empty: true, total: { covered: 0, expected: 1 } });
  });
});

describe('the demo Tibet chain', () => {
  it('rolls up its example reports: members → association → regional office', async () => {
    const demo = (await office.get('/api/notices/outbox'))
      .json<{ items: { id: number; docNumber: string | null }[] }>()
      .items.find((n) => n.docNumber === '藏质标办〔2024〕2号');
    const r = (await office.get(`/api/notices/${demo?.id}/rollup`)).json<Rollup>();
    expect(r.empty).toBe(false);
    const assoc = r.columns.find((c) => c.name === '西藏自治区质量协会');
    expect(assoc).toMatchObject({ covered: 7, expected: 7 });
    const sum = r.columns.reduce((acc, c) => acc + (c.values[at('pub_events')] ?? 0), 0);
    expect(r.total.values[at('pub_events')]).toBe(sum);
    expect(
      r.columns.filter((c) => c.name.endsWith('市市场监督管理局') || c.name.endsWith('地区市场监督管理局')),
    ).toHaveLength(7);
  });
});

describe('a unit reached through two channels', () => {
  it('counts once, through the notice nearest the root', async () => {
    const tibet = (office.body.user as { unitId: number }).unitId;
    const campaign = (await office.post('/api/campaigns', { ownerUnitId: tibet, year: 2097, name: '双渠道' })).json<{
      id: number;
    }>();
    // The office addresses member m1 directly and through the association's forward.
    const n = (
      await office.post('/api/notices', {
        campaignId: campaign.id,
        issuerUnitId: tibet,
        title: '双渠道',
        formCode: 'quality-month-2024',
        recipientUnitIds: [ids.assoc, ids.m1],
      })
    ).json<{ id: number; version: number }>();
    const root = (await office.post(`/api/notices/${n.id}/issue`, { version: n.version })).json<{ id: number }>().id;
    const f = (
      await assocStaff.post(`/api/notices/${root}/forward`, { kind: 'forward', recipientUnitIds: [ids.m1] })
    ).json<{ id: number; version: number }>();
    const fwd = (await assocStaff.post(`/api/notices/${f.id}/issue`, { version: f.version })).json<{ id: number }>().id;
    await fill(office, root, ids.m1 ?? 0, { pub_events: 4 });
    await fill(assocStaff, fwd, ids.m1 ?? 0, { pub_events: 40 });
    const r = (await office.get(`/api/notices/${root}/rollup`)).json<Rollup>();
    expect(r.total.values[at('pub_events')]).toBe(4);
    expect(r.total).toMatchObject({ covered: 1, expected: 2 });
  });
});
