import { readFileSync } from 'node:fs';
import { and, eq, isNull } from 'drizzle-orm';
import { regionLabel } from '../../domain/digest/digest-composer.ts';
import { insertActivitiesBulk, type NewActivity } from '../db/repositories/activity.repository.ts';
import { notices, units } from '../db/schema.ts';
import type { DbOrTx } from '../db/tx.ts';
import { SICHUAN_CODE, TIBET_ASSOCIATION, TIBET_CODE } from './demo-units.ts';

/*
 * Demo activities (CONTRACTS.md): the Tibet prefectures and departments from seed 000 附件1/附件2, the Sichuan
 * ones from seed 002, the national ones from seed 004 附件1/附件3. Each unit's entry is split into one activity a
 * sentence, in the seed's order; each is marked 示例数据. A few plausible ones are public, with dates and places.
 */

const SAMPLE = '示例数据';
const TITLE_MAX = 200;

function seedText(file: string): string {
  return readFileSync(new URL(`./seed-texts/${file}`, import.meta.url), 'utf8');
}

/** The lines between a heading line (matched exactly after trimming) and the next 附件 heading. */
function section(text: string, start: RegExp | null, end: RegExp): string[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const from = start ? lines.findIndex((l) => start.test(l)) + 1 : 0;
  const rest = lines.slice(from);
  const to = rest.findIndex((l) => end.test(l));
  return (to < 0 ? rest : rest.slice(0, to)).filter(Boolean);
}

interface Entry {
  label: string;
  text: string;
}

/** Numbered entries ("1.拉萨：…", "一、成都市:…"); a line that starts no entry continues the one before (a broken line). */
function entries(lines: string[], pattern: RegExp): Entry[] {
  const out: Entry[] = [];
  for (const line of lines) {
    const m = pattern.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) out.push({ label: m[1].trim(), text: m[2].trim() });
    else if (out.length) {
      const last = out[out.length - 1];
      if (last) last.text += line;
    }
  }
  return out;
}

/**
 * One activity a sentence, or a clause of one that starts with its own verb ("…，开展…"); a closing quote left
 * without its opening one (an OCR slip) is dropped.
 */
const sentences = (text: string): string[] =>
  text
    .split(/。|；|，(?=开展|组织|举办|举行|召开|发布|启动|部署|实施)/u)
    .map((s) => s.trim().replace(/”$/u, (q) => (s.includes('“') ? q : '')))
    .filter((s) => s.length > 1)
    .map((s) => s.slice(0, TITLE_MAX));

interface Extra {
  startOn: string;
  endOn?: string;
  place: string;
  audience?: string;
  participants?: number;
}
/** Public activities citizens could join (lab open days, free meter checks): unit label + a phrase of the sentence. */
const PUBLIC: { unit: string; phrase: string; extra: Extra }[] = [
  {
    unit: '拉萨',
    phrase: '实验室开放日',
    extra: { startOn: '2024-09-12', place: '拉萨市产品质量监督检验所', audience: '市民', participants: 320 },
  },
  {
    unit: '日喀则',
    phrase: '手机变砝码',
    extra: {
      startOn: '2024-09-07',
      endOn: '2024-09-08',
      place: '日喀则市上海广场',
      audience: '群众',
      participants: 1500,
    },
  },
  {
    unit: '山南',
    phrase: '计量器具免费检定',
    extra: { startOn: '2024-09-20', place: '山南市计量检定所', audience: '群众', participants: 260 },
  },
  {
    unit: '林芝',
    phrase: '检测实验室开放日',
    extra: { startOn: '2024-09-13', place: '林芝市检验检测中心', audience: '市民和学生', participants: 180 },
  },
  {
    unit: '昌都',
    phrase: '检验实验室开放日',
    extra: { startOn: '2024-09-19', place: '昌都市食品药品检验所', audience: '市民', participants: 150 },
  },
  {
    unit: '那曲',
    phrase: '检测实验室开放日',
    extra: { startOn: '2024-09-14', place: '那曲市产品质量检验所', audience: '社区居民和学生', participants: 120 },
  },
  {
    unit: '拉萨海关',
    phrase: '检测实验室开放日',
    extra: { startOn: '2024-09-25', place: '拉萨海关技术中心', audience: '进出口企业代表', participants: 60 },
  },
  {
    unit: '水利厅',
    phrase: '实验室开放日',
    extra: { startOn: '2024-09-18', place: '自治区水利工程质量检测中心', audience: '群众', participants: 90 },
  },
  {
    unit: '南充市',
    phrase: '质量开放日',
    extra: { startOn: '2024-09-21', place: '南充市产品质量监督检验所', audience: '市民', participants: 400 },
  },
  {
    unit: '巴中市',
    phrase: '实验室开放日',
    extra: {
      startOn: '2024-09-10',
      endOn: '2024-09-12',
      place: '巴中市检验检测中心',
      audience: '市民',
      participants: 210,
    },
  },
  {
    unit: '资阳市',
    phrase: '质量开放日',
    extra: {
      startOn: '2024-09-26',
      place: '资阳市纺织鞋服质量检验中心',
      audience: '市民和企业代表',
      participants: 150,
    },
  },
  {
    unit: '山东省',
    phrase: '计量器具免费检定',
    extra: {
      startOn: '2024-09-05',
      endOn: '2024-09-30',
      place: '山东省计量科学研究院及各市计量所',
      audience: '群众',
      participants: 3000,
    },
  },
  {
    unit: '福建省',
    phrase: '质量开放日',
    extra: { startOn: '2024-09-21', place: '福建省产品质量检验研究院', audience: '市民', participants: 600 },
  },
  {
    unit: '湖北省',
    phrase: '质量开放日',
    extra: { startOn: '2024-09-15', place: '湖北省产品质量监督检验研究院', audience: '市民', participants: 450 },
  },
];

interface Target {
  noticeId: number;
  unitId: number;
  region: string | null;
  label: string;
  text: string;
  source: string;
}

function activitiesOf(t: Target): NewActivity[] {
  return sentences(t.text).map((title, i) => {
    const pub = PUBLIC.find((p) => p.unit === t.label && title.includes(p.phrase));
    return {
      noticeId: t.noticeId,
      unitId: t.unitId,
      title,
      sortOrder: i + 1,
      description: `${SAMPLE}（摘自${t.source}）`,
      region: t.region,
      ...(pub && {
        isPublic: true,
        startOn: pub.extra.startOn,
        endOn: pub.extra.endOn ?? pub.extra.startOn,
        place: pub.extra.place,
        audience: pub.extra.audience ?? null,
        participants: pub.extra.participants ?? null,
      }),
    };
  });
}

interface Child {
  id: number;
  name: string;
  kind: string;
}
const childrenOf = (db: DbOrTx, parentId: number): Promise<Child[]> =>
  db.select({ id: units.id, name: units.name, kind: units.kind }).from(units).where(eq(units.parentId, parentId));

/** A region office by the seed's short label: 拉萨 → 拉萨市…, 阿坝州 → 阿坝藏族羌族自治州…, 新疆生产建设兵团 → its office. */
function officeByLabel(offices: Child[], label: string): Child | undefined {
  const stem = label.replace(/(市|州|地区)$/u, '');
  return offices.find((o) => regionLabel(o.name) === label) ?? offices.find((o) => o.name.startsWith(stem));
}

async function noticeId(db: DbOrTx, where: ReturnType<typeof and>): Promise<number> {
  const row = (await db.select({ id: notices.id }).from(notices).where(where).limit(1))[0];
  if (!row) throw new Error('demo: notice for activities not found');
  return row.id;
}

async function unitByCode(db: DbOrTx, code: string): Promise<number> {
  const row = (await db.select({ id: units.id }).from(units).where(eq(units.divisionCode, code)).limit(1))[0];
  if (!row) throw new Error(`demo: no unit ${code}`);
  return row.id;
}

export async function loadDemoActivities(db: DbOrTx, nationalId: number): Promise<number> {
  const targets: Target[] = [];
  const numbered = /^\d+\s*[.．、]\s*([^：:]{1,20})[：:](.*)$/u;
  const chinese = /^[一二三四五六七八九十]+、([^：:]{1,20})[：:](.*)$/u;

  // Tibet: the office's notice 藏质标办〔2024〕2号 to its prefectures, departments and the association.
  const tibet = await unitByCode(db, TIBET_CODE);
  const tibetNotice = await noticeId(
    db,
    and(eq(notices.issuerUnitId, tibet), eq(notices.docNumber, '藏质标办〔2024〕2号')),
  );
  const tibetChildren = await childrenOf(db, tibet);
  const tibetOffices = tibetChildren.filter((c) => c.kind === 'office');
  const s000 = seedText('000_297315cc46f3f625.txt');
  for (const e of entries(section(s000, /^附件\s*1$/u, /^附件\s*2$/u), numbered)) {
    const unit =
      e.label === '质量协会'
        ? tibetChildren.find((c) => c.name === TIBET_ASSOCIATION)
        : tibetChildren.find((c) => c.kind === 'department' && c.name === e.label);
    if (unit)
      targets.push({
        noticeId: tibetNotice,
        unitId: unit.id,
        region: '西藏自治区',
        label: e.label,
        text: e.text,
        source: '2024年“质量月”西藏自治区相关部门主要活动',
      });
  }
  for (const e of entries(section(s000, /^附件\s*2$/u, /^附件\s*3$/u), numbered)) {
    const unit = officeByLabel(tibetOffices, e.label);
    if (unit)
      targets.push({
        noticeId: tibetNotice,
        unitId: unit.id,
        region: regionLabel(unit.name),
        label: e.label,
        text: e.text,
        source: '2024年“质量月”各地主要活动',
      });
  }

  // Sichuan: the provincial notice (no number) to its departments and prefectures.
  const sichuan = await unitByCode(db, SICHUAN_CODE);
  const sichuanNotice = await noticeId(db, and(eq(notices.issuerUnitId, sichuan), isNull(notices.docNumber)));
  const sichuanChildren = await childrenOf(db, sichuan);
  const s002 = seedText('002_dbcbc3134cf864ee.txt');
  for (const e of entries(section(s002, /^附件1$/u, /^附件2$/u), chinese)) {
    const unit = sichuanChildren.find((c) => c.kind === 'department' && c.name === e.label);
    if (unit)
      targets.push({
        noticeId: sichuanNotice,
        unitId: unit.id,
        region: '四川省',
        label: e.label,
        text: e.text,
        source: '2024年全省“质量月”联合主办单位主要活动',
      });
  }
  for (const e of entries(section(s002, /^附件2$/u, /^附件3$/u), chinese)) {
    const unit = officeByLabel(
      sichuanChildren.filter((c) => c.kind === 'office'),
      e.label,
    );
    if (unit)
      targets.push({
        noticeId: sichuanNotice,
        unitId: unit.id,
        region: regionLabel(unit.name),
        label: e.label,
        text: e.text,
        source: '2024年全省“质量月”市（州）开展活动摘要',
      });
  }

  // National: the notice 国市监质发〔2024〕74号 to the departments (附件1) and the provinces (附件3). The entries
  // have no colon ("一、北京市举办…"): the unit is the longest known name the entry starts with.
  const nationalNotice = await noticeId(
    db,
    and(eq(notices.issuerUnitId, nationalId), eq(notices.docNumber, '国市监质发〔2024〕74号')),
  );
  const nationalChildren = await childrenOf(db, nationalId);
  const s004 = seedText('004_d5056bc82383b761.txt');
  const byPrefix = (lines: string[], candidates: { unit: Child; label: string }[], source: string): void => {
    for (const line of lines) {
      const body = /^[一二三四五六七八九十]+、(.*)$/u.exec(line)?.[1];
      if (!body) continue;
      const hit = candidates.filter((c) => body.startsWith(c.label)).sort((a, b) => b.label.length - a.label.length)[0];
      if (hit)
        targets.push({
          noticeId: nationalNotice,
          unitId: hit.unit.id,
          region: hit.unit.kind === 'office' ? hit.label : null,
          label: hit.label,
          text: body.slice(hit.label.length),
          source,
        });
    }
  };
  byPrefix(
    section(s004, null, /^附件2$/u),
    nationalChildren.filter((c) => c.kind === 'department').map((unit) => ({ unit, label: unit.name })),
    '2024年全国“质量月”联合主办单位开展的主要活动',
  );
  byPrefix(
    section(s004, /^附件3$/u, /^附件4$/u),
    nationalChildren.filter((c) => c.kind === 'office').map((unit) => ({ unit, label: regionLabel(unit.name) })),
    '2024年全国“质量月”各地开展的主要活动',
  );

  const rows = targets.flatMap(activitiesOf);
  await insertActivitiesBulk(db, rows);
  return rows.length;
}
