import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALITY_MONTH_2024 } from '../../domain/forms/quality-month-2024.form.ts';
import { todayInShanghai } from '../../domain/i18n/format.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';
import { adminClient } from '../test/test-helpers.ts';

let t: TestApp;
let office: Client;
let assocStaff: Client;
let officeNotice = 0;
let assocNotice = 0;
const ids: Record<string, number> = {};
const zeros = QUALITY_MONTH_2024.indicators.map(() => 0);

/** The calendar date `n` days before today in Beijing, as the server counts days. */
function daysAgo(n: number): string {
  const d = new Date(`${todayInShanghai()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

async function submit(c: Client, noticeId: number, unitId: number): Promise<void> {
  const saved = (
    await c.put(`/api/notices/${noticeId}/reports/${unitId}`, {
      version: 0,
      figures: zeros,
      signature: { reporter: '王明', reviewer: null, phone: '0891-6000001', date: null },
    })
  ).json<{ id: number; version: number }>();
  const res = await c.post(`/api/reports/${saved.id}/submit`, { version: saved.version });
  if (res.statusCode !== 200) throw new Error(res.body);
}

interface Counts {
  expected: number;
  notStarted: number;
  draft: number;
  submitted: number;
  returned: number;
  accepted: number;
  late: number;
  overdue: number;
  onTimeRate: number | null;
}
interface Row {
  unitName: string;
  status: string;
  late: boolean;
  overdueDays: number | null;
  contacts: {
    phone: string | null;
    email: string | null;
    people: { name: string; phone: string | null; email: string | null }[];
    signedBy: { reporter: string | null; phone: string | null } | null;
  };
  below: { noticeId: number; progress: Counts }[];
}
interface Completeness extends Counts {
  deadline: string;
  cascade: Counts & { notices: number };
  rows: Row[];
}
interface LateBoard {
  deadlinePassed: boolean;
  total: number;
  items: {
    unitName: string;
    noticeId: number;
    status: string;
    overdueDays: number | null;
    submittedAt: string | null;
    contacts: Row['contacts'];
  }[];
}

beforeAll(async () => {
  t = await createTestApp();
  office = await t.login('tibet-reviewer');
  const tibet = (office.body.user as { unitId: number }).unitId;
  const units = (await office.get(`/api/units?parentId=${tibet}`)).json<{
    items: { id: number; name: string; version: number }[];
  }>().items;
  const unit = (name: string) => units.find((u) => u.name === name) ?? { id: 0, version: 0 };
  ids.assoc = unit('西藏自治区质量协会').id;
  ids.lhasa = unit('拉萨市市场监督管理局').id;
  ids.shigatse = unit('日喀则市市场监督管理局').id;
  const members = (await office.get(`/api/units?parentId=${ids.assoc}`)).json<{ items: { id: number }[] }>().items;
  ids.m1 = members[0]?.id ?? 0;
  ids.m2 = members[1]?.id ?? 0;
  const admin = await adminClient(t);
  await admin.patch(`/api/units/${ids.shigatse}`, {
    version: unit('日喀则市市场监督管理局').version,
    contactPhone: '0892-8820000',
    contactEmail: 'zlk@rkz.example.cn',
  });
  await admin.post('/api/users', {
    username: 'assoc-staff',
    displayName: '质协秘书处',
    unitId: ids.assoc,
    roles: ['reviewer'],
    password: 'Start-Desk-2099',
    phone: '13800000001',
    email: 'mishu@xzzx.example.cn',
  });
  const first = await t.login('assoc-staff', 'Start-Desk-2099');
  await first.post('/api/auth/change-password', { currentPassword: 'Start-Desk-2099', newPassword: 'Final-Desk-2099' });
  assocStaff = await t.login('assoc-staff', 'Final-Desk-2099');

  // Both deadlines have passed: the office's 3 days ago, the association's (earlier, as the rule wants) 5 days ago.
  const campaign = (
    await office.post('/api/campaigns', { ownerUnitId: tibet, year: 2097, name: '2097年全区质量月' })
  ).json<{ id: number }>();
  const n = (
    await office.post('/api/notices', {
      campaignId: campaign.id,
      issuerUnitId: tibet,
      title: '进度测试',
      deadline: daysAgo(3),
      formCode: 'quality-month-2024',
      recipientUnitIds: [ids.assoc, ids.lhasa, ids.shigatse],
    })
  ).json<{ id: number; version: number }>();
  officeNotice = (await office.post(`/api/notices/${n.id}/issue`, { version: n.version })).json<{ id: number }>().id;
  const fwd = (
    await assocStaff.post(`/api/notices/${officeNotice}/forward`, {
      kind: 'forward',
      deadline: daysAgo(5),
      recipientUnitIds: [ids.m1, ids.m2],
    })
  ).json<{ id: number; version: number }>();
  assocNotice = (await assocStaff.post(`/api/notices/${fwd.id}/issue`, { version: fwd.version })).json<{ id: number }>()
    .id;

  // Lhasa (filled in by the office) and one member (by the association) report late; the association and Shigatse owe theirs.
  await submit(office, officeNotice, ids.lhasa);
  await submit(assocStaff, assocNotice, ids.m1);
});
afterAll(async () => {
  await t.dispose();
});

describe('填报情况 along the cascade', () => {
  it("counts the notice's own recipients, overdue and late, and the whole cascade below it", async () => {
    const c = (await office.get(`/api/notices/${officeNotice}/reports`)).json<Completeness>();
    expect(c).toMatchObject({
      expected: 3,
      notStarted: 2,
      submitted: 1,
      late: 1,
      overdue: 2,
      onTimeRate: 0,
      deadline: daysAgo(3),
    });
    expect(c.cascade).toMatchObject({ notices: 2, expected: 5, submitted: 2, late: 2, overdue: 3 });
    const byName = Object.fromEntries(c.rows.map((r) => [r.unitName, r]));
    expect(byName['拉萨市市场监督管理局']).toMatchObject({ status: 'submitted', late: true, overdueDays: null });
    expect(byName['日喀则市市场监督管理局']).toMatchObject({ status: 'not_started', overdueDays: 3 });
    // The association forwarded it: its row leads to its members' progress.
    const below = byName['西藏自治区质量协会']?.below ?? [];
    expect(below.map((b) => b.noticeId)).toEqual([assocNotice]);
    expect(below[0]?.progress).toMatchObject({ expected: 2, submitted: 1, overdue: 1 });
    expect(byName['拉萨市市场监督管理局']?.below).toEqual([]);
  });

  it("gives whom to call: the unit's phone and e-mail, its staff, and who signed the submitted table", async () => {
    const c = (await office.get(`/api/notices/${officeNotice}/reports`)).json<Completeness>();
    const byName = Object.fromEntries(c.rows.map((r) => [r.unitName, r]));
    expect(byName['日喀则市市场监督管理局']?.contacts).toMatchObject({
      phone: '0892-8820000',
      email: 'zlk@rkz.example.cn',
      signedBy: null,
    });
    expect(byName['西藏自治区质量协会']?.contacts.people).toContainEqual({
      name: '质协秘书处',
      phone: '13800000001',
      email: 'mishu@xzzx.example.cn',
    });
    expect(byName['拉萨市市场监督管理局']?.contacts.signedBy).toEqual({ reporter: '王明', phone: '0891-6000001' });
  });

  it('puts the units still owing first on the 逾期榜, longest overdue first, then those that came in late', async () => {
    const board = (await office.get(`/api/notices/${officeNotice}/late-board`)).json<LateBoard>();
    expect(board).toMatchObject({ deadlinePassed: true, total: 5 });
    expect(board.items.map((i) => [i.unitName, i.overdueDays])).toEqual([
      // The association's members were due 5 days ago, the office's recipients 3.
      [expect.any(String), 5],
      [expect.any(String), 3],
      [expect.any(String), 3],
      [expect.any(String), null],
      ['拉萨市市场监督管理局', null],
    ]);
    expect(board.items[0]?.noticeId).toBe(assocNotice);
    expect(new Set(board.items.slice(1, 3).map((i) => i.unitName))).toEqual(
      new Set(['西藏自治区质量协会', '日喀则市市场监督管理局']),
    );
    expect(board.items[3]).toMatchObject({ noticeId: assocNotice, status: 'submitted' });
    expect(board.items[4]?.submittedAt).not.toBeNull();
  });

  it('shows the association its own branch only, and a sibling office nothing', async () => {
    const own = (await assocStaff.get(`/api/notices/${assocNotice}/late-board`)).json<LateBoard>();
    expect(own.total).toBe(2);
    expect((await assocStaff.get(`/api/notices/${officeNotice}/late-board`)).statusCode).toBe(403);
    const sichuan = await t.login('sichuan-reviewer');
    for (const url of [`/api/notices/${officeNotice}/late-board`, `/api/notices/${officeNotice}/reports`]) {
      const res = await sichuan.get(url);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'NOTICE_NOT_FOUND' } });
    }
  });

  it('marks how many reported on each node of the cascade tree', async () => {
    const tree = (await office.get(`/api/notices/${officeNotice}/tree`)).json<{
      items: { id: number; progress: { reported: number; expected: number; overdue: number } | null }[];
    }>();
    expect(tree.items.find((n) => n.id === officeNotice)?.progress).toEqual({ reported: 1, expected: 3, overdue: 2 });
    expect(tree.items.find((n) => n.id === assocNotice)?.progress).toEqual({ reported: 1, expected: 2, overdue: 1 });
  });
});
