import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { TEST_PASSWORDS } from '../test/test-passwords.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.dispose();
});

const attempt = (username: string, password: string, ip = '10.1.1.1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

describe('health and OpenAPI', () => {
  it('answers {"status":"ok"} without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
  });

  it('describes the API as OpenAPI 3', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/units', '/api/users', '/api/audit']),
    );
  });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    // Served over plain HTTP in tests: no HSTS, which would lock browsers out of a non-HTTPS install.
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('login', () => {
  it('answers the contract body and an httpOnly session cookie', async () => {
    const res = await attempt('tibet-reviewer', TEST_PASSWORDS.demo);
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      user: { username: string; unitName: string };
      mustChangePassword: boolean;
      csrfToken: string;
    }>();
    expect(body.user.username).toBe('tibet-reviewer');
    expect(body.user.unitName).toBe('西藏自治区市场监督管理局');
    expect(body.mustChangePassword).toBe(false);
    expect(body.csrfToken.length).toBeGreaterThan(20);
    const cookie = res.cookies.find((c) => c.name === 'qm_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
  });

  it('rejects wrong credentials with 401 and a Chinese message', async () => {
    const res = await attempt('tibet-reviewer', 'wrong-password', '10.9.9.9');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' } });
  });

  it('rejects unknown fields and overlong values', async () => {
    const extra = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'a', password: 'b', role: 'admin' },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const long = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'x'.repeat(65), password: 'b' },
    });
    expect(long.statusCode).toBe(400);
  });

  it('locks an account after 5 failures for that source only, and a unit admin unlocks it', async () => {
    for (let i = 1; i <= 4; i++) expect((await attempt('sichuan-reviewer', 'bad', '10.2.2.2')).statusCode).toBe(401);
    const fifth = await attempt('sichuan-reviewer', 'bad', '10.2.2.2');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json<{ error: { message: string } }>().error.message).toMatch(/锁定.*后重试/);
    // Even the right password is refused from that source while locked …
    expect((await attempt('sichuan-reviewer', TEST_PASSWORDS.demo, '10.2.2.2')).statusCode).toBe(423);
    // … but a stranger cannot lock the account out everywhere.
    expect((await attempt('sichuan-reviewer', TEST_PASSWORDS.demo, '10.3.3.3')).statusCode).toBe(200);

    const admin = await t.login('admin');
    // The admin account must change its password before anything else.
    const blocked = await admin.get('/api/users?q=sichuan-reviewer');
    expect(blocked.json()).toMatchObject({ error: { code: 'PASSWORD_CHANGE_REQUIRED' } });
    const changed = await admin.post('/api/auth/change-password', {
      currentPassword: TEST_PASSWORDS.admin,
      newPassword: 'Nation-Guard-2025',
    });
    expect(changed.statusCode).toBe(200);
    const list = await admin.get('/api/users?q=sichuan-reviewer');
    const user = list.json<{ items: { id: number; lockedSources: number }[] }>().items[0];
    expect(user?.lockedSources).toBe(1);
    const unlock = await admin.post(`/api/users/${user?.id}/unlock`);
    expect(unlock.statusCode).toBe(200);
    expect((await attempt('sichuan-reviewer', TEST_PASSWORDS.demo, '10.2.2.2')).statusCode).toBe(200);
  });

  it('rate-limits login attempts above the lockout threshold', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 22; i++) codes.push((await attempt(`nobody-${i}`, 'x', '10.4.4.4')).statusCode);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes).toContain(429);
  });
});

describe('sessions', () => {
  it('refuses state changes without the CSRF token', async () => {
    const c = await t.login('yueyang-reviewer');
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'CSRF_INVALID' } });
  });

  it('expires an idle session with SESSION_EXPIRED', async () => {
    const c = await t.login('yueyang-reporter');
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    await t.database.db.execute(sql`update sessions set last_seen_at = now() - interval '31 minutes'`);
    const res = await c.get('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'SESSION_EXPIRED', message: '登录已超时，请重新登录' } });
  });

  it('enforces the password rules', async () => {
    const c = await t.login('hunan-reviewer');
    const weak = await c.post('/api/auth/change-password', {
      currentPassword: TEST_PASSWORDS.demo,
      newPassword: 'short1',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'PASSWORD_TOO_WEAK',
    });
    expect(weak.json<{ error: { message: string } }>().error.message).toContain('至少 10 位');
  });

  it('logs out', async () => {
    const c = await t.login('national-reviewer');
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });
});
