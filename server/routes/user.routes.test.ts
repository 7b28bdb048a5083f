import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';
import { adminClient } from '../test/test-helpers.ts';

let t: TestApp;
let admin: Client;
interface UserView {
  id: number;
  username: string;
  unitName: string;
  version: number;
  roles: string[];
  can: Record<string, boolean>;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await adminClient(t);
});
afterAll(async () => {
  await t.dispose();
});

async function unitId(name: string): Promise<number> {
  const res = await admin.get(`/api/units/search?q=${encodeURIComponent(name)}`);
  const u = res.json<{ items: { id: number; name: string }[] }>().items.find((x) => x.name === name);
  if (!u) throw new Error(name);
  return u.id;
}

describe('user administration', () => {
  it('creates a unit admin whose reach is its own subtree only', async () => {
    const yueyang = await unitId('岳阳市市场监督管理局');
    const created = await admin.post('/api/users', {
      username: 'yy-admin',
      displayName: '岳阳管理员',
      unitId: yueyang,
      roles: ['admin'],
    });
    expect(created.statusCode).toBe(201);
    const { initialPassword } = created.json<{ initialPassword: string }>();
    expect(initialPassword.length).toBeGreaterThanOrEqual(10);

    const yy = await t.login('yy-admin', initialPassword);
    expect(yy.body.mustChangePassword).toBe(true);
    await yy.post('/api/auth/change-password', { currentPassword: initialPassword, newPassword: 'Yueyang-Guard-2025' });
    const me = await t.login('yy-admin', 'Yueyang-Guard-2025');
    const users = (await me.get('/api/users'))
      .json<{ items: UserView[] }>()
      .items.map((u) => u.username)
      .sort();
    expect(users).toEqual(['yueyang-reporter', 'yueyang-reviewer', 'yy-admin']);

    // Creating above or beside its unit is refused.
    const hunan = await unitId('湖南省市场监督管理局');
    expect(
      (await me.post('/api/users', { username: 'x1', displayName: '某人', unitId: hunan, roles: ['viewer'] }))
        .statusCode,
    ).toBe(403);
    const changsha = await unitId('长沙市市场监督管理局');
    expect(
      (await me.post('/api/users', { username: 'x2', displayName: '某人', unitId: changsha, roles: ['viewer'] }))
        .statusCode,
    ).toBe(404);
    // A section below it is fine.
    const section = await unitId('质量发展科');
    expect(
      (await me.post('/api/users', { username: 'x3', displayName: '某人', unitId: section, roles: ['reporter'] }))
        .statusCode,
    ).toBe(201);
    // It cannot touch an account above it.
    const hunanReviewer = (await admin.get('/api/users?q=hunan-reviewer')).json<{ items: UserView[] }>().items[0];
    expect((await me.post(`/api/users/${hunanReviewer?.id}/reset-password`)).statusCode).toBe(404);
  });

  it('refuses a duplicate username, a weak password and a stale edit', async () => {
    const tibet = await unitId('西藏自治区市场监督管理局');
    const dup = await admin.post('/api/users', {
      username: 'Tibet-Reviewer',
      displayName: '重复',
      unitId: tibet,
      roles: ['viewer'],
    });
    expect(dup.json()).toMatchObject({ error: { code: 'USERNAME_TAKEN' } });
    const weak = await admin.post('/api/users', {
      username: 'weak',
      displayName: '弱',
      unitId: tibet,
      roles: ['viewer'],
      password: 'abcdefghij',
    });
    expect(weak.json()).toMatchObject({ error: { code: 'PASSWORD_TOO_WEAK' } });
    const u = (await admin.get('/api/users?q=tibet-reporter')).json<{ items: UserView[] }>().items[0];
    expect(
      (await admin.patch(`/api/users/${u?.id}`, { version: u?.version, displayName: '西藏填报员甲' })).statusCode,
    ).toBe(200);
    const stale = await admin.patch(`/api/users/${u?.id}`, { version: u?.version, displayName: '西藏填报员乙' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'STALE_EDIT' } });
  });

  it('resets a password: old sessions end and the new one must be changed', async () => {
    const session = await t.login('national-reviewer');
    const u = (await admin.get('/api/users?q=national-reviewer')).json<{ items: UserView[] }>().items[0];
    const reset = await admin.post(`/api/users/${u?.id}/reset-password`);
    const { temporaryPassword } = reset.json<{ temporaryPassword: string }>();
    expect((await session.get('/api/auth/me')).statusCode).toBe(401);
    const again = await t.login('national-reviewer', temporaryPassword);
    expect(again.body.mustChangePassword).toBe(true);
  });

  it('never lets an admin remove its own access', async () => {
    const self = (await admin.get('/api/users?q=admin'))
      .json<{ items: UserView[] }>()
      .items.find((u) => u.username === 'admin');
    expect(self?.can).toMatchObject({ change_roles: false, deactivate: false });
    expect((await admin.patch(`/api/users/${self?.id}`, { version: self?.version, roles: [] })).statusCode).toBe(403);
  });
});
