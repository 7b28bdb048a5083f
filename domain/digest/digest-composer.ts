/*
 * The digest of main activities (主要活动汇编), as the seeds' attachments read: one numbered paragraph per unit,
 * "一、拉萨市：9月2日，在布达拉宫广场举办“质量月”活动启动仪式，参与群众2000人次；开展主题宣传活动。"
 * Units come in the order given (the unit tree's); each unit's activities in the order given. A unit that has
 * registered nothing is not numbered: it is named in one closing line, so the office sees who is missing and
 * decides what to write (the seeds' "…等单位结合各自工作开展“质量月”活动").
 */

export type DigestKind = 'regions' | 'departments';

export interface DigestActivity {
  title: string;
  startOn: string | null;
  endOn: string | null;
  place: string | null;
  audience: string | null;
  participants: number | null;
}

export interface DigestUnit {
  name: string;
  activities: DigestActivity[];
}

export interface DigestParagraph {
  number: string;
  unitName: string;
  text: string;
}

export interface Digest {
  title: string;
  paragraphs: DigestParagraph[];
  missing: string[];
  missingText: string | null;
}

const DIGITS = '一二三四五六七八九';

/** 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (enough for every unit list). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1) return String(n);
  if (n >= 1000) return String(n);
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  let out = hundreds ? `${DIGITS[hundreds - 1] ?? ''}百` : '';
  if (tens) out += `${tens === 1 && !hundreds ? '' : (DIGITS[tens - 1] ?? '')}十`;
  else if (hundreds && ones) out += '零';
  if (ones) out += DIGITS[ones - 1] ?? '';
  return out;
}

export function digestTitle(year: number, kind: DigestKind): string {
  return `${year}年“质量月”${kind === 'regions' ? '各地' : '各部门'}开展的主要活动`;
}

const THIRDS = ['上旬', '中旬', '下旬'] as const;
const third = (day: number): number => (day <= 10 ? 0 : day <= 20 ? 1 : 2);
const parts = (iso: string): [number, number, number] => {
  const [y, m, d] = iso.split('-').map(Number);
  return [y ?? 0, m ?? 0, d ?? 0];
};

/** 9月2日; a span within a third of a month: 9月上旬; within a month: 9月; else 9月至10月. */
export function datePhrase(startOn: string | null, endOn: string | null): string {
  if (!startOn) return '';
  const [, m1, d1] = parts(startOn);
  if (!endOn || endOn === startOn) return `${m1}月${d1}日`;
  const [, m2, d2] = parts(endOn);
  if (m1 !== m2) return `${m1}月至${m2}月`;
  return third(d1) === third(d2) ? `${m1}月${THIRDS[third(d1)]}` : `${m1}月`;
}

// How activity titles usually begin; a bare name (“质量开放日”) reads as "开展…".
const VERB =
  /^(举办|举行|开展|组织|召开|发布|实施|推进|推动|推广|启动|联合|加强|强化|深化|深入|持续|部署|制作|播出|邀请|配合|结合|对|聚焦|围绕|宣贯|征集|评选|参加|承办|协办|走进|成立|指导|面向|针对|展示|召集|培训|检查|抽查|设立|印发|编制|提供|打造|树立|发挥|探索|梳理|普及|宣传|落实|完成|建立|开通|上线|进行|集中|全面)/u;

function clause(a: DigestActivity): string {
  let title = a.title
    .trim()
    .replace(/[。；;，,、\s]+$/u, '')
    .replace(/。(?=.)/gu, '；');
  if (!VERB.test(title)) title = `开展${title}`;
  const when = datePhrase(a.startOn, a.endOn);
  const where = a.place?.trim() ? `在${a.place.trim()}` : '';
  const people = a.participants ? `，参与${a.audience?.trim() ?? ''}${a.participants}人次` : '';
  return `${when ? `${when}，` : ''}${where}${title}${people}`;
}

/** One unit's activities as it reads in the digest, without the number: "9月2日，…；开展…。" */
export function unitSentence(activities: readonly DigestActivity[]): string {
  return `${activities.map(clause).join('；')}。`;
}

export function composeDigest(year: number, kind: DigestKind, units: readonly DigestUnit[]): Digest {
  const paragraphs: DigestParagraph[] = [];
  const missing: string[] = [];
  for (const u of units) {
    const acts = u.activities.filter((a) => a.title.trim());
    if (!acts.length) {
      missing.push(u.name);
      continue;
    }
    const number = chineseNumber(paragraphs.length + 1);
    paragraphs.push({ number, unitName: u.name, text: `${number}、${u.name}：${unitSentence(acts)}` });
  }
  return {
    title: digestTitle(year, kind),
    paragraphs,
    missing,
    missingText: missing.length
      ? `（以下${kind === 'regions' ? '地区' : '单位'}未登记活动：${missing.join('、')}。）`
      : null,
  };
}

/** "拉萨市市场监督管理局" → "拉萨市": a region digest names places, not bureaus. */
export function regionLabel(officeName: string): string {
  const stripped = officeName.replace(/市场监督管理局$/u, '').trim();
  return stripped || officeName;
}
