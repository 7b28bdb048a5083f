import { readFileSync } from 'node:fs';
import { and, eq, inArray } from 'drizzle-orm';
import { contentFromParsed, type NoticeContentFields } from '../../domain/notices/from-parsed.ts';
import { parseNotice } from '../../domain/notice-parser/notice-parser.ts';
import type { ParsedNotice } from '../../domain/notice-parser/parsed-notice.ts';
import type { NoticeKind } from '../../domain/notices/cascade-rules.ts';
import * as repo from '../db/repositories/notice.repository.ts';
import { units } from '../db/schema.ts';
import { loadDemoReports } from './demo-reports.ts';
import type { DbOrTx } from '../db/tx.ts';
import {
  HUNAN_CODE,
  NATIONAL_DEPARTMENTS,
  SICHUAN_CODE,
  TIBET_ASSOCIATION,
  TIBET_CODE,
  TIBET_OFFICE_ALIAS,
  YUEYANG_CODE,
} from './demo-units.ts';

// The 2024 cascade of CONTRACTS.md, from the seed texts. Gaps stay gaps (no number, no date).
const NATIONAL_THEME = '加强质量支撑 共建质量强国';
const NATIONAL_SLOGANS = [
  '实施质量强国战略 推进高质量发展',
  '培育新质生产力 赋能高质量发展',
  '贯彻质量强国建设纲要 推进质量强企强链强县',
  '质量助企 质量强企 质量惠企',
  '质量意识始于心 主体责任践于行',
  '厚植质量文化 弘扬工匠精神',
  '共筑质量强国 共享美好生活',
  '塑造中国品牌 建设质量强国',
  '传递质量信任 激发消费活力',
  '全民讲质量 质量利全民',
];
const SICHUAN_SLOGANS = [
  '实施质量强省战略 推进高质量发展',
  '培育新质生产力 赋能高质量发展',
  '贯彻质量强国建设纲要 推进质量强企强链强县',
  '质量助企 质量强企 质量惠企',
  '质量意识始于心 主体责任践于行',
  '厚植质量文化 弘扬工匠精神',
  '共筑质量强省 共享美好生活',
  '塑造四川品牌 建设质量强省',
  '传递质量信任 激发消费活力',
  '全民讲质量 质量利全民',
  '选天府名品 享品质生活',
  '夯实基层基础 推进质量治理',
  '加快数转智改网联 提升企业质量管理水平',
];
export const DEMO_FORM_CODE = 'quality-month-2024';
const REPORTS = ['活动总结', '统计表', '图片', '视频'];

// The seed documents ship with the demo so that a fresh install shows real content; they go
// through the same parser as an imported notice.
function seed(file: string): ParsedNotice {
  return parseNotice(readFileSync(new URL(`./seed-texts/${file}`, import.meta.url), 'utf8'));
}

async function content(db: DbOrTx, parsed: ParsedNotice, issuerUnitId: number): Promise<NoticeContentFields> {
  const children = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(eq(units.parentId, issuerUnitId));
  return contentFromParsed(parsed, (name) => children.find((c) => c.name === name)?.id ?? null);
}

async function unitId(db: DbOrTx, where: { code?: string; name?: string; parentId?: number }): Promise<number> {
  const conds = [
    where.code ? eq(units.divisionCode, where.code) : undefined,
    where.name ? eq(units.name, where.name) : undefined,
    where.parentId ? eq(units.parentId, where.parentId) : undefined,
  ];
  const row = (
    await db
      .select({ id: units.id })
      .from(units)
      .where(and(...conds.filter((c) => c !== undefined)))
      .limit(1)
  )[0];
  if (!row) throw new Error(`demo: unit not found ${JSON.stringify(where)}`);
  return row.id;
}

async function childIds(db: DbOrTx, parentId: number): Promise<number[]> {
  return (await db.select({ id: units.id }).from(units).where(eq(units.parentId, parentId))).map((r) => r.id);
}

export async function loadDemoNotices(db: DbOrTx, nationalId: number): Promise<void> {
  const campaign = await repo.insertCampaign(db, {
    year: 2024,
    name: '2024年全国“质量月”',
    theme: NATIONAL_THEME,
    periodStart: '2024-09-01',
    periodEnd: '2024-09-30',
    slogans: NATIONAL_SLOGANS,
    ownerUnitId: nationalId,
    archived: true,
  });
  const issued = async (
    n: {
      parentId?: number;
      kind: NoticeKind;
      issuerUnitId: number;
      issuerName?: string;
      docNumber?: string;
      title: string;
      issuedOn?: string;
      deadline?: string;
      theme?: string;
      slogans?: string[];
      formCode?: string;
      note?: string;
      coIssuers?: string[];
      requiredReports?: string[];
      content?: NoticeContentFields;
    },
    recipients: number[],
  ): Promise<repo.NoticeRow> => {
    const issuer =
      (await db.select({ name: units.name }).from(units).where(eq(units.id, n.issuerUnitId)))[0]?.name ?? '';
    const row = await repo.insertNotice(db, {
      campaignId: campaign.id,
      parentId: n.parentId ?? null,
      kind: n.kind,
      status: 'issued',
      issuerUnitId: n.issuerUnitId,
      issuerName: n.issuerName ?? issuer,
      docNumber: n.docNumber ?? null,
      title: n.title,
      issuedOn: n.issuedOn ?? null,
      deadline: n.deadline ?? null,
      theme: n.theme ?? null,
      slogans: n.slogans ?? [],
      formCode: n.formCode ?? null,
      note: n.note ?? null,
      coIssuers: n.coIssuers ?? [],
      requiredReports: n.requiredReports ?? [],
      issuedAt: new Date(`${n.issuedOn ?? '2024-09-01'}T09:00:00+08:00`),
      ...(n.content && {
        sections: n.content.sections,
        arrangements: n.content.arrangements,
        contacts: n.content.contacts,
        attachments: n.content.attachments,
        cites: n.content.cites,
      }),
    });
    await repo.setRecipients(db, row.id, recipients);
    return row;
  };

  const provinces = (
    await db
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.parentId, nationalId), eq(units.kind, 'office')))
  ).map((r) => r.id);
  const departments = (
    await db
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.parentId, nationalId), inArray(units.name, NATIONAL_DEPARTMENTS)))
  ).map((r) => r.id);
  const national = await issued(
    {
      kind: 'notice',
      issuerUnitId: nationalId,
      docNumber: '国市监质发〔2024〕74号',
      title: '关于开展2024年全国“质量月”活动的通知',
      issuedOn: '2024-07-26',
      theme: NATIONAL_THEME,
      slogans: NATIONAL_SLOGANS,
      coIssuers: NATIONAL_DEPARTMENTS,
      requiredReports: ['活动总结', '典型案例', '图片', '视频'],
      content: await content(db, seed('001_894f70ce9fac03ae.txt'), nationalId),
    },
    [...provinces, ...departments],
  );

  const sichuan = await unitId(db, { code: SICHUAN_CODE });
  await issued(
    {
      parentId: national.id,
      kind: 'plan',
      issuerUnitId: sichuan,
      title: '关于开展2024年全省“质量月”活动的通知',
      issuedOn: '2024-08-26',
      deadline: '2024-10-08',
      theme: '加强质量支撑 共建质量强省',
      slogans: SICHUAN_SLOGANS,
      requiredReports: ['活动总结', '图片', '视频'],
      content: await content(db, seed('002_dbcbc3134cf864ee.txt'), sichuan),
    },
    await childIds(db, sichuan),
  );

  const tibet = await unitId(db, { code: TIBET_CODE });
  const tibetLetter = seed('000_297315cc46f3f625.txt');
  const tibetNotice = await issued(
    {
      parentId: national.id,
      kind: 'plan',
      issuerUnitId: tibet,
      issuerName: TIBET_OFFICE_ALIAS,
      docNumber: '藏质标办〔2024〕2号',
      title: '自治区质量和标准化工作领导小组办公室关于开展2024年“质量月”活动的通知',
      issuedOn: '2024-08-28',
      deadline: '2024-10-10',
      theme: NATIONAL_THEME,
      slogans: NATIONAL_SLOGANS,
      formCode: DEMO_FORM_CODE,
      requiredReports: REPORTS,
      ...(tibetLetter.forwarded && { content: await content(db, tibetLetter.forwarded, tibet) }),
    },
    await childIds(db, tibet),
  );
  const association = await unitId(db, { name: TIBET_ASSOCIATION, parentId: tibet });
  const associationNotice = await issued(
    {
      parentId: tibetNotice.id,
      kind: 'forward',
      issuerUnitId: association,
      docNumber: '藏质协字〔2024〕14号',
      title: '西藏自治区质量协会关于转发《自治区质量和标准化工作领导小组办公室关于开展2024年“质量月”活动的通知》的通知',
      deadline: '2024-10-08',
      formCode: DEMO_FORM_CODE,
      requiredReports: REPORTS,
      content: await content(db, tibetLetter, association),
    },
    await childIds(db, association),
  );

  await loadDemoReports(db, [tibetNotice.id, associationNotice.id]);

  const hunan = await unitId(db, { code: HUNAN_CODE });
  const hunanNotice = await issued(
    {
      parentId: national.id,
      kind: 'plan',
      issuerUnitId: hunan,
      docNumber: '湘市监办发〔2024〕22号',
      title: '湖南省市场监管系统2024年“质量月”活动方案',
      note: '该通知正文未录入系统，仅作为岳阳市方案的上级文件。',
    },
    await childIds(db, hunan),
  );
  const yueyang = await unitId(db, { code: YUEYANG_CODE });
  await issued(
    {
      parentId: hunanNotice.id,
      kind: 'plan',
      issuerUnitId: yueyang,
      title: '关于印发《岳阳市市场监管系统2024年“质量月”活动方案》的通知',
      deadline: '2024-10-12',
      theme: '加强质量支撑 共建质量强市',
      requiredReports: ['活动总结', '图片', '视频'],
      content: await content(db, seed('003_3af90c414d37a3cb.txt'), yueyang),
    },
    await childIds(db, yueyang),
  );
}
