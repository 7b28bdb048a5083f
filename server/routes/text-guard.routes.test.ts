import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';
import { TEST_PASSWORDS } from '../test/test-passwords.ts';

let t: TestApp;
let reviewer: Client;
beforeAll(async () => {
  t = await createTestApp();
  reviewer = await t.login('tibet-reviewer');
});
afterAll(async () => {
  await t.dispose();
});

function expectInvalidText(res: { statusCode: number; json: <T>() => T }): void {
  expect(res.statusCode).toBe(400);
  const body = res.json<{ error: { code: string; message: string } }>();
  expect(body.error.code).toBe('INVALID_TEXT');
  expect(body.error.message).toMatch(/无法处理的字符（空字符或无效的 UTF-8 编码）/);
}

const login = (payload: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { 'content-type': 'application/json' },
    payload,
    remoteAddress: '10.60.0.1',
  });

describe('NUL and invalid UTF-8 answer 400 INVALID_TEXT, never 500', () => {
  it('in the query string', async () => {
    for (const url of [
      '/api/public/activities?q=%00',
      '/api/public/activities?q=a%00b',
      '/api/public/activities?q=%FF%FE',
      '/api/public/activities?q=%C3',
      '/api/public/activities?%00=1',
    ]) {
      expectInvalidText(await t.app.inject({ method: 'GET', url }));
    }
    // Ordinary Chinese text still works.
    const ok = await t.app.inject({ method: 'GET', url: `/api/public/activities?q=${encodeURIComponent('质量')}` });
    expect(ok.statusCode).toBe(200);
  });

  it('in the path', async () => {
    expectInvalidText(await reviewer.get('/api/notices/%00'));
    expectInvalidText(await reviewer.get('/api/units/%E4%B8'));
    expectInvalidText(await t.app.inject({ method: 'GET', url: '/api/public/%00' }));
  });

  it('in JSON fields and keys, escaped or as raw bytes', async () => {
    expectInvalidText(await login(JSON.stringify({ username: 'tibet-reviewer\u0000', password: 'x' })));
    expectInvalidText(await login(JSON.stringify({ username: 'tibet-reviewer', password: '\u0000' })));
    expectInvalidText(await login('{"username":"a\\ud800","password":"x"}'));
    expectInvalidText(await login('{"username\\u0000":"a","password":"x"}'));
    const rawBytes = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: Buffer.concat([
        Buffer.from('{"username":"'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('","password":"x"}'),
      ]),
      remoteAddress: '10.60.0.1',
    });
    expectInvalidText(rawBytes);
    // A nested field of a signed-in write.
    expectInvalidText(await reviewer.post('/api/campaigns', { ownerUnitId: 1, year: 2099, name: '质量\u0000月' }));
    // The right password still signs in.
    expect(
      (await login(JSON.stringify({ username: 'tibet-reviewer', password: TEST_PASSWORDS.demo }))).statusCode,
    ).toBe(200);
  });

  it('in an upload file name (multipart and tus Upload-Metadata)', async () => {
    const boundary = '----qmBoundary';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a\u0000.xlsx"\r\n` +
          'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
      ),
      Buffer.from('PK'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const multipart = await t.app.inject({
      method: 'POST',
      url: '/api/units/import',
      headers: {
        cookie: reviewer.cookie,
        'x-csrf-token': reviewer.csrfToken,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: body,
    });
    expectInvalidText(multipart);

    const name = Buffer.from('照片\u0000.jpg').toString('base64');
    const tus = await t.app.inject({
      method: 'POST',
      url: '/api/uploads',
      headers: {
        cookie: reviewer.cookie,
        'x-csrf-token': reviewer.csrfToken,
        'tus-resumable': '1.0.0',
        'upload-length': '100',
        'upload-metadata': `filename ${name}`,
      },
    });
    expectInvalidText(tus);
  });
});
