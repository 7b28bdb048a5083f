import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../test/test-helpers.ts';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';

let t: TestApp;
let office: Client;
let assoc: Client;
let lhasaUser: Client;
let noticeId = 0;
let assocId = 0;
let reportId = 0;
let campaignId = 0;
let photo: Buffer;

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** A tus request from a logged-in client. */
function tus(
  c: Client,
  method: 'POST' | 'HEAD' | 'PATCH' | 'DELETE',
  url: string,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url,
    payload: body,
    headers: {
      cookie: c.cookie,
      'x-csrf-token': c.csrfToken,
      'tus-resumable': '1.0.0',
      ...(body ? { 'content-type': 'application/offset+octet-stream' } : {}),
      ...headers,
    },
  });
}

async function create(c: Client, name: string, size: number, type = ''): Promise<LightMyRequestResponse> {
  return tus(c, 'POST', '/api/uploads', {
    'upload-length': String(size),
    'upload-metadata': `filename ${b64(name)},filetype ${b64(type)}`,
  });
}

const idOf = (res: LightMyRequestResponse): string => String(res.headers.location).split('/').pop() ?? '';

/** Uploads whole in one PATCH and finishes; answers the finish response. */
async function upload(c: Client, name: string, data: Buffer): Promise<LightMyRequestResponse> {
  const created = await create(c, name, data.length);
  expect(created.statusCode).toBe(201);
  const id = idOf(created);
  const patched = await tus(c, 'PATCH', `/api/uploads/${id}`, { 'upload-offset': '0' }, data);
  expect(patched.statusCode).toBe(204);
  return c.post('/api/files', { uploadId: id });
}

interface FileJson {
  id: string;
  name: string;
  kind: string;
  mimeType: string;
  size: number;
  width: number;
  height: number;
  sha256: string;
  thumbnailUrl: string | null;
  url: string;
}

beforeAll(async () => {
  t = await createTestApp();
  office = await t.login('tibet-reviewer');
  assoc = await t.login('tibet-assoc-reporter');
  const officeUnit = (office.body.user as { unitId: number }).unitId;
  assocId = (assoc.body.user as { unitId: number }).unitId;
  const children = (await office.get(`/api/units?parentId=${officeUnit}`)).json<{
    items: { id: number; name: string }[];
  }>().items;
  const lhasa = children.find((u) => u.name === '拉萨市市场监督管理局')?.id ?? 0;
  const campaign = (
    await office.post('/api/campaigns', { ownerUnitId: officeUnit, year: 2099, name: '2099年媒体测试' })
  ).json<{ id: number }>();
  campaignId = campaign.id;
  const n = (
    await office.post('/api/notices', {
      campaignId,
      issuerUnitId: officeUnit,
      title: '图片视频测试',
      deadline: '2099-10-10',
      formCode: 'quality-month-2024',
      recipientUnitIds: [assocId, lhasa],
    })
  ).json<{ id: number; version: number }>();
  noticeId = (await office.post(`/api/notices/${n.id}/issue`, { version: n.version })).json<{ id: number }>().id;
  const saved = await assoc.put(`/api/notices/${noticeId}/reports/${assocId}`, {
    version: 0,
    figures: Array.from({ length: 31 }, () => null),
  });
  reportId = saved.json<{ id: number }>().id;

  // A colleague in a sibling unit (拉萨市局, addressed by the same notice).
  const admin = await adminClient(t);
  const made = await admin.post('/api/users', {
    username: 'lhasa-reporter',
    displayName: '拉萨填报员',
    unitId: lhasa,
    roles: ['reporter'],
    password: 'Lhasa-Temp-2099',
  });
  expect(made.statusCode).toBe(201);
  const first = await t.login('lhasa-reporter', 'Lhasa-Temp-2099');
  await first.post('/api/auth/change-password', {
    currentPassword: 'Lhasa-Temp-2099',
    newPassword: 'Lhasa-Final-2099',
  });
  lhasaUser = await t.login('lhasa-reporter', 'Lhasa-Final-2099');

  // A 400×200 photo taken with the phone turned (EXIF orientation 6: shown 200×400).
  photo = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#c03020' } })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
});
afterAll(async () => {
  await t.dispose();
});

describe('resumable uploads', () => {
  let fileId = '';

  it('resumes an upload cut half way from a new session of the same user, then stores it with a thumbnail', async () => {
    const created = await create(assoc, '现场照片.jpg', photo.length, 'image/jpeg');
    expect(created.statusCode).toBe(201);
    const id = idOf(created);
    expect(id).toMatch(/^[a-f0-9]{32}$/);
    const half = Math.floor(photo.length / 2);
    const first = await tus(assoc, 'PATCH', `/api/uploads/${id}`, { 'upload-offset': '0' }, photo.subarray(0, half));
    expect(first.statusCode).toBe(204);
    expect(first.headers['upload-offset']).toBe(String(half));

    // The connection dropped; another tab (a new login) asks where to go on.
    const again = await t.login('tibet-assoc-reporter');
    const head = await tus(again, 'HEAD', `/api/uploads/${id}`);
    expect(head.statusCode).toBe(200);
    expect(head.headers['upload-offset']).toBe(String(half));
    expect(head.headers['upload-length']).toBe(String(photo.length));
    const early = await again.post('/api/files', { uploadId: id });
    expect(early.json()).toMatchObject({ error: { code: 'UPLOAD_INCOMPLETE' } });
    const rest = await tus(
      again,
      'PATCH',
      `/api/uploads/${id}`,
      { 'upload-offset': String(half) },
      photo.subarray(half),
    );
    expect(rest.statusCode).toBe(204);
    expect(rest.headers['upload-offset']).toBe(String(photo.length));

    const finished = await again.post('/api/files', { uploadId: id });
    expect(finished.statusCode).toBe(200);
    const file = finished.json<FileJson>();
    expect(file).toMatchObject({
      id,
      name: '现场照片.jpg',
      kind: 'image',
      mimeType: 'image/jpeg',
      size: photo.length,
      width: 200,
      height: 400,
    });
    fileId = file.id;
    // Finishing twice answers the same file.
    expect((await again.post('/api/files', { uploadId: id })).json<FileJson>().id).toBe(id);

    const content = await assoc.get(file.url);
    expect(content.statusCode).toBe(200);
    expect(content.rawPayload.equals(photo)).toBe(true);
    expect(content.headers['content-disposition']).toContain('inline; filename=');
    expect(content.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('现场照片.jpg')}`);
    const thumb = await assoc.get(file.thumbnailUrl ?? '');
    expect(thumb.statusCode).toBe(200);
    const meta = await sharp(thumb.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 180, height: 360 });
  });

  it('answers a byte range with 206 and exactly those bytes', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/files/${fileId}/content`,
      headers: { cookie: assoc.cookie, range: 'bytes=100-199' },
    });
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 100-199/${photo.length}`);
    expect(res.rawPayload.equals(photo.subarray(100, 200))).toBe(true);
    const tail = await t.app.inject({
      method: 'GET',
      url: `/api/files/${fileId}/content`,
      headers: { cookie: assoc.cookie, range: 'bytes=-10' },
    });
    expect(tail.rawPayload.equals(photo.subarray(photo.length - 10))).toBe(true);
    const beyond = await t.app.inject({
      method: 'GET',
      url: `/api/files/${fileId}/content`,
      headers: { cookie: assoc.cookie, range: `bytes=${photo.length}-` },
    });
    expect(beyond.statusCode).toBe(416);
  });

  it('does not let anyone else resume, finish or read an unattached upload', async () => {
    const created = await create(assoc, '半张.jpg', photo.length);
    const id = idOf(created);
    await tus(assoc, 'PATCH', `/api/uploads/${id}`, { 'upload-offset': '0' }, photo.subarray(0, 100));
    const head = await tus(lhasaUser, 'HEAD', `/api/uploads/${id}`);
    expect(head.statusCode).toBe(404);
    const patch = await tus(lhasaUser, 'PATCH', `/api/uploads/${id}`, { 'upload-offset': '100' }, photo.subarray(100));
    expect(patch.json()).toMatchObject({ error: { code: 'UPLOAD_NOT_FOUND' } });
    expect((await lhasaUser.post('/api/files', { uploadId: id })).statusCode).toBe(404);
    expect((await lhasaUser.get(`/api/files/${fileId}/content`)).statusCode).toBe(404);
    // Without the CSRF token nothing is written.
    const forged = await t.app.inject({
      method: 'PATCH',
      url: `/api/uploads/${id}`,
      payload: photo.subarray(100),
      headers: {
        cookie: assoc.cookie,
        'tus-resumable': '1.0.0',
        'upload-offset': '100',
        'content-type': 'application/offset+octet-stream',
      },
    });
    expect(forged.json()).toMatchObject({ error: { code: 'CSRF_INVALID' } });
    expect((await tus(assoc, 'HEAD', `/api/uploads/${id}`)).headers['upload-offset']).toBe('100');
    // Cancelling removes it.
    expect((await tus(assoc, 'DELETE', `/api/uploads/${id}`)).statusCode).toBe(204);
    expect((await tus(assoc, 'HEAD', `/api/uploads/${id}`)).statusCode).toBe(404);
  });

  it('refuses an oversized declared length before any byte, and a zero-byte file', async () => {
    const big = await create(assoc, '航拍.jpg', 21 * 1024 * 1024);
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({
      error: { code: 'FILE_TOO_LARGE', message: '文件“航拍.jpg”大小 21 MB，超过图片上限 20 MB' },
    });
    expect((await create(assoc, '宣传片.mp4', 21 * 1024 * 1024)).statusCode).toBe(201);
    expect((await create(assoc, '宣传片.mp4', 2049 * 1024 * 1024)).json()).toMatchObject({
      error: { code: 'FILE_TOO_LARGE' },
    });
    const empty = await create(assoc, '空.jpg', 0);
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({
      error: { code: 'FILE_EMPTY', message: '文件“空.jpg”是空文件（0 字节），请重新选择' },
    });
    expect((await create(assoc, '病毒.exe', 10)).json()).toMatchObject({ error: { code: 'FILE_TYPE_NOT_ALLOWED' } });
  });

  it('refuses a .jpg whose content is a PDF or text, with the Chinese message, and keeps nothing', async () => {
    const pdf = await upload(
      assoc,
      '照片.jpg',
      Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n'),
    );
    expect(pdf.statusCode).toBe(400);
    expect(pdf.json()).toMatchObject({
      error: {
        code: 'FILE_TYPE_MISMATCH',
        message: '文件“照片.jpg”的内容是PDF 文档，与扩展名 .jpg 不符，请检查是否选错了文件',
      },
    });
    const text = await upload(assoc, '照片2.jpg', Buffer.from('这不是图片，只是一段文字。'));
    expect(text.json()).toMatchObject({
      error: {
        code: 'FILE_TYPE_MISMATCH',
        message: '文件“照片2.jpg”的内容是纯文本，与扩展名 .jpg 不符，请检查是否选错了文件',
      },
    });
    // A PNG named .jpg is still a photo: kept under its real type.
    const png = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    expect((await upload(assoc, '截图.jpg', png)).json()).toMatchObject({ kind: 'image', mimeType: 'image/png' });
  });
});

describe('attachments', () => {
  let attachmentId = 0;
  let photoId = '';

  it('attaches a photo to the report while it is open, with a caption, and lists it', async () => {
    photoId = (await upload(assoc, '检测开放日.jpg', photo)).json<FileJson>().id;
    const added = await assoc.post(`/api/attachments/report/${reportId}`, {
      role: 'photo',
      fileId: photoId,
      caption: '计量检测开放日',
      takenOn: '2099-09-05',
    });
    expect(added.statusCode).toBe(201);
    attachmentId = added.json<{ id: number }>().id;
    const wrongRole = await assoc.post(`/api/attachments/report/${reportId}`, { role: 'video', fileId: photoId });
    expect(wrongRole.json()).toMatchObject({ error: { code: 'ATTACHMENT_ROLE_INVALID' } });
    const list = (await assoc.get(`/api/attachments/report/${reportId}`)).json<{
      items: { id: number; caption: string; file: { width: number } }[];
      canEdit: boolean;
    }>();
    expect(list).toMatchObject({
      canEdit: true,
      items: [{ id: attachmentId, caption: '计量检测开放日', file: { width: 200 } }],
    });
    const renamed = await assoc.patch(`/api/attachments/${attachmentId}`, { caption: '开放日现场' });
    expect(renamed.json()).toMatchObject({ caption: '开放日现场' });
    // Someone else cannot attach a file they have no access to.
    expect(
      (await lhasaUser.post(`/api/attachments/report/${reportId}`, { role: 'photo', fileId: photoId })).statusCode,
    ).toBe(404);
  });

  it('lets the reviewer read a submitted report photo, but not a sibling unit', async () => {
    const report = (await assoc.get(`/api/notices/${noticeId}/reports/${assocId}`)).json<{
      id: number;
      version: number;
    }>();
    expect((await assoc.post(`/api/reports/${report.id}/submit`, { version: report.version })).statusCode).toBe(200);
    expect((await office.get(`/api/files/${photoId}/content`)).statusCode).toBe(200);
    expect((await office.get(`/api/attachments/report/${reportId}`)).json()).toMatchObject({ canEdit: false });
    expect((await lhasaUser.get(`/api/files/${photoId}/content`)).statusCode).toBe(404);
    expect((await lhasaUser.get(`/api/files/${photoId}/thumbnail`)).statusCode).toBe(404);
    expect((await lhasaUser.get(`/api/attachments/report/${reportId}`)).statusCode).toBe(404);
    // Submitted: locked for the unit.
    const locked = await t.app.inject({
      method: 'DELETE',
      url: `/api/attachments/${attachmentId}`,
      headers: { cookie: assoc.cookie, 'x-csrf-token': assoc.csrfToken },
    });
    expect(locked.json()).toMatchObject({ error: { code: 'REPORT_LOCKED' } });
  });

  it('records attach and detach in the audit log', async () => {
    const ret = await office.post(`/api/reports/${reportId}/return`, {
      version: (await office.get(`/api/notices/${noticeId}/reports/${assocId}`)).json<{ version: number }>().version,
      reason: '请补充说明',
    });
    expect(ret.statusCode).toBe(200);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/attachments/${attachmentId}`,
      headers: { cookie: assoc.cookie, 'x-csrf-token': assoc.csrfToken },
    });
    expect(del.statusCode).toBe(204);
    const rows = await t.database.pool.query<{ action: string }>(
      `select action from audit_log where object_type = 'report' and object_id = $1 and action like 'attachment.%' order by seq`,
      [String(reportId)],
    );
    expect(rows.rows.map((r) => r.action)).toEqual(['attachment.add', 'attachment.update', 'attachment.remove']);
  });

  it('serves a campaign poster publicly, without login', async () => {
    const posterFile = (await upload(office, '海报.jpg', photo)).json<FileJson>().id;
    const poster = await office.post(`/api/attachments/campaign/${campaignId}`, {
      role: 'poster',
      fileId: posterFile,
      caption: '质量月海报',
    });
    expect(poster.statusCode).toBe(201);
    const id = poster.json<{ id: number }>().id;
    const anon = await t.app.inject({ method: 'GET', url: `/api/public/posters/${id}` });
    expect(anon.statusCode).toBe(200);
    expect(anon.rawPayload.equals(photo)).toBe(true);
    const thumb = await t.app.inject({ method: 'GET', url: `/api/public/posters/${id}?thumb=1` });
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    // A report photo is no poster.
    expect((await t.app.inject({ method: 'GET', url: `/api/public/posters/${attachmentId}` })).statusCode).toBe(404);
    // Only the campaign's office adds posters.
    const other = (await upload(assoc, '海报2.jpg', photo)).json<FileJson>().id;
    expect(
      (await assoc.post(`/api/attachments/campaign/${campaignId}`, { role: 'poster', fileId: other })).json(),
    ).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});
