import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedNotice } from '../../domain/notice-parser/parsed-notice.ts';
import { insertCampaign } from '../db/repositories/notice.repository.ts';
import { auditLog } from '../db/schema.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';
import { adminClient } from '../test/test-helpers.ts';

// 收文登记 (issue 4): a notice received outside the platform recorded in its issuer's name, and a 转发
// letter recorded in one step with the notice it forwards as its parent.
const seed = (name: string): string => readFileSync(new URL(`../demo/seed-texts/${name}`, import.meta.url), 'utf8');
const TIBET_SEED = '000_297315cc46f3f625.txt';

interface NoticeView {
  id: number;
  campaignId: number;
  parentId: number | null;
  kind: string;
  status: string;
  issuerUnitId: number;
  issuerName: string;
  title: string;
  docNumber: string | null;
  deadline: string | null;
  revision: number;
  version: number;
  attachments: { number: string | null; title: string }[];
  recordedBy: { unitId: number; unitName: string } | null;
  recipients: { unitId: number; unitName: string }[];
  parent: { id: number; title: string } | null;
  can: Record<string, boolean>;
  arrangements: { title: string; lead: { unitId: number | null; name: string }[] }[];
}
interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

let t: TestApp;
let yy: Client;
let hunan: Client;
let yueyangId = 0;
let hunanId = 0;
let campaignId = 0;

async function unitId(c: Client, name: string): Promise<number> {
  const u = (await c.get(`/api/units/search?q=${encodeURIComponent(name)}`))
    .json<{ items: { id: number; name: string }[] }>()
    .items.find((x) => x.name === name);
  if (!u) throw new Error(`no unit ${name}`);
  return u.id;
}

beforeAll(async () => {
  t = await createTestApp();
  yy = await t.login('yueyang-reviewer');
  hunan = await t.login('hunan-reviewer');
  yueyangId = (yy.body.user as { unitId: number }).unitId;
  hunanId = (hunan.body.user as { unitId: number }).unitId;
  campaignId = (await insertCampaign(t.database.db, { year: 2025, name: '2025年质量月（收文登记）', ownerUnitId: 1 }))
    .id;
});
afterAll(async () => {
  await t.dispose();
});

const hunanDraft = {
  title: '湖南省市场监管系统2025年“质量月”活动方案',
  docNumber: '湘市监办发(2025)9号',
  issuer: '湖南省市场监督管理局办公室',
  issuedOn: '2025-08-20',
  deadline: '2025-10-15',
  recipients: ['各市州市场监管局', '质量发展科'],
  arrangements: [
    {
      title: '质量强企',
      text: '组织开展质量强企活动',
      lead: ['岳阳市市场监督管理局'],
      responsible: [],
      cooperating: [],
      implementing: ['各市州局'],
    },
  ],
};

describe('收文登记: a received notice', () => {
  it('is recorded as issued by the unit the document names, addressed to the recorder, marked with the recorder', async () => {
    const res = await yy.post('/api/notices/import', {
      campaignId,
      issuerUnitId: yueyangId,
      mode: 'received',
      draft: hunanDraft,
      sourceFileName: '湘市监办发9号.pdf',
    });
    expect(res.statusCode).toBe(201);
    const n = res.json<NoticeView>();
    // 湖南省市场监督管理局办公室 begins with the Hunan office's name: matched without the user picking it.
    expect(n).toMatchObject({
      status: 'issued',
      kind: 'notice',
      parentId: null,
      issuerUnitId: hunanId,
      issuerName: '湖南省市场监督管理局办公室',
      docNumber: '湘市监办发〔2025〕9号',
      deadline: '2025-10-15',
      recordedBy: { unitId: yueyangId, unitName: '岳阳市市场监督管理局' },
    });
    expect(n.recipients.map((r) => r.unitName).sort()).toEqual(['岳阳市市场监督管理局', '质量发展科'].sort());
    expect(n.can).toMatchObject({ view: true, revise: true, forward: true, edit: false });
    expect(n.arrangements[0]?.lead[0]).toEqual({ unitId: yueyangId, name: '岳阳市市场监督管理局' });
    expect(n.attachments.map((a) => a.title)).toEqual(['原件：湘市监办发9号.pdf']);
    // Both lists mark it: the recorder's inbox and the named issuer's outbox say who recorded it.
    const inboxRow = (await yy.get('/api/notices/inbox'))
      .json<{ items: { id: number; recordedBy: string | null }[] }>()
      .items.find((i) => i.id === n.id);
    expect(inboxRow?.recordedBy).toBe('岳阳市市场监督管理局');
    const outboxRows = (await hunan.get('/api/notices/outbox')).json<{
      items: { id: number; recordedBy: string | null }[];
    }>().items;
    expect(outboxRows.find((i) => i.id === n.id)?.recordedBy).toBe('岳阳市市场监督管理局');
    expect(outboxRows.filter((i) => i.id !== n.id).every((i) => i.recordedBy === null)).toBe(true);

    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'notice.record'), eq(auditLog.objectId, String(n.id))));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ unitId: yueyangId, actorName: 'yueyang-reviewer' });

    // The named issuer sees it, marked as recorded by another unit, and may not correct it; the recorder may.
    const seen = (await hunan.get(`/api/notices/${n.id}`)).json<NoticeView>();
    expect(seen.recordedBy?.unitName).toBe('岳阳市市场监督管理局');
    expect(seen.can.revise).toBe(false);
    const byIssuer = await hunan.post(`/api/notices/${n.id}/revise`, {
      version: n.version,
      changeNote: '更正',
      title: '改过的标题',
    });
    expect(byIssuer.statusCode).toBe(403);
    expect(byIssuer.json<ErrorBody>().error.code).toBe('FORBIDDEN');
    const byRecorder = await yy.post(`/api/notices/${n.id}/revise`, {
      version: n.version,
      changeNote: '按原件更正截止日期',
      deadline: '2025-10-16',
      issuerName: '湖南省市场监督管理局办公室',
    });
    expect(byRecorder.statusCode).toBe(200);
    expect(byRecorder.json<NoticeView>()).toMatchObject({ revision: 2, deadline: '2025-10-16', issuerUnitId: hunanId });

    // A unit of another branch does not see it.
    const sichuan = await t.login('sichuan-reviewer');
    expect((await sichuan.get(`/api/notices/${n.id}`)).statusCode).toBe(404);

    // The recorder's own notices stand under it, with the cascade rules: no deadline after the stub's.
    const late = await yy.post(`/api/notices/${n.id}/forward`, {
      kind: 'plan',
      title: '岳阳市2025年“质量月”活动方案',
      deadline: '2025-10-20',
    });
    expect(late.json<ErrorBody>().error).toMatchObject({
      code: 'NOTICE_DEADLINE_AFTER_PARENT',
      message: '下级通知的截止日期不能晚于上级通知（2025-10-16）',
    });
    const plan = await yy.post(`/api/notices/${n.id}/forward`, {
      kind: 'plan',
      title: '岳阳市2025年“质量月”活动方案',
      deadline: '2025-10-12',
    });
    expect(plan.statusCode).toBe(201);
    expect(plan.json<NoticeView>()).toMatchObject({ parentId: n.id, campaignId, issuerUnitId: yueyangId });
  });

  it('is not recorded twice: same issuer and 文号, or same title and date without one', async () => {
    const again = await yy.post('/api/notices/import', {
      campaignId,
      issuerUnitId: yueyangId,
      mode: 'received',
      draft: { ...hunanDraft, docNumber: '湘市监办发〔2025〕9号', title: '另一个标题' },
    });
    expect(again.statusCode).toBe(409);
    const body = again.json<ErrorBody>().error;
    expect(body).toMatchObject({ code: 'NOTICE_RECEIVED_DUPLICATE', details: { visible: true, usableAsParent: true } });
    expect(typeof body.details.existingId).toBe('number');
    expect(body.message).toContain(
      '该通知已在系统中：《湖南省市场监管系统2025年“质量月”活动方案》（湘市监办发〔2025〕9号',
    );

    // The demo's Hunan stub, addressed to Yueyang: found, and offered as the parent.
    const demo = await yy.post('/api/notices/import', {
      campaignId,
      issuerUnitId: yueyangId,
      mode: 'received',
      draft: {
        title: '湖南省市场监管系统2024年“质量月”活动方案',
        docNumber: '湘市监办发〔2024〕22号',
        issuer: '湖南省市场监督管理局',
      },
    });
    expect(demo.json<ErrorBody>().error).toMatchObject({
      code: 'NOTICE_RECEIVED_DUPLICATE',
      details: { visible: true },
    });

    const noNumber = {
      title: '关于做好2025年质量月宣传工作的通知',
      issuer: '湖南省市场监督管理局',
      issuedOn: '2025-08-22',
    };
    expect(
      (await yy.post('/api/notices/import', { campaignId, issuerUnitId: yueyangId, mode: 'received', draft: noNumber }))
        .statusCode,
    ).toBe(201);
    const twice = await yy.post('/api/notices/import', {
      campaignId,
      issuerUnitId: yueyangId,
      mode: 'received',
      draft: noNumber,
    });
    expect(twice.json<ErrorBody>().error.code).toBe('NOTICE_RECEIVED_DUPLICATE');
    // Another date is another notice.
    expect(
      (
        await yy.post('/api/notices/import', {
          campaignId,
          issuerUnitId: yueyangId,
          mode: 'received',
          draft: { ...noNumber, issuedOn: '2025-09-01' },
        })
      ).statusCode,
    ).toBe(201);
  });

  it('is refused for a unit the user holds no office role on, and in the name of a unit that is not a superior', async () => {
    const forOther = await yy.post('/api/notices/import', {
      campaignId,
      issuerUnitId: hunanId,
      mode: 'received',
      draft: { ...hunanDraft, docNumber: '湘市监办发〔2025〕10号' },
    });
    expect(forOther.statusCode).toBe(403);
    expect(forOther.json<ErrorBody>().error.code).toBe('FORBIDDEN');

    const sichuanId = await unitId(await adminClient(t), '四川省市场监督管理局');
    const sibling = await yy.post('/api/notices/import', {
      campaignId,
      issuerUnitId: yueyangId,
      mode: 'received',
      received: { fromUnitId: sichuanId },
      draft: { ...hunanDraft, docNumber: '川市监发〔2025〕1号' },
    });
    expect(sibling.statusCode).toBe(403);
    expect(sibling.json<ErrorBody>().error).toMatchObject({
      code: 'NOTICE_RECEIVED_ISSUER_NOT_SUPERIOR',
      message: '只能以本单位上级单位的名义登记收文：“四川省市场监督管理局”不是岳阳市市场监督管理局的上级单位',
    });
    const reporter = await t.login('yueyang-reporter');
    expect(
      (
        await reporter.post('/api/notices/import', {
          campaignId,
          issuerUnitId: yueyangId,
          mode: 'received',
          draft: { ...hunanDraft, docNumber: '湘市监办发〔2025〕11号' },
        })
      ).statusCode,
    ).toBe(403);

    // The dialog's proposal: the superiors, nearest first, and what the written names match.
    const issuers = await yy.get(
      `/api/notices/import/issuers?unitId=${yueyangId}&letter=${encodeURIComponent('四川省市场监督管理局')}&forwarded=${encodeURIComponent('国家市场监督管理总局')}`,
    );
    expect(issuers.statusCode).toBe(200);
    expect(issuers.json()).toMatchObject({
      superiors: [
        { unitId: hunanId, name: '湖南省市场监督管理局' },
        { unitId: 1, name: '国家市场监督管理总局' },
      ],
      letter: { unitId: hunanId, how: 'default', elsewhere: '四川省市场监督管理局' },
      forwarded: { unitId: 1, how: 'name', elsewhere: null },
    });
    expect((await yy.get(`/api/notices/import/issuers?unitId=${hunanId}`)).statusCode).toBe(403);
  });
});

describe('收文登记: a 转发 letter with the notice it forwards', () => {
  let member: Client;
  let memberId = 0;
  let tibetId = 0;
  let associationId = 0;
  let letter: ParsedNotice;
  let forwarded: ParsedNotice;

  function draftOf(p: ParsedNotice, patch: Record<string, unknown> = {}) {
    return {
      title: p.title ?? '',
      docNumber: p.docNumber,
      issuer: p.issuer,
      issuedOn: p.issuedOn,
      deadline: p.deadline,
      theme: p.theme,
      recipients: p.recipients,
      requiredReports: p.requiredReports,
      slogans: p.slogans,
      sections: p.sections,
      arrangements: p.arrangements,
      contacts: p.contacts,
      attachments: p.attachments,
      cites: p.cites,
      coIssuers: p.coIssuers,
      ...patch,
    };
  }

  beforeAll(async () => {
    const admin = await adminClient(t);
    memberId = await unitId(admin, '示例会员企业一');
    tibetId = await unitId(admin, '西藏自治区市场监督管理局');
    associationId = await unitId(admin, '西藏自治区质量协会');
    const created = await admin.post('/api/users', {
      username: 'member-one',
      displayName: '会员企业一',
      unitId: memberId,
      roles: ['admin'],
    });
    expect(created.statusCode).toBe(201);
    const first = await t.login('member-one', created.json<{ initialPassword: string }>().initialPassword);
    const changed = await first.post('/api/auth/change-password', {
      currentPassword: created.json<{ initialPassword: string }>().initialPassword,
      newPassword: 'Tibet-Enterprise-Guard-2025',
    });
    expect(changed.statusCode).toBe(200);
    member = await t.login('member-one', 'Tibet-Enterprise-Guard-2025');
    const parsed = (await member.post('/api/notices/parse', { text: seed(TIBET_SEED) })).json<{
      parsed: ParsedNotice;
    }>().parsed;
    letter = parsed;
    if (!parsed.forwarded) throw new Error('seed 000 forwards no notice');
    forwarded = parsed.forwarded;
  });

  it('finds the demo chain already in the system: the forwarded notice is not visible to the member, the letter is', async () => {
    const res = await member.post('/api/notices/import', {
      campaignId,
      issuerUnitId: memberId,
      mode: 'received',
      draft: draftOf(letter),
      received: { forwarded: { draft: draftOf(forwarded) } },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json<ErrorBody>().error).toMatchObject({
      code: 'NOTICE_RECEIVED_DUPLICATE',
      details: { part: 'forwarded', visible: false },
    });
    expect(res.json<ErrorBody>().error.message).toContain('但您无权查看，请联系发文单位');
  });

  it('records the forwarded notice as a stub and the letter below it in one step', async () => {
    const res = await member.post('/api/notices/import', {
      campaignId,
      issuerUnitId: memberId,
      mode: 'received',
      sourceFileName: '藏质协字14号.txt',
      draft: draftOf(letter, { docNumber: '藏质协字〔2025〕14号' }),
      received: { forwarded: { draft: draftOf(forwarded, { docNumber: '藏质标办〔2025〕2号' }) } },
    });
    expect(res.statusCode).toBe(201);
    const l = res.json<NoticeView & { createdIds: number[] }>();
    expect(l).toMatchObject({
      kind: 'forward',
      status: 'issued',
      issuerUnitId: associationId,
      issuerName: '西藏自治区质量协会',
      docNumber: '藏质协字〔2025〕14号',
      deadline: '2024-10-08',
      recordedBy: { unitId: memberId },
      can: { forward: true, revise: true },
    });
    expect(l.createdIds).toHaveLength(2);
    expect(l.parent?.id).toBe(l.createdIds[0]);
    const stub = (await member.get(`/api/notices/${l.parentId}`)).json<NoticeView>();
    // The forwarded notice's issuer is written as the Tibet office's alias.
    expect(stub).toMatchObject({
      kind: 'notice',
      status: 'issued',
      parentId: null,
      issuerUnitId: tibetId,
      issuerName: '自治区质量和标准化工作领导小组办公室',
      docNumber: '藏质标办〔2025〕2号',
      deadline: '2024-10-10',
      recordedBy: { unitId: memberId },
      can: { forward: true },
    });
    expect(stub.recipients.map((r) => r.unitId)).toEqual([memberId]);
    const tree = (await member.get(`/api/notices/${stub.id}/tree`)).json<{
      items: { id: number; parentId: number | null; recordedBy: string | null }[];
    }>().items;
    expect(tree.map((n) => [n.id, n.parentId, n.recordedBy])).toEqual([
      [stub.id, null, '示例会员企业一'],
      [l.id, stub.id, '示例会员企业一'],
    ]);

    // The member then forwards the letter as usual, within its deadline.
    const late = await member.post(`/api/notices/${l.id}/forward`, { kind: 'forward', deadline: '2024-10-09' });
    expect(late.json<ErrorBody>().error.code).toBe('NOTICE_DEADLINE_AFTER_PARENT');

    // A second letter on the same forwarded notice goes under the stub already recorded.
    const second = await member.post('/api/notices/import', {
      campaignId: 999_999,
      issuerUnitId: memberId,
      mode: 'received',
      draft: draftOf(letter, { docNumber: '藏质协字〔2025〕15号', title: '关于再次转发的通知' }),
      received: { forwarded: { existingId: stub.id } },
    });
    expect(second.statusCode).toBe(201);
    expect(second.json<NoticeView>()).toMatchObject({ parentId: stub.id, campaignId, kind: 'forward' });
  });

  it('attaches the original file to both notices; the recorder may add files to them later, the issuer may not', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(Buffer.from(seed(TIBET_SEED), 'utf8'))]), '藏质协字14号.txt');
    const parsed = await t.app.inject({
      method: 'POST',
      url: '/api/notices/parse',
      headers: { cookie: member.cookie, 'x-csrf-token': member.csrfToken },
      payload: form,
    });
    const { fileId } = parsed.json<{ fileId: string }>();
    const res = await member.post('/api/notices/import', {
      campaignId,
      issuerUnitId: memberId,
      mode: 'received',
      sourceFileId: fileId,
      sourceFileName: '藏质协字14号.txt',
      draft: draftOf(letter, { docNumber: '藏质协字〔2027〕14号' }),
      received: { forwarded: { draft: draftOf(forwarded, { docNumber: '藏质标办〔2027〕2号' }) } },
    });
    expect(res.statusCode).toBe(201);
    const { createdIds } = res.json<{ createdIds: number[] }>();
    for (const id of createdIds) {
      const list = (await member.get(`/api/attachments/notice/${id}`)).json<{
        items: { role: string; file: { id: string } }[];
        canEdit: boolean;
      }>();
      expect(list).toMatchObject({ canEdit: true, items: [{ role: 'original', file: { id: fileId } }] });
    }
    const tibet = await t.login('tibet-reviewer');
    expect((await tibet.get(`/api/attachments/notice/${createdIds[0]}`)).json<{ canEdit: boolean }>().canEdit).toBe(
      false,
    );
  });

  it("refuses a letter whose deadline is after the forwarded notice's, and leaves nothing behind", async () => {
    const body = (deadline: string) => ({
      campaignId,
      issuerUnitId: memberId,
      mode: 'received',
      draft: draftOf(letter, { docNumber: '藏质协字〔2026〕14号', deadline }),
      received: { forwarded: { draft: draftOf(forwarded, { docNumber: '藏质标办〔2026〕2号' }) } },
    });
    const late = await member.post('/api/notices/import', body('2024-10-12'));
    expect(late.statusCode).toBe(400);
    expect(late.json<ErrorBody>().error).toMatchObject({
      code: 'NOTICE_DEADLINE_AFTER_PARENT',
      message: '转发函的截止日期（2024-10-12）不能晚于被转发通知的截止日期（2024-10-10），请核对两份文件的截止日期',
    });
    // The stub of that failed request was rolled back: the same import with a good deadline is not a duplicate.
    expect((await member.post('/api/notices/import', body('2024-10-08'))).statusCode).toBe(201);
  });
});
