import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../test/test-app.ts';

let t: TestApp;
let tibet: Client;
let tibetNoticeId = 0;
let nationalNoticeId = 0;

interface NoticeItem {
  id: number;
  docNumber: string | null;
  title: string;
}
interface DigestView {
  title: string;
  paragraphs: { number: string; unitName: string; text: string }[];
  missing: string[];
}

const lines = async (body: Buffer): Promise<string[]> =>
  (await mammoth.extractRawText({ buffer: body })).value
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

beforeAll(async () => {
  t = await createTestApp();
  tibet = await t.login('tibet-reviewer');
  const rows = await t.database.db.query.notices.findMany();
  const byDoc = (doc: string): NoticeItem | undefined => rows.find((n) => n.docNumber === doc);
  tibetNoticeId = byDoc('藏质标办〔2024〕2号')?.id ?? 0;
  nationalNoticeId = byDoc('国市监质发〔2024〕74号')?.id ?? 0;
});
afterAll(async () => {
  await t.dispose();
});

const PREFECTURES = ['拉萨市', '日喀则市', '昌都市', '林芝市', '山南市', '那曲市', '阿里地区'];

describe('the digest of main activities (.docx)', () => {
  it('Tibet: the seven prefectures in division-code order, each with its activities from the seed', async () => {
    const res = await tibet.get(`/api/notices/${tibetNoticeId}/digest.docx?kind=regions`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(String(res.headers['content-disposition'])).toContain(
      encodeURIComponent('2024年“质量月”各地开展的主要活动'),
    );
    const text = await lines(res.rawPayload);
    expect(text[0]).toBe('2024年“质量月”各地开展的主要活动');
    const numbered = text.filter((l) => /^[一二三四五六七八九十]+、/u.test(l));
    expect(numbered.map((l) => /^[一二三四五六七]、(.+?)：/u.exec(l)?.[1])).toEqual(PREFECTURES);
    expect(numbered[0]).toMatch(/^一、拉萨市：.*举办西藏自治区“质量月”活动启动仪式；开展主题宣传活动；/u);
    expect(numbered[0]).toContain('9月12日，在拉萨市产品质量监督检验所开展实验室开放日、现场观摩学习，参与市民320人次');
    expect(numbered[1]).toMatch(
      /^二、日喀则市：9月上旬，在日喀则市上海广场开展手机变砝码计量惠民生活活动，参与群众1500人次；开展燃气具、电动自行车国家标准宣贯培训；/u,
    );
    expect(numbered[6]).toBe(
      '七、阿里地区：开展主题宣传活动；组织人大和政协委员参加食品检验检测中心实验室开放日活动。',
    );
    expect(numbered[4]).toContain('开展住房、交通、水利重点工程建设质量提升行动'); // 山南, in the seed's order
    expect(text.join('')).not.toContain('未登记活动');
  });

  it('Tibet: the department digest lists the departments and the association, and names those without activities', async () => {
    const digest = (await tibet.get(`/api/notices/${tibetNoticeId}/digest?kind=departments`)).json<DigestView>();
    expect(digest.title).toBe('2024年“质量月”各部门开展的主要活动');
    expect(digest.paragraphs.map((p) => p.unitName).slice(0, 3)).toEqual(['市场监管局', '宣传部', '高法']);
    expect(digest.paragraphs.map((p) => p.unitName)).toContain('西藏自治区质量协会');
    expect(digest.paragraphs).toHaveLength(16);
    expect(digest.missing).toContain('检察院');
    const text = await lines(
      (await tibet.get(`/api/notices/${tibetNoticeId}/digest.docx?kind=departments`)).rawPayload,
    );
    expect(text).toContain('三、高法：对我区 2021 年以来涉及产品质量安全方面的案例进行梳理；发布典型案例。');
    // The document goes upward: units without activities are not named in it, unless the office words it.
    expect(text.some((l) => /^[一二三四五六七八九十]+、检察院：/u.test(l))).toBe(false);
    expect(text.join('')).not.toContain('未登记活动');
    const lead = encodeURIComponent('截至10月10日，以下单位尚未报送活动情况：');
    const named = await lines(
      (await tibet.get(`/api/notices/${tibetNoticeId}/digest.docx?kind=departments&missingLead=${lead}`)).rawPayload,
    );
    expect(named.at(-1)).toMatch(/^截至10月10日，以下单位尚未报送活动情况：.*检察院.*总工会.*。$/u);
  });

  it('national: the provinces and XPCC from seed 004 附件3; Sichuan compiles its 21 prefectures', async () => {
    const national = await t.login('national-reviewer');
    const regions = (await national.get(`/api/notices/${nationalNoticeId}/digest?kind=regions`)).json<DigestView>();
    expect(regions.paragraphs).toHaveLength(32);
    expect(regions.paragraphs[0]?.text).toBe(
      '一、北京市：举办质量知识竞赛、质量大讲堂，征集首席质量官案例，在食品检验、特种设备检测等领域组织实验室开放日活动。',
    );
    expect(regions.paragraphs.at(-1)?.unitName).toBe('新疆生产建设兵团');
    const departments = (
      await national.get(`/api/notices/${nationalNoticeId}/digest?kind=departments`)
    ).json<DigestView>();
    expect(departments.paragraphs.length).toBe(24);
    expect(departments.missing).toEqual(['国家发展改革委', '教育部']);
    const sc = (
      await (await t.login('sichuan-reviewer')).get(`/api/notices/${nationalNoticeId}/digest?kind=regions`)
    ).json<DigestView>();
    expect(sc.paragraphs.map((p) => p.unitName).slice(0, 3)).toEqual(['成都市', '自贡市', '攀枝花市']);
    expect(sc.paragraphs).toHaveLength(21);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await tibet.get('/api/openapi.json')).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/notices/{id}/digest.docx',
        '/api/notices/{id}/units/{unitId}/activities',
        '/api/activities/{id}',
        '/api/cases/{id}/recommend',
        '/api/progress/{id}',
      ]),
    );
  });

  it('answers 404 for a notice the user cannot see, and for an office outside the user’s branch', async () => {
    const sichuan = await t.login('sichuan-reviewer');
    const hidden = await sichuan.get(`/api/notices/${tibetNoticeId}/digest.docx?kind=regions`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toMatchObject({ error: { code: 'NOTICE_NOT_FOUND' } });
    const me = (sichuan.body.user as { unitId: number }).unitId;
    const other = await tibet.get(`/api/notices/${nationalNoticeId}/digest?kind=regions&unitId=${me}`);
    expect(other.json()).toMatchObject({ error: { code: 'UNIT_NOT_FOUND' } });
  });
});
