import type { AddressInfo } from 'node:net';
import { and, eq, inArray } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox, notifications, remindersSent, units, users } from '../db/schema.ts';
import { deliverDueMail, MAIL_BACKOFF_SECONDS, type MailLog } from '../jobs/mail-sender.ts';
import { startQueue } from '../jobs/queue.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';
import { sweepReminders } from './reminder.service.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}
const inbox: Received[] = [];
let smtp: SMTPServer;
let t: TestApp;
let office: Client;
let noticeId = 0;
const ids = { tibet: 0, lhasa: 0, county: 0, assoc: 0 };
const logged: Record<string, unknown>[] = [];
const log: MailLog = {
  info: (o) => {
    logged.push(o);
  },
  warn: () => undefined,
};

/** Beijing 10:00 on a calendar day. */
const at = (day: string): Date => new Date(`${day}T02:00:00Z`);

// Just enough MIME to read what nodemailer wrote: RFC 2047 words in headers, base64 or quoted-printable bodies.
function decodeWords(s: string): string {
  return s.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}
function parse(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of raw
    .slice(0, split)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  let body = raw.slice(split + 4);
  const cte = headers['content-transfer-encoding']?.toLowerCase();
  if (cte === 'base64') body = Buffer.from(body.replace(/\s/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable')
    body = Buffer.from(
      body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  return { headers, body };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  t = await createTestApp({
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    PUBLIC_BASE_URL: 'https://zlj.example.cn',
    MAIL_FROM: '质量月平台 <noreply@zlj.example.cn>',
  });
  office = await t.login('tibet-reviewer');
  const assoc = await t.login('tibet-assoc-reporter');
  ids.tibet = (office.body.user as { unitId: number }).unitId;
  ids.assoc = (assoc.body.user as { unitId: number }).unitId;
  const children = (await office.get(`/api/units?parentId=${ids.tibet}`)).json<{
    items: { id: number; name: string }[];
  }>().items;
  ids.lhasa = children.find((u) => u.name === '拉萨市市场监督管理局')?.id ?? 0;
  ids.county =
    (await office.get(`/api/units?parentId=${ids.lhasa}`)).json<{ items: { id: number }[] }>().items[0]?.id ?? 0;
  const { db } = t.database;
  await db
    .update(users)
    .set({ email: 'assoc-reporter@zlj.example.cn' })
    .where(eq(users.username, 'tibet-assoc-reporter'));
  await db.update(units).set({ contactEmail: 'lhasa@zlj.example.cn' }).where(eq(units.id, ids.lhasa));
  await db.update(units).set({ contactEmail: 'tibet@zlj.example.cn' }).where(eq(units.id, ids.tibet));
  const campaign = (
    await office.post('/api/campaigns', { ownerUnitId: ids.tibet, year: 2024, name: '2024年全区质量月（催报测试）' })
  ).json<{ id: number }>();
  const n = (
    await office.post('/api/notices', {
      campaignId: campaign.id,
      issuerUnitId: ids.tibet,
      title: '关于报送2024年质量月活动统计表的通知',
      deadline: '2024-10-08',
      formCode: 'quality-month-2024',
      recipientUnitIds: [ids.assoc, ids.lhasa, ids.county],
    })
  ).json<{ id: number; version: number }>();
  noticeId = (await office.post(`/api/notices/${n.id}/issue`, { version: n.version })).json<{ id: number }>().id;
});

afterAll(async () => {
  await t.dispose();
  await new Promise<void>((resolve) => smtp.close(resolve));
});

describe('automatic reminders (催报) with the holiday calendar, e-mail over SMTP', () => {
  it('sends nothing on a day without a slot (2024-09-27: the 10-05 and 10-07 slots moved to 09-30)', async () => {
    expect(await sweepReminders(t.deps, at('2024-09-27'))).toMatchObject({ today: '2024-09-27', units: 0, emails: 0 });
  });

  it('reminds every unit that has not reported on the last working day before the holiday, once', async () => {
    // The county has submitted nothing either; it has no e-mail address, so it only gets the in-app notice.
    const first = await sweepReminders(t.deps, at('2024-09-30'));
    expect(first).toEqual({ today: '2024-09-30', notices: 1, units: 3, escalations: 0, emails: 2 });
    expect(await sweepReminders(t.deps, at('2024-09-30'))).toMatchObject({ units: 0, emails: 0 });
    const slots = await t.database.db.select().from(remindersSent).where(eq(remindersSent.noticeId, noticeId));
    expect(slots.map((s) => s.slot)).toEqual(['before-1', 'before-1', 'before-1']);

    const run = await deliverDueMail(t.deps, log);
    expect(run).toEqual({ sent: 2, logged: 0, failed: 0 });
    expect(inbox.map((m) => m.to).sort()).toEqual([['assoc-reporter@zlj.example.cn'], ['lhasa@zlj.example.cn']]);
    const mail = parse(inbox.find((m) => m.to.includes('lhasa@zlj.example.cn'))?.raw ?? '');
    expect(inbox[0]?.from).toBe('noreply@zlj.example.cn');
    expect(mail.headers.subject).toBe('【质量月平台】催报：关于报送2024年质量月活动统计表的通知');
    expect(mail.headers.cc).toBeUndefined();
    expect(mail.body).toContain(
      '拉萨市市场监督管理局：西藏自治区市场监督管理局印发的《关于报送2024年质量月活动统计表的通知》要求报送的材料将于 2024年10月8日 截止，还有 8 天',
    );
    expect(mail.body).toContain(`https://zlj.example.cn/notices/${noticeId}/report/${ids.lhasa}`);
    const rows = await t.database.db.select().from(mailOutbox);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
    expect(rows.every((r) => r.messageId && r.sentAt)).toBe(true);
    // Nothing left to deliver.
    expect(await deliverDueMail(t.deps, log)).toEqual({ sent: 0, logged: 0, failed: 0 });
  });

  it('is quiet during the National Day holiday', async () => {
    for (const day of ['2024-10-01', '2024-10-05', '2024-10-07']) {
      expect((await sweepReminders(t.deps, at(day))).units).toBe(0);
    }
  });

  it('once a unit has submitted it is not reminded on the deadline day', async () => {
    const { db } = t.database;
    const assoc = await t.login('tibet-assoc-reporter');
    const draft = (
      await assoc.put(`/api/notices/${noticeId}/reports/${ids.assoc}`, {
        version: 0,
        figures: Array.from({ length: 31 }, () => 0),
      })
    ).json<{ id: number; version: number }>();
    expect((await assoc.post(`/api/reports/${draft.id}/submit`, { version: draft.version })).statusCode).toBe(200);
    expect(await sweepReminders(t.deps, at('2024-10-08'))).toMatchObject({ units: 2, emails: 1 });
    const due = await db
      .select()
      .from(remindersSent)
      .where(and(eq(remindersSent.noticeId, noticeId), eq(remindersSent.slot, 'due')));
    expect(due.map((r) => r.unitId).sort((a, b) => a - b)).toEqual([ids.lhasa, ids.county].sort((a, b) => a - b));
  });

  it('from 1 day late copies the superior: by e-mail (Cc) and, unless it issued the notice, in the app', async () => {
    const { db } = t.database;
    inbox.length = 0;
    expect(await sweepReminders(t.deps, at('2024-10-09'))).toEqual({
      today: '2024-10-09',
      notices: 1,
      units: 2,
      escalations: 1,
      emails: 2,
    });
    await deliverDueMail(t.deps, log);
    // Lhasa (late) with its superior, the Tibet bureau, in Cc; the county has no address, so its superior Lhasa gets the mail.
    const lhasaMail = inbox.find((m) => m.to.includes('lhasa@zlj.example.cn') && m.to.includes('tibet@zlj.example.cn'));
    expect(lhasaMail).toBeDefined();
    const parsed = parse(lhasaMail?.raw ?? '');
    expect(parsed.headers.to).toBe('lhasa@zlj.example.cn');
    expect(parsed.headers.cc).toBe('tibet@zlj.example.cn');
    expect(parsed.headers.subject).toBe('【质量月平台】逾期未报：关于报送2024年质量月活动统计表的通知');
    expect(parsed.body).toContain('已超过截止日期（2024年10月8日）1 天');
    expect(parsed.body).toContain('（已抄送上级单位）');
    // The county's superior (Lhasa, not the issuer) is told in the app which unit is late.
    const escalation = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, 'escalation'), eq(notifications.unitId, ids.lhasa)));
    expect(escalation).toHaveLength(1);
    expect(escalation[0]).toMatchObject({ subjectUnitId: ids.county, noticeId });
    expect(
      await db
        .select()
        .from(notifications)
        .where(and(eq(notifications.kind, 'escalation'), eq(notifications.unitId, ids.tibet))),
    ).toEqual([]);
  });

  it('without SMTP_URL an e-mail is written to the log and kept as logged', async () => {
    const { db } = t.database;
    logged.length = 0;
    const before = (await db.select().from(mailOutbox)).length;
    expect(await sweepReminders(t.deps, at('2024-10-10'))).toMatchObject({ units: 2 });
    const run = await deliverDueMail({ ...t.deps, env: { ...t.env, SMTP_URL: undefined } }, log);
    expect(run).toMatchObject({ sent: 0, logged: 2 });
    const rows = (await db.select().from(mailOutbox).orderBy(mailOutbox.id)).slice(before);
    expect(rows.map((r) => r.status)).toEqual(['logged', 'logged']);
    expect(logged.map((l) => l.subject)).toContain('【质量月平台】逾期未报：关于报送2024年质量月活动统计表的通知');
  });

  it('a failing SMTP server marks the e-mail failed and retries it after the back-off', async () => {
    const { db } = t.database;
    await sweepReminders(t.deps, at('2024-10-11'));
    const closedPort = await new Promise<number>((resolve) => {
      const probe = new SMTPServer({ logger: false });
      probe.listen(0, '127.0.0.1', () => {
        const p = (probe.server.address() as AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    const down = { ...t.deps, env: { ...t.env, SMTP_URL: `smtp://127.0.0.1:${closedPort}` } };
    const now = new Date();
    expect(await deliverDueMail(down, log, now)).toMatchObject({ sent: 0, failed: 2 });
    const failed = await db.select().from(mailOutbox).where(eq(mailOutbox.status, 'failed'));
    expect(failed.map((r) => r.attempts)).toEqual([1, 1]);
    expect(failed[0]?.error).toBeTruthy();
    // Not due again straight away…
    expect(await deliverDueMail(t.deps, log, now)).toEqual({ sent: 0, logged: 0, failed: 0 });
    // …but after the first back-off step, and then it goes through.
    inbox.length = 0;
    expect(
      await deliverDueMail(t.deps, log, new Date(now.getTime() + (MAIL_BACKOFF_SECONDS + 5) * 1000)),
    ).toMatchObject({ sent: 2 });
    const retried = await db
      .select()
      .from(mailOutbox)
      .where(
        inArray(
          mailOutbox.id,
          failed.map((r) => r.id),
        ),
      );
    expect(retried.map((r) => [r.status, r.attempts])).toEqual([
      ['sent', 2],
      ['sent', 2],
    ]);
    expect(inbox).toHaveLength(2);
  });

  it('runs the sweep and the e-mail delivery as pg-boss jobs on this database', async () => {
    const { db } = t.database;
    const queue = await startQueue(t.deps, {
      log: { ...log, error: () => undefined },
      schedule: false,
      pollingIntervalSeconds: 0.5,
    });
    t.deps.queue = queue;
    try {
      inbox.length = 0;
      expect(await queue.sweepSoon(at('2024-10-14'))).toEqual(expect.any(String));
      const rows = await waitFor(async () => {
        const r = await db
          .select()
          .from(remindersSent)
          .where(and(eq(remindersSent.noticeId, noticeId), eq(remindersSent.slot, 'late-6')));
        return r.length === 2 ? r : undefined;
      }, 'the late-6 reminders');
      expect(rows.map((r) => r.sentOn)).toEqual(['2024-10-14', '2024-10-14']);
      // The sweep nudged the mail job, which delivered through SMTP.
      await waitFor(async () => (inbox.length === 2 ? true : undefined), 'two e-mails');
      expect(await db.select().from(mailOutbox).where(eq(mailOutbox.status, 'pending'))).toEqual([]);
    } finally {
      t.deps.queue = undefined;
      await queue.stop();
    }
  });

  it('an archived campaign sends nothing', async () => {
    const campaigns = (await office.get('/api/campaigns')).json<{
      items: { id: number; name: string; version: number }[];
    }>().items;
    const c = campaigns.find((x) => x.name === '2024年全区质量月（催报测试）');
    expect((await office.patch(`/api/campaigns/${c?.id}`, { version: c?.version, archived: true })).statusCode).toBe(
      200,
    );
    expect(await sweepReminders(t.deps, at('2024-10-15'))).toMatchObject({ notices: 0, units: 0 });
    // The demo campaign (archived) never produced anything either.
    const slots = await t.database.db.select().from(remindersSent);
    expect(slots.every((s) => s.noticeId === noticeId)).toBe(true);
  });
});
