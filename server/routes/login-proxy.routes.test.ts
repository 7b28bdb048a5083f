import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { adminClient } from '../test/test-helpers.ts';
import { TEST_PASSWORDS } from '../test/test-passwords.ts';

// Two servers: one with the default (no proxy trusted), one behind a proxy at 10.0.0.1.
let plain: TestApp;
let proxied: TestApp;
beforeAll(async () => {
  plain = await createTestApp();
  proxied = await createTestApp({ TRUST_PROXY: '10.0.0.1, 192.168.50.0/24' });
});
afterAll(async () => {
  await plain.dispose();
  await proxied.dispose();
});

const attempt = (t: TestApp, username: string, password: string, from: string, forwardedFor?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    remoteAddress: from,
    ...(forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {}),
  });

async function auditIps(t: TestApp, username: string): Promise<string[]> {
  const rows = await t.database.db.execute<{ ip: string }>(
    sql`select ip from audit_log where actor_name = ${username} and action like 'auth.%' order by seq`,
  );
  return rows.rows.map((r) => r.ip);
}

describe('X-Forwarded-For without TRUST_PROXY', () => {
  it('is ignored: forged addresses neither escape the lockout nor reach the audit log', async () => {
    const codes: number[] = [];
    for (let i = 1; i <= 6; i++) {
      codes.push((await attempt(plain, 'hunan-reviewer', 'bad', '10.7.7.7', `203.0.113.${i}`)).statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 401, 423, 423]);
    // The right password is refused too from that real address.
    expect((await attempt(plain, 'hunan-reviewer', TEST_PASSWORDS.demo, '10.7.7.7', '198.51.100.9')).statusCode).toBe(
      423,
    );
    const ips = await auditIps(plain, 'hunan-reviewer');
    expect(new Set(ips)).toEqual(new Set(['10.7.7.7']));
  });

  it('does not let a forged address escape the login rate limit', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 22; i++) {
      codes.push((await attempt(plain, `nobody-${i}`, 'x', '10.8.8.8', `198.51.100.${i + 1}`)).statusCode);
    }
    expect(codes).toContain(429);
  });
});

describe('X-Forwarded-For with TRUST_PROXY', () => {
  it('is honoured from a configured proxy: each client address has its own lockout', async () => {
    for (let i = 1; i <= 4; i++) {
      expect((await attempt(proxied, 'yueyang-reviewer', 'bad', '10.0.0.1', '203.0.113.10')).statusCode).toBe(401);
    }
    expect((await attempt(proxied, 'yueyang-reviewer', 'bad', '10.0.0.1', '203.0.113.10')).statusCode).toBe(423);
    // Another client behind the same proxy (and one behind a proxy of the CIDR) is not locked out.
    expect(
      (await attempt(proxied, 'yueyang-reviewer', TEST_PASSWORDS.demo, '10.0.0.1', '203.0.113.11')).statusCode,
    ).toBe(200);
    expect(
      (await attempt(proxied, 'yueyang-reviewer', TEST_PASSWORDS.demo, '192.168.50.7', '203.0.113.12')).statusCode,
    ).toBe(200);
    const ips = await auditIps(proxied, 'yueyang-reviewer');
    expect(ips).toEqual([...Array<string>(5).fill('203.0.113.10'), '203.0.113.11', '203.0.113.12']);
  });

  it('is ignored from an address that is not a configured proxy', async () => {
    for (let i = 1; i <= 4; i++) {
      expect((await attempt(proxied, 'tibet-reporter', 'bad', '10.9.0.1', `203.0.113.${20 + i}`)).statusCode).toBe(401);
    }
    expect((await attempt(proxied, 'tibet-reporter', 'bad', '10.9.0.1', '203.0.113.30')).statusCode).toBe(423);
    expect(new Set(await auditIps(proxied, 'tibet-reporter'))).toEqual(new Set(['10.9.0.1']));
  });
});

describe('per-account limit across addresses', () => {
  const name = 'tibet-assoc-reporter';
  const locked = (res: { statusCode: number; json: <T>() => T }): void => {
    expect(res.statusCode).toBe(423);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('ACCOUNT_LOCKED');
  };

  it('locks the account for every new address after 30 failures from many, but not where it signed in lately', async () => {
    // The owner signs in from home first: that address stays open through the lock.
    expect((await attempt(plain, name, TEST_PASSWORDS.demo, '10.40.0.1')).statusCode).toBe(200);
    // 30 failures from 30 addresses (one each, so no single address reaches its own lockout) …
    for (let i = 1; i <= 30; i++) {
      expect((await attempt(plain, name, 'guess', `10.41.0.${i}`)).statusCode).toBe(401);
    }
    // … the 31st locks the account, and even the right password from a fresh address is refused.
    locked(await attempt(plain, name, 'guess', '10.41.1.1'));
    locked(await attempt(plain, name, TEST_PASSWORDS.demo, '10.41.1.2'));
    locked(await attempt(plain, name, TEST_PASSWORDS.demo, '10.41.0.5'));
    // Known address: a wrong password is an ordinary 401, the right one signs in.
    expect((await attempt(plain, name, 'typo', '10.40.0.1')).statusCode).toBe(401);
    expect((await attempt(plain, name, TEST_PASSWORDS.demo, '10.40.0.1')).statusCode).toBe(200);
    // The counters live in the database (shared by every node).
    const rows = await plain.database.db.execute<{ n: number }>(
      sql`select count(*)::int n from login_account_locks where username = ${name} and locked_until > now() + interval '55 minutes'`,
    );
    expect(rows.rows[0]?.n).toBe(1);
  });

  it('is cleared by an admin’s unlock', async () => {
    const admin = await adminClient(plain);
    const user = (await admin.get(`/api/users?q=${name}`)).json<{ items: { id: number; lockedSources: number }[] }>()
      .items[0];
    expect(user?.lockedSources).toBeGreaterThanOrEqual(1);
    expect((await admin.post(`/api/users/${user?.id}/unlock`)).statusCode).toBe(200);
    expect((await attempt(plain, name, TEST_PASSWORDS.demo, '10.41.1.2')).statusCode).toBe(200);
    // The count starts again from zero: one more failure is an ordinary 401.
    expect((await attempt(plain, name, 'guess', '10.41.1.3')).statusCode).toBe(401);
  });
});
