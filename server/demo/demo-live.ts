import { and, eq, inArray, sql } from 'drizzle-orm';
import { QUALITY_MONTH_2024 } from '../../domain/forms/quality-month-2024.form.ts';
import { addDays } from '../../domain/reminders/reminder-schedule.ts';
import * as repo from '../db/repositories/notice.repository.ts';
import { insertReport } from '../db/repositories/report.repository.ts';
import { forms, noticeRecipients, units } from '../db/schema.ts';
import type { DbOrTx } from '../db/tx.ts';
import { demoFigures, demoRandom } from './demo-reports.ts';
import {
  HUNAN_CODE,
  NATIONAL_DEPARTMENTS,
  SICHUAN_CODE,
  TIBET_ASSOCIATION,
  TIBET_CODE,
  TIBET_OFFICE_ALIAS,
  YUEYANG_CODE,
} from './demo-units.ts';

/*
 * The live campaign of CONTRACTS.md (Demo data): the 2024 cascade again, laid out from `today` — the national
 * notice issued two weeks earlier, deadlines three to five weeks ahead (in December they fall in the next
 * calendar year; the campaign year is today's) — so that every demo account finds work in it. Everything
 * entered for a unit is marked 示例数据.
 */

const SAMPLE = '示例数据';
const THEME = '加强质量支撑 共建质量强国';
const SLOGANS = ['实施质量强国战略 推进高质量发展', '质量助企 质量强企 质量惠企', '全民讲质量 质量利全民'];
const summary = (unit: string): string =>
  `<p>${SAMPLE}：${unit}按照通知要求，组织开展了质量宣传、企业质量提升和执法打假等“质量月”活动。</p>`;

interface Ids {
  national: number;
  provinces: number[];
  departments: number[];
  tibet: number;
  tibetChildren: { id: number; name: string; kind: string }[];
  association: number;
  members: number[];
  sichuan: number;
  sichuanChildren: number[];
  hunan: number;
  hunanChildren: number[];
  yueyang: number;
  yueyangChildren: number[];
}

async function childrenOf(db: DbOrTx, parentId: number): Promise<{ id: number; name: string; kind: string }[]> {
  return db
    .select({ id: units.id, name: units.name, kind: units.kind })
    .from(units)
    .where(eq(units.parentId, parentId))
    .orderBy(units.sortOrder, units.id);
}

async function byCode(db: DbOrTx, code: string): Promise<number> {
  const row = (await db.select({ id: units.id }).from(units).where(eq(units.divisionCode, code)))[0];
  if (!row) throw new Error(`demo: no unit ${code}`);
  return row.id;
}

async function ids(db: DbOrTx, nationalId: number): Promise<Ids> {
  const top = await childrenOf(db, nationalId);
  const tibet = await byCode(db, TIBET_CODE);
  const tibetChildren = await childrenOf(db, tibet);
  const association = tibetChildren.find((c) => c.name === TIBET_ASSOCIATION)?.id ?? 0;
  const sichuan = await byCode(db, SICHUAN_CODE);
  const hunan = await byCode(db, HUNAN_CODE);
  const yueyang = await byCode(db, YUEYANG_CODE);
  const idsOf = async (id: number): Promise<number[]> => (await childrenOf(db, id)).map((c) => c.id);
  return {
    national: nationalId,
    provinces: top.filter((c) => c.kind === 'office').map((c) => c.id),
    departments: top.filter((c) => NATIONAL_DEPARTMENTS.includes(c.name)).map((c) => c.id),
    tibet,
    tibetChildren,
    association,
    members: await idsOf(association),
    sichuan,
    sichuanChildren: await idsOf(sichuan),
    hunan,
    hunanChildren: await idsOf(hunan),
    yueyang,
    yueyangChildren: await idsOf(yueyang),
  };
}

type Status = 'draft' | 'submitted' | 'returned' | 'accepted';

export async function loadLiveCampaign(db: DbOrTx, nationalId: number, today: string): Promise<void> {
  const year = Number(today.slice(0, 4));
  const u = await ids(db, nationalId);
  const formVersion =
    (
      await db
        .select({ v: sql<number>`max(${forms.version})`.mapWith(Number) })
        .from(forms)
        .where(eq(forms.code, QUALITY_MONTH_2024.code))
    )[0]?.v ?? QUALITY_MONTH_2024.version;
  const campaign = await repo.insertCampaign(db, {
    year,
    name: `${year}年全国“质量月”`,
    theme: THEME,
    periodStart: addDays(today, -7),
    periodEnd: addDays(today, 23),
    slogans: SLOGANS,
    ownerUnitId: nationalId,
    archived: false,
  });
  const at = (day: string): Date => new Date(`${day}T09:30:00+08:00`);

  const notice = async (
    n: Partial<repo.NewNotice> & { issuerUnitId: number; title: string; issuedOn: string | null },
    recipients: number[],
  ): Promise<repo.NoticeRow> => {
    const issuer = (await db.select({ name: units.name }).from(units).where(eq(units.id, n.issuerUnitId)))[0];
    const row = await repo.insertNotice(db, {
      campaignId: campaign.id,
      kind: 'plan',
      status: 'issued',
      issuerName: issuer?.name ?? '',
      ...n,
      issuedAt: n.status === 'draft' || !n.issuedOn ? null : at(n.issuedOn),
    });
    await repo.setRecipients(db, row.id, recipients);
    return row;
  };

  const rand = demoRandom(year);
  /** A unit's report in a given state; a report means the unit has acted on the notice, so it has signed for it. */
  const report = async (
    n: repo.NoticeRow,
    unitId: number,
    unitName: string,
    status: Status,
    day: string,
  ): Promise<void> => {
    const withForm = n.formCode !== null;
    const sent = status !== 'draft';
    const figures = withForm ? demoFigures(rand, n.kind === 'forward' ? 0.15 : 0.6) : [];
    await insertReport(db, {
      noticeId: n.id,
      unitId,
      formCode: withForm ? n.formCode : null,
      formVersion: withForm ? formVersion : null,
      figures,
      status,
      summary: summary(unitName),
      signature: withForm ? { reporter: SAMPLE, reviewer: null, phone: null, date: day } : null,
      submittedAt: sent ? at(day) : null,
      acceptedAt: status === 'accepted' ? at(addDays(day, 1)) : null,
      returnReason: status === 'returned' ? `${SAMPLE}：群众参加人次与组织活动次数不相称，请核实后重新报送` : null,
      // A returned report keeps what was sent, so the changes of the resubmission show.
      submittedFigures: status === 'returned' && withForm ? figures : null,
    });
    await signed(n.id, [unitId], day);
  };
  const signed = async (noticeId: number, unitIds: number[], day: string): Promise<void> => {
    if (unitIds.length === 0) return;
    await db
      .update(noticeRecipients)
      .set({ readAt: at(day), signedAt: at(day) })
      .where(and(eq(noticeRecipients.noticeId, noticeId), inArray(noticeRecipients.unitId, unitIds)));
  };
  const nameOf = async (id: number): Promise<string> =>
    (await db.select({ name: units.name }).from(units).where(eq(units.id, id)))[0]?.name ?? '';

  // National: asks for summaries, cases, photos and videos, without a table (as in 2024).
  const national = await notice(
    {
      kind: 'notice',
      issuerUnitId: nationalId,
      docNumber: `国市监质发〔${year}〕74号`,
      title: `关于开展${year}年全国“质量月”活动的通知`,
      issuedOn: addDays(today, -14),
      deadline: addDays(today, 35),
      theme: THEME,
      slogans: SLOGANS,
      coIssuers: NATIONAL_DEPARTMENTS,
      requiredReports: ['活动总结', '典型案例', '图片', '视频'],
      sections: [
        { number: '一', heading: '活动主题', html: `<p>${THEME}</p>` },
        {
          number: '二',
          heading: '工作要求',
          html: `<p>请于${addDays(today, 35)}前通过平台报送活动总结、典型案例和图片视频。（${SAMPLE}）</p>`,
        },
      ],
    },
    [...u.provinces, ...u.departments],
  );
  // Provinces partly reported: a third have sent their summary, two of them already accepted.
  await signed(national.id, u.provinces.slice(0, 20), addDays(today, -12));
  const reporting = u.provinces.filter((id) => id !== u.tibet && id !== u.sichuan && id !== u.hunan).slice(0, 10);
  for (const [i, id] of reporting.entries())
    await report(national, id, await nameOf(id), i < 2 ? 'accepted' : 'submitted', addDays(today, -3 + (i % 3)));

  // Tibet: its own plan with the statistics table, to its prefectures, departments and the association.
  const tibetPlan = await notice(
    {
      parentId: national.id,
      issuerUnitId: u.tibet,
      issuerName: TIBET_OFFICE_ALIAS,
      docNumber: `藏质标办〔${year}〕2号`,
      title: `自治区质量和标准化工作领导小组办公室关于开展${year}年“质量月”活动的通知`,
      issuedOn: addDays(today, -10),
      deadline: addDays(today, 28),
      theme: THEME,
      slogans: SLOGANS,
      formCode: QUALITY_MONTH_2024.code,
      requiredReports: ['活动总结', '统计表', '图片', '视频'],
    },
    u.tibetChildren.map((c) => c.id),
  );
  await signed(national.id, [u.tibet], addDays(today, -11));
  // Tibet's own report upward: begun, not sent (the Tibet reporter has it to finish).
  await report(national, u.tibet, await nameOf(u.tibet), 'draft', addDays(today, -1));
  const prefectures = u.tibetChildren.filter((c) => c.kind === 'office');
  const departments = u.tibetChildren.filter((c) => c.kind === 'department');
  const states: [{ id: number; name: string }, Status][] = [
    ...prefectures.slice(0, 3).map((c): [typeof c, Status] => [c, 'accepted']),
    ...prefectures.slice(3, 6).map((c): [typeof c, Status] => [c, 'submitted']),
    ...departments.slice(0, 2).map((c): [typeof c, Status] => [c, 'submitted']),
    ...departments.slice(2, 3).map((c): [typeof c, Status] => [c, 'returned']),
    ...departments.slice(3, 5).map((c): [typeof c, Status] => [c, 'draft']),
  ];
  for (const [i, [c, status]] of states.entries())
    await report(tibetPlan, c.id, c.name, status, addDays(today, -4 + (i % 4)));
  await signed(
    tibetPlan.id,
    departments.slice(5, 9).map((c) => c.id),
    addDays(today, -8),
  );

  // The association forwards it to its members two days earlier; it still owes its own table to the office.
  const forward = await notice(
    {
      parentId: tibetPlan.id,
      kind: 'forward',
      issuerUnitId: u.association,
      docNumber: `藏质协字〔${year}〕14号`,
      title: `西藏自治区质量协会关于转发《自治区质量和标准化工作领导小组办公室关于开展${year}年“质量月”活动的通知》的通知`,
      issuedOn: addDays(today, -8),
      deadline: addDays(today, 26),
      formCode: QUALITY_MONTH_2024.code,
      requiredReports: ['活动总结', '统计表', '图片', '视频'],
    },
    u.members,
  );
  await signed(tibetPlan.id, [u.association], addDays(today, -8));
  for (const [i, id] of u.members.slice(0, 2).entries())
    await report(forward, id, await nameOf(id), 'submitted', addDays(today, -2 + i));

  // Sichuan: a plan without a table; two departments have sent their summaries.
  const sichuanPlan = await notice(
    {
      parentId: national.id,
      issuerUnitId: u.sichuan,
      title: `关于开展${year}年全省“质量月”活动的通知`,
      issuedOn: addDays(today, -9),
      deadline: addDays(today, 28),
      theme: '加强质量支撑 共建质量强省',
      requiredReports: ['活动总结', '图片', '视频'],
    },
    u.sichuanChildren,
  );
  await signed(national.id, [u.sichuan], addDays(today, -10));
  for (const [i, id] of u.sichuanChildren.slice(0, 2).entries())
    await report(sichuanPlan, id, await nameOf(id), 'submitted', addDays(today, -2 + i));

  // Hunan: the provincial plan is not in the system (a stub); Yueyang has its own plan drafted, to issue.
  const hunanPlan = await notice(
    {
      parentId: national.id,
      issuerUnitId: u.hunan,
      docNumber: `湘市监办发〔${year}〕22号`,
      title: `湖南省市场监管系统${year}年“质量月”活动方案`,
      issuedOn: addDays(today, -12),
      deadline: addDays(today, 30),
      requiredReports: ['活动总结', '图片'],
      note: '该通知正文未录入系统，仅作为岳阳市方案的上级文件。',
    },
    u.hunanChildren,
  );
  await signed(national.id, [u.hunan], addDays(today, -12));
  for (const [i, id] of u.hunanChildren
    .filter((id) => id !== u.yueyang)
    .slice(0, 3)
    .entries())
    await report(hunanPlan, id, await nameOf(id), 'submitted', addDays(today, -1 - i));
  await notice(
    {
      parentId: hunanPlan.id,
      status: 'draft',
      issuerUnitId: u.yueyang,
      title: `关于印发《岳阳市市场监管系统${year}年“质量月”活动方案》的通知`,
      issuedOn: null,
      deadline: addDays(today, 25),
      theme: '加强质量支撑 共建质量强市',
      requiredReports: ['活动总结', '图片', '视频'],
    },
    u.yueyangChildren,
  );
  await signed(hunanPlan.id, [u.yueyang], addDays(today, -6));
}
