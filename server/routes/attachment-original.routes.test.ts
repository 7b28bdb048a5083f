import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';

let t: TestApp;
let office: Client;
let officeUnit = 0;
let campaignId = 0;

const NOTICE =
  '西藏自治区质量和标准化工作领导小组办公室\n关于开展2099年全区“质量月”活动的通知\n藏质标办〔2099〕3号\n各地（市）市场监督管理局：\n请于2099年10月10日前报送活动总结。\n2099年8月28日\n';

function parseFile(c: Client, data: Buffer, name: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)]), name);
  return t.app.inject({
    method: 'POST',
    url: '/api/notices/parse',
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrfToken },
    payload: form,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  office = await t.login('tibet-reviewer');
  officeUnit = (office.body.user as { unitId: number }).unitId;
  campaignId = (
    await office.post('/api/campaigns', { ownerUnitId: officeUnit, year: 2099, name: '2099年原件测试' })
  ).json<{ id: number }>().id;
});
afterAll(async () => {
  await t.dispose();
});

describe('notice import keeps the original file', () => {
  it('stores the parsed file and attaches it to the draft made from it', async () => {
    const data = Buffer.from(NOTICE, 'utf8');
    const parsed = await parseFile(office, data, '藏质标办3号.txt');
    expect(parsed.statusCode).toBe(200);
    const { fileId } = parsed.json<{ fileId?: string }>();
    expect(fileId).toMatch(/^[a-f0-9]{32}$/);

    const created = await office.post('/api/notices/import', {
      campaignId,
      issuerUnitId: officeUnit,
      mode: 'new',
      sourceFileName: '藏质标办3号.txt',
      sourceFileId: fileId,
      draft: { title: '关于开展2099年全区“质量月”活动的通知', deadline: '2099-10-10' },
    });
    expect(created.statusCode).toBe(201);
    const notice = created.json<{ id: number; originalAttachmentId: number | null }>();
    expect(notice.originalAttachmentId).toEqual(expect.any(Number));

    const list = (await office.get(`/api/attachments/notice/${notice.id}`)).json<{
      items: { role: string; file: { id: string; name: string; mimeType: string; url: string } }[];
      canEdit: boolean;
    }>();
    expect(list).toMatchObject({
      canEdit: true,
      items: [{ role: 'original', file: { id: fileId, name: '藏质标办3号.txt', mimeType: 'text/plain' } }],
    });
    const content = await office.get(`${list.items[0]?.file.url ?? ''}`);
    expect(content.rawPayload.equals(data)).toBe(true);
    expect(content.headers['content-disposition']).toMatch(/^attachment; /);
    // Another office cannot see the draft's file.
    const sichuan = await t.login('sichuan-reviewer');
    expect((await sichuan.get(`/api/files/${fileId}/content`)).statusCode).toBe(404);
  });

  it("creates the draft even when the file id is not the user's", async () => {
    const other = await t.login('tibet-reporter');
    const mine = (await parseFile(other, Buffer.from(NOTICE, 'utf8'), '另一份.txt')).json<{ fileId: string }>().fileId;
    const created = await office.post('/api/notices/import', {
      campaignId,
      issuerUnitId: officeUnit,
      mode: 'new',
      sourceFileId: mine,
      draft: { title: '另一份通知' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ originalAttachmentId: null });
  });
});
