import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCampaign } from '../db/repositories/notice.repository.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';
import { adminClient } from '../test/test-helpers.ts';

let t: TestApp;
interface Notice {
  id: number;
  title: string;
  status: string;
  version: number;
  deadline: string | null;
  docNumber: string | null;
  formCode: string | null;
  warnings: { code: string }[];
  can: Record<string, boolean>;
  recipients: { unitName: string; signedAt: string | null }[];
}
interface Node {
  id: number;
  parentId: number | null;
  depth: number;
  unitName: string;
  title: string;
  signed: number;
  recipients: number;
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.dispose();
});

async function inboxTitle(c: Client, fragment: string): Promise<number> {
  const items = (await c.get('/api/notices/inbox')).json<{ items: { id: number; title: string }[] }>().items;
  const hit = items.find((i) => i.title.includes(fragment));
  if (!hit) throw new Error(`no ${fragment} in inbox: ${items.map((i) => i.title).join(' | ')}`);
  return hit.id;
}

async function unitIds(c: Client, parentName: string): Promise<{ id: number; name: string }[]> {
  const p = (await c.get(`/api/units/search?q=${encodeURIComponent(parentName)}`))
    .json<{ items: { id: number; name: string }[] }>()
    .items.find((u) => u.name === parentName);
  return (await c.get(`/api/units?parentId=${p?.id}`)).json<{ items: { id: number; name: string }[] }>().items;
}

describe('the demo cascade', () => {
  it('puts the national notice in a province’s inbox, and shows the Tibet office only its own branch', async () => {
    const tibet = await t.login('tibet-reviewer');
    const nationalId = await inboxTitle(tibet, '全国“质量月”');
    const tree = (await tibet.get(`/api/notices/${nationalId}/tree`)).json<{ items: Node[] }>().items;
    expect(tree.map((n) => [n.depth, n.unitName])).toEqual([
      [0, '国家市场监督管理总局'],
      [1, '西藏自治区市场监督管理局'],
      [2, '西藏自治区质量协会'],
    ]);
  });

  it('shows the national office every branch', async () => {
    const national = await t.login('national-reviewer');
    const outbox = (await national.get('/api/notices/outbox')).json<{ items: Notice[] }>().items;
    const tree = (await national.get(`/api/notices/${outbox[0]?.id}/tree`)).json<{ items: Node[] }>().items;
    expect(tree).toHaveLength(6);
  });

  it('never shows a sibling’s notice', async () => {
    const national = await t.login('national-reviewer');
    const root = (await national.get('/api/notices/outbox')).json<{ items: Notice[] }>().items[0];
    const tree = (await national.get(`/api/notices/${root?.id}/tree`)).json<{ items: Node[] }>().items;
    const sichuanNotice = tree.find((n) => n.unitName === '四川省市场监督管理局');
    const tibet = await t.login('tibet-reviewer');
    expect((await tibet.get(`/api/notices/${sichuanNotice?.id}`)).statusCode).toBe(404);
    const yy = await t.login('yueyang-reviewer');
    const tibetNotice = tree.find((n) => n.unitName === '西藏自治区市场监督管理局');
    expect((await yy.get(`/api/notices/${tibetNotice?.id}/tree`)).statusCode).toBe(404);
  });
});

describe('issuing, signing and forwarding', () => {
  let campaignId = 0;
  let draft: Notice;

  it('an office issues a notice to three units; one signs and forwards with an earlier deadline', async () => {
    const yy = await t.login('yueyang-reviewer');
    // The demo campaign is archived: new work goes into a live one.
    const archived = (await yy.get('/api/campaigns')).json<{ items: { id: number; archived: boolean }[] }>().items[0];
    expect(archived?.archived).toBe(true);
    const refused = await yy.post('/api/notices', { campaignId: archived?.id, issuerUnitId: 1, title: 'x' });
    expect(refused.json()).toMatchObject({ error: { code: 'CAMPAIGN_ARCHIVED' } });
    campaignId = (await insertCampaign(t.database.db, { year: 2025, name: '2025年质量月', ownerUnitId: 1 })).id;

    const children = await unitIds(yy, '岳阳市市场监督管理局');
    const counties = children.filter((u) => u.name.endsWith('市场监督管理局')).slice(0, 3);
    const me = yy.body.user as { unitId: number };
    const created = await yy.post('/api/notices', {
      campaignId,
      issuerUnitId: me.unitId,
      title: '关于开展2025年“质量月”活动的通知',
      docNumber: '岳市监发（2025）3号',
      deadline: '2025-10-12',
      recipientUnitIds: counties.map((c) => c.id),
    });
    expect(created.statusCode).toBe(201);
    draft = created.json<Notice>();
    expect(draft.docNumber).toBe('岳市监发〔2025〕3号');
    expect(draft.can).toMatchObject({ edit: true, issue: true, sign: false });
    const issued = await yy.post(`/api/notices/${draft.id}/issue`, { version: draft.version });
    expect(issued.json<Notice>().status).toBe('issued');
    const edit = await yy.patch(`/api/notices/${draft.id}`, { version: issued.json<Notice>().version, title: '改' });
    expect(edit.json()).toMatchObject({
      error: { code: 'NOTICE_ISSUED_IMMUTABLE', message: '通知已印发，不能修改；如需更正请发布修订版' },
    });
  });

  it('refuses a later deadline, warns on a short margin, and asks before forwarding twice', async () => {
    const a = await adminClient(t);
    const county = (await unitIds(a, '岳阳市市场监督管理局')).filter((u) => u.name.endsWith('市场监督管理局'))[0];
    const created = await a.post('/api/users', {
      username: 'county-clerk',
      displayName: '县局',
      unitId: county?.id,
      roles: ['reviewer'],
      password: 'Desk-Start-2025',
    });
    expect(created.statusCode).toBe(201);
    const first = await t.login('county-clerk', 'Desk-Start-2025');
    await first.post('/api/auth/change-password', {
      currentPassword: 'Desk-Start-2025',
      newPassword: 'Desk-Final-2026',
    });
    const clerk = await t.login('county-clerk', 'Desk-Final-2026');

    const signed = await clerk.post(`/api/notices/${draft.id}/sign`);
    expect(signed.json<Notice>().recipients).toEqual([
      expect.objectContaining({ unitName: county?.name, signedAt: expect.any(String) as unknown }),
    ]);
    const later = await clerk.post(`/api/notices/${draft.id}/forward`, { kind: 'forward', deadline: '2025-10-13' });
    expect(later.statusCode).toBe(400);
    expect(later.json()).toMatchObject({
      error: { code: 'NOTICE_DEADLINE_AFTER_PARENT', message: '下级通知的截止日期不能晚于上级通知（2025-10-12）' },
    });
    const impossible = await clerk.post(`/api/notices/${draft.id}/forward`, {
      kind: 'forward',
      deadline: '2025-02-30',
    });
    expect(impossible.json()).toMatchObject({ error: { code: 'NOTICE_DATE_INVALID' } });
    const short = await clerk.post(`/api/notices/${draft.id}/forward`, { kind: 'forward', deadline: '2025-10-11' });
    expect(short.statusCode).toBe(201);
    expect(short.json<Notice>().warnings.map((w) => w.code)).toEqual(['DEADLINE_MARGIN_SHORT']);
    expect(short.json<Notice>().title).toBe('关于转发《关于开展2025年“质量月”活动的通知》的通知');
    const reread = (await clerk.get(`/api/notices/${short.json<Notice>().id}`)).json<Notice>();
    expect(reread.warnings.map((w) => w.code)).toEqual(['DEADLINE_MARGIN_SHORT']);
    const twice = await clerk.post(`/api/notices/${draft.id}/forward`, { kind: 'forward', deadline: '2025-10-08' });
    expect(twice.json()).toMatchObject({ error: { code: 'NOTICE_ALREADY_FORWARDED' } });

    const yy = await t.login('yueyang-reviewer');
    const tree = (await yy.get(`/api/notices/${draft.id}/tree`)).json<{ items: Node[] }>().items;
    expect(tree.map((n) => n.depth)).toEqual([0]);
    const view = (await yy.get(`/api/notices/${draft.id}`)).json<Notice>();
    expect(view.recipients.filter((r) => r.signedAt)).toHaveLength(1);
  });

  it('validates recipients and document numbers', async () => {
    const yy = await t.login('yueyang-reviewer');
    const me = yy.body.user as { unitId: number };
    const self = await yy.post('/api/notices', {
      campaignId,
      issuerUnitId: me.unitId,
      title: 't',
      recipientUnitIds: [me.unitId],
    });
    expect(self.json()).toMatchObject({ error: { code: 'NOTICE_RECIPIENT_SELF' } });
    const outside = await yy.post('/api/notices', {
      campaignId,
      issuerUnitId: me.unitId,
      title: 't',
      recipientUnitIds: [1],
    });
    expect(outside.json()).toMatchObject({
      error: { code: 'NOTICE_RECIPIENT_OUT_OF_REACH', message: '“国家市场监督管理总局”不在本单位的下发范围内' },
    });
    const bad = await yy.post('/api/notices', { campaignId, issuerUnitId: me.unitId, title: 't', docNumber: '第三号' });
    expect(bad.json()).toMatchObject({ error: { code: 'NOTICE_DOC_NUMBER_INVALID' } });
    const dup = await yy.post('/api/notices', {
      campaignId,
      issuerUnitId: me.unitId,
      title: 't',
      docNumber: '岳市监发[2025]3号',
    });
    expect(dup.json()).toMatchObject({ error: { code: 'NOTICE_DOC_NUMBER_TAKEN' } });
    const empty = await yy.post('/api/notices', { campaignId, issuerUnitId: me.unitId, title: '空' });
    const issue = await yy.post(`/api/notices/${empty.json<Notice>().id}/issue`, {
      version: empty.json<Notice>().version,
    });
    expect(issue.json()).toMatchObject({
      error: { code: 'NOTICE_RECIPIENTS_EMPTY', message: '请至少选择一个主送单位' },
    });
    // Drafts stay with their issuer.
    const reporter = await t.login('yueyang-reporter');
    expect((await reporter.get(`/api/notices/${empty.json<Notice>().id}`)).statusCode).toBe(200);
    const county = await t.login('county-clerk', 'Desk-Final-2026');
    expect((await county.get(`/api/notices/${empty.json<Notice>().id}`)).statusCode).toBe(404);
    expect((await reporter.post(`/api/notices/${empty.json<Notice>().id}/issue`, { version: 1 })).statusCode).toBe(403);
  });

  it('refuses to forward a notice not addressed to the unit', async () => {
    const tibet = await t.login('tibet-reviewer');
    const nationalId = await inboxTitle(tibet, '全国“质量月”');
    const sichuan = await t.login('sichuan-reviewer');
    const res = await sichuan.post(`/api/notices/${nationalId}/forward`, { kind: 'forward' });
    expect(res.json()).toMatchObject({ error: { code: 'CAMPAIGN_ARCHIVED' } });
    const yy = await t.login('yueyang-reviewer');
    const notMine = await yy.post(`/api/notices/${draft.id}/forward`, { kind: 'forward' });
    expect(notMine.statusCode).toBe(403);
    expect(notMine.json()).toMatchObject({ error: { code: 'NOTICE_NOT_ADDRESSED' } });
  });
});

describe('content and tasks', () => {
  it('sanitises rich text on the server and lists the arrangements naming a unit as its tasks', async () => {
    const yy = await t.login('yueyang-reviewer');
    const me = yy.body.user as { unitId: number };
    const campaignId = (await insertCampaign(t.database.db, { year: 2026, name: '2026年质量月', ownerUnitId: 1 })).id;
    const section = (await unitIds(yy, '岳阳市市场监督管理局')).find((u) => u.name === '质量发展科');
    const created = await yy.post('/api/notices', {
      campaignId,
      issuerUnitId: me.unitId,
      title: '任务测试',
      deadline: '2099-10-12',
      recipientUnitIds: [section?.id],
      sections: [
        {
          number: '一',
          heading: '活动主题',
          html: '<p onclick="x()">加强质量支撑</p><script>alert(1)</script><a href="javascript:x">链接</a>',
        },
      ],
      arrangements: [
        {
          title: '举办启动仪式',
          content: '各县市区局结合实际举办。',
          dueOn: null,
          lead: [],
          responsible: [{ unitId: section?.id, name: '质量发展科' }],
          cooperating: [],
          implementing: [{ unitId: null, name: '各县市区局' }],
        },
      ],
    });
    const notice = created.json<Notice & { sections: { html: string }[] }>();
    expect(notice.sections[0]?.html).toBe('<p>加强质量支撑</p>链接');
    await yy.post(`/api/notices/${notice.id}/issue`, { version: notice.version });

    const admin = await adminClient(t);
    await admin.post('/api/users', {
      username: 'zlfzk',
      displayName: '质量发展科',
      unitId: section?.id,
      roles: ['reporter'],
      password: 'Start-Desk-2026',
    });
    const first = await t.login('zlfzk', 'Start-Desk-2026');
    await first.post('/api/auth/change-password', {
      currentPassword: 'Start-Desk-2026',
      newPassword: 'Final-Desk-2026',
    });
    const clerk = await t.login('zlfzk', 'Final-Desk-2026');
    const tasks = (await clerk.get('/api/tasks')).json<{
      items: { title: string; roleLabel: string; dueOn: string; noticeTitle: string; state: string }[];
    }>().items;
    expect(tasks.filter((x) => x.noticeTitle === '任务测试')).toEqual([
      expect.objectContaining({ title: '举办启动仪式', roleLabel: '负责', dueOn: '2099-10-12', state: 'open' }),
    ]);
    // The demo Yueyang plan (from the seed) names the section too; its campaign is archived.
    const demo = tasks.filter((x) => x.noticeTitle.includes('岳阳市市场监管系统'));
    expect(demo.map((x) => x.title)).toEqual(
      expect.arrayContaining(['举办2024年“质量月”活动启动仪式', '开展质量强企系列活动']),
    );
    expect(demo.every((x) => x.state === 'closed')).toBe(true);
    const lead = (await clerk.get('/api/tasks?role=lead')).json<{ items: { roleLabel: string }[] }>().items;
    expect(lead.length).toBeGreaterThan(0);
    expect(lead.every((x) => x.roleLabel === '牵头')).toBe(true);
  });
});

describe('counts in the cascade tree', () => {
  interface ProgressNode extends Node {
    progress: { reported: number; expected: number; overdue: number } | null;
  }
  const rootOf = async (c: Client, id: number): Promise<ProgressNode | undefined> =>
    (await c.get(`/api/notices/${id}/tree`)).json<{ items: ProgressNode[] }>().items[0];

  it('show a province only its own row of a superior’s notice, never its siblings’ progress', async () => {
    const sichuan = await t.login('sichuan-reviewer');
    const tibet = await t.login('tibet-reviewer');
    const national = await t.login('national-reviewer');
    const inbox = (await sichuan.get('/api/notices/inbox')).json<{ items: { id: number; title: string }[] }>().items;
    const nationals = inbox.filter((i) => i.title.includes('全国“质量月”'));
    expect(nationals.length).toBeGreaterThan(0);
    for (const { id } of nationals) {
      const before = await rootOf(sichuan, id);
      const full = await rootOf(national, id);
      // The national office sees all 32 provincial offices; Sichuan sees itself only.
      expect(full?.recipients).toBeGreaterThanOrEqual(32);
      expect(before?.recipients).toBe(1);
      if (before?.progress) expect(before.progress.expected).toBe(1);
      if (full?.progress) expect(full.progress.expected).toBeGreaterThanOrEqual(32);

      // Tibet signs (and, where the notice asks for the table, Tibet's reports change state): Sichuan's view stays.
      await tibet.post(`/api/notices/${id}/sign`);
      await t.database.pool.query(
        `update reports set status = 'submitted', submitted_at = now()
           where notice_id = $1 and unit_id = (select id from units where name = '西藏自治区市场监督管理局')`,
        [id],
      );
      const after = await rootOf(sichuan, id);
      expect(after).toEqual(before);
      const fullAfter = await rootOf(national, id);
      expect(fullAfter?.signed).toBeGreaterThanOrEqual(full?.signed ?? 0);
    }
  });
});
