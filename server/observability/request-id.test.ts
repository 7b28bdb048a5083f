import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAudit, verifyAudit } from '../services/audit.service.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { TEST_PASSWORDS } from '../test/test-passwords.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.dispose();
});

async function auditOf(action: string): Promise<{ request_id: string | null }[]> {
  const rows = await t.database.db.execute<{ request_id: string | null }>(
    sql`select request_id from audit_log where action = ${action} order by seq desc limit 1`,
  );
  return rows.rows;
}

describe('the request id reaches the audit entry', () => {
  it('a login and a report save are audited with the id of their request, and the chain still verifies', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'tibet-assoc-reporter', password: TEST_PASSWORDS.demo },
      headers: { 'x-request-id': 'login-request-0001' },
      remoteAddress: '10.77.0.1',
    });
    expect(login.statusCode).toBe(200);
    expect(login.headers['x-request-id']).toBe('login-request-0001');
    expect(await auditOf('auth.login')).toEqual([{ request_id: 'login-request-0001' }]);

    // The report save writes its audit entry inside the same statement as the report (report.repository.ts).
    const office = await t.login('tibet-reviewer');
    const assocUnit = login.json<{ user: { unitId: number } }>().user.unitId;
    const me = office.body.user as { unitId: number };
    const campaign = (
      await office.post('/api/campaigns', { ownerUnitId: me.unitId, year: 2098, name: '2098年全区质量月' })
    ).json<{ id: number }>();
    const draft = (
      await office.post('/api/notices', {
        campaignId: campaign.id,
        issuerUnitId: me.unitId,
        title: '请求编号测试',
        deadline: '2098-10-10',
        formCode: 'quality-month-2024',
        recipientUnitIds: [assocUnit],
      })
    ).json<{ id: number; version: number }>();
    const notice = (await office.post(`/api/notices/${draft.id}/issue`, { version: draft.version })).json<{
      id: number;
    }>();
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = login.json<{ csrfToken: string }>().csrfToken;
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/notices/${notice.id}/reports/${assocUnit}`,
      payload: { version: 0, figures: Array.from({ length: 31 }, () => 1) },
      headers: { cookie, 'x-csrf-token': csrf, 'x-request-id': 'save-request-0002' },
      remoteAddress: '10.77.0.1',
    });
    expect(saved.statusCode).toBe(200);
    const entries = await t.database.db.execute<{ action: string; request_id: string | null }>(
      sql`select action, request_id from audit_log where object_type = 'report' order by seq desc limit 1`,
    );
    expect(entries.rows[0]?.request_id).toBe('save-request-0002');

    // Entries without a request (the demo loader's) keep null.
    expect(await auditOf('system.demo_loaded')).toEqual([{ request_id: null }]);
    await sealAudit(t.database.db, 'sha256');
    expect((await verifyAudit(t.database.db)).ok).toBe(true);
  });
});
