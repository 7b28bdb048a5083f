import type { Client, TestApp } from './test-app.ts';
import { TEST_PASSWORDS } from './test-passwords.ts';

export const ADMIN_NEW_PASSWORD = 'Nation-Guard-2025';
const changed = new WeakSet<TestApp>();

/** The demo admin must change its password first; returns a client logged in with the new one. */
export async function adminClient(t: TestApp): Promise<Client> {
  if (!changed.has(t)) {
    const admin = await t.login('admin');
    const res = await admin.post('/api/auth/change-password', {
      currentPassword: TEST_PASSWORDS.admin,
      newPassword: ADMIN_NEW_PASSWORD,
    });
    if (res.statusCode !== 200) throw new Error(`password change failed: ${res.body}`);
    changed.add(t);
  }
  return t.login('admin', ADMIN_NEW_PASSWORD);
}
