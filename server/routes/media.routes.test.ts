import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import JSZip from 'jszip';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';

let t: TestApp;
let office: Client;
let assoc: Client;
let noticeId = 0;
let assocId = 0;
let lhasaId = 0;

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** Uploads whole through tus and finishes; answers the file id. */
async function upload(c: Client, name: string, data: Buffer): Promise<string> {
  const headers = { cookie: c.cookie, 'x-csrf-token': c.csrfToken, 'tus-resumable': '1.0.0' };
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/uploads',
    headers: { ...headers, 'upload-length': String(data.length), 'upload-metadata': `filename ${b64(name)}` },
  });
  const id = String(created.headers.location).split('/').pop() ?? '';
  await t.app.inject({
    method: 'PATCH',
    url: `/api/uploads/${id}`,
    payload: data,
    headers: { ...headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
  });
  const done = await c.post('/api/files', { uploadId: id });
  expect(done.statusCode).toBe(200);
  return id;
}

async function attach(
  c: Client,
  ownerType: string,
  ownerId: number,
  role: string,
  fileId: string,
  caption: string,
  takenOn?: string,
): Promise<void> {
  const res = await c.post(`/api/attachments/${ownerType}/${ownerId}`, {
    role,
    fileId,
    caption,
    ...(takenOn ? { takenOn } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
}

const jpeg = (color: string): Promise<Buffer> =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: color } })
    .jpeg()
    .toBuffer();
// The smallest thing file-type reads as MP4: an ftyp box with an MP4 brand, then media data.
const mp4 = Buffer.concat([
  Buffer.from([0, 0, 0, 24]),
  Buffer.from('ftypmp42'),
  Buffer.from([0, 0, 0, 0]),
  Buffer.from('mp42isom'),
  Buffer.from([0, 0, 0, 16]),
  Buffer.from('mdat'),
  Buffer.alloc(8, 7),
]);

beforeAll(async () => {
  t = await createTestApp();
  office = await t.login('tibet-reviewer');
  assoc = await t.login('tibet-assoc-reporter');
  const officeUnit = (office.body.user as { unitId: number }).unitId;
  assocId = (assoc.body.user as { unitId: number }).unitId;
  const children = (await office.get(`/api/units?parentId=${officeUnit}`)).json<{
    items: { id: number; name: string }[];
  }>().items;
  lhasaId = children.find((u) => u.name === '拉萨市市场监督管理局')?.id ?? 0;
  const campaign = (
    await office.post('/api/campaigns', { ownerUnitId: officeUnit, year: 2099, name: '2099年图片包测试' })
  ).json<{ id: number }>();
  const n = (
    await office.post('/api/notices', {
      campaignId: campaign.id,
      issuerUnitId: officeUnit,
      title: '关于报送图片视频的通知',
      deadline: '2099-10-10',
      formCode: 'quality-month-2024',
      recipientUnitIds: [assocId, lhasaId],
    })
  ).json<{ id: number; version: number }>();
  noticeId = (await office.post(`/api/notices/${n.id}/issue`, { version: n.version })).json<{ id: number }>().id;

  // The association: a photo and a video on its report, a photo on one of its activities; then it submits.
  const blank = Array.from({ length: 31 }, () => null);
  const report = (await assoc.put(`/api/notices/${noticeId}/reports/${assocId}`, { version: 0, figures: blank })).json<{
    id: number;
    version: number;
  }>();
  await attach(
    assoc,
    'report',
    report.id,
    'photo',
    await upload(assoc, '开幕式.jpg', await jpeg('#a00')),
    '质量月开幕式',
    '2099-09-01',
  );
  await attach(assoc, 'report', report.id, 'video', await upload(assoc, '宣传片.mp4', mp4), '宣传片');
  const activityId =
    (
      await t.database.pool.query<{ id: number }>(
        `insert into activities (notice_id, unit_id, title) values ($1, $2, '计量器具免费检定') returning id`,
        [noticeId, assocId],
      )
    ).rows[0]?.id ?? 0;
  await attach(
    assoc,
    'activity',
    activityId,
    'photo',
    await upload(assoc, '检定现场.jpg', await jpeg('#0a0')),
    '为群众检定血压计',
    '2099-09-12',
  );
  expect((await assoc.post(`/api/reports/${report.id}/submit`, { version: report.version })).statusCode).toBe(200);

  // Lhasa's draft (filled in by the office on its behalf) is not submitted: its photo stays out.
  const draft = (await office.put(`/api/notices/${noticeId}/reports/${lhasaId}`, { version: 0, figures: blank })).json<{
    id: number;
  }>();
  await attach(office, 'report', draft.id, 'photo', await upload(office, '草稿照片.jpg', await jpeg('#00a')), '未提交');
});
afterAll(async () => {
  await t.dispose();
});

async function zipOf(res: LightMyRequestResponse): Promise<JSZip> {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe('application/zip');
  return JSZip.loadAsync(res.rawPayload);
}

describe('the media package', () => {
  it('streams a folder per unit with the submitted photos and videos, activities included, and a manifest', async () => {
    const res = await office.get(`/api/notices/${noticeId}/media.zip`);
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('关于报送图片视频的通知-图片视频.zip')}`,
    );
    const zip = await zipOf(res);
    const names = Object.keys(zip.files)
      .filter((n) => !zip.files[n]?.dir)
      .sort();
    expect(names).toEqual(
      [
        '西藏自治区质量协会/001-开幕式.jpg',
        '西藏自治区质量协会/002-宣传片.mp4',
        '西藏自治区质量协会/003-检定现场.jpg',
        '清单.xlsx',
      ].sort(),
    );
    const video = await zip.file('西藏自治区质量协会/002-宣传片.mp4')?.async('nodebuffer');
    expect(video?.equals(mp4)).toBe(true);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await zip.file('清单.xlsx')?.async('arraybuffer')) ?? new ArrayBuffer(0));
    const rows: string[][] = [];
    wb.worksheets[0]?.eachRow((row, r) => {
      if (r > 1) rows.push([2, 3, 4, 5, 6].map((c) => row.getCell(c).text));
    });
    expect(wb.worksheets[0]?.getCell('A1').text).toBe('关于报送图片视频的通知图片视频清单');
    expect(rows).toEqual([
      ['文件', '单位', '活动', '说明', '日期'],
      ['西藏自治区质量协会/001-开幕式.jpg', '西藏自治区质量协会', '', '质量月开幕式', '2099-09-01'],
      [
        '西藏自治区质量协会/002-宣传片.mp4',
        '西藏自治区质量协会',
        '',
        '宣传片',
        expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as unknown as string,
      ],
      [
        '西藏自治区质量协会/003-检定现场.jpg',
        '西藏自治区质量协会',
        '计量器具免费检定',
        '为群众检定血压计',
        '2099-09-12',
      ],
    ]);
  });

  it('counts only accepted reports when asked', async () => {
    const zip = await zipOf(await office.get(`/api/notices/${noticeId}/media.zip?status=accepted`));
    expect(Object.keys(zip.files)).toEqual(['清单.xlsx']);
  });

  it('is refused to a recipient (403) and to an office outside the cascade (404)', async () => {
    expect((await assoc.get(`/api/notices/${noticeId}/media.zip`)).statusCode).toBe(403);
    const sichuan = await t.login('sichuan-reviewer');
    expect((await sichuan.get(`/api/notices/${noticeId}/media.zip`)).json()).toMatchObject({
      error: { code: 'NOTICE_NOT_FOUND' },
    });
  });
});
