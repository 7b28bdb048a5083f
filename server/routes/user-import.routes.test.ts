import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';
import { adminClient } from '../test/test-helpers.ts';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  admin = await adminClient(t);
});
afterAll(async () => {
  await t.dispose();
});

function upload(csv: string) {
  const form = new FormData();
  form.append('file', new Blob([csv]), 'users.csv');
  return t.app.inject({
    method: 'POST',
    url: '/api/users/import',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    payload: form,
  });
}

describe('bulk import of users', () => {
  it('creates every account with a one-time password and the given roles', async () => {
    const res = await upload(
      '用户名,姓名,所属单位,角色,手机,邮箱\nzhang.san,张三,岳阳市市场监督管理局,填报,13800000000,\nli-si,李四,430600,审核、查看,,lisi@example.gov.cn\n',
    );
    expect(res.statusCode).toBe(200);
    const body = res.json<{ created: { username: string; initialPassword: string }[] }>();
    expect(body.created.map((c) => c.username)).toEqual(['zhang.san', 'li-si']);
    const li = await t.login('li-si', body.created[1]?.initialPassword);
    expect(li.body).toMatchObject({
      mustChangePassword: true,
      user: { unitName: '岳阳市市场监督管理局', roles: [{ role: 'reviewer' }, { role: 'viewer' }] },
    });
  });

  it('creates none when a row is wrong', async () => {
    const res = await upload(
      '用户名,姓名,所属单位,角色\nwang,王五,岳阳市市场监督管理局,填报\nTibet-Reviewer,重名,岳阳市市场监督管理局,老板\n',
    );
    expect(res.statusCode).toBe(400);
    const issues = res.json<{ error: { details: { issues: { row: number; column: string; message: string }[] } } }>()
      .error.details.issues;
    expect(issues).toEqual([
      { row: 3, column: '用户名', message: '用户名“Tibet-Reviewer”已存在' },
      { row: 3, column: '角色', message: '无法识别的角色：老板（可用：单位管理员、审核、填报、查看）' },
    ]);
    expect((await admin.get('/api/users?q=wang')).json()).toMatchObject({ total: 0 });
  });
});
