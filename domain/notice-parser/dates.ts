import type { DatePeriod } from './parsed-notice.ts';

const CN_DIGIT: Record<string, number> = {
  〇: 0,
  '○': 0,
  零: 0,
  // Typed with the Latin letter: 二O二四年 (NFKC has already folded the full-width Ｏ).
  O: 0,
  o: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 二〇〇八 → 2008 (digit by digit); 十八 / 二十 / 三十一 → 18 / 20 / 31. */
export function chineseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (!s.includes('十')) {
    let n = 0;
    for (const ch of s) {
      const d = CN_DIGIT[ch];
      if (d === undefined) return null;
      n = n * 10 + d;
    }
    return s.length > 0 ? n : null;
  }
  const [tens = '', ones = ''] = s.split('十');
  const t = tens === '' ? 1 : CN_DIGIT[tens];
  const o = ones === '' ? 0 : CN_DIGIT[ones];
  if (t === undefined || o === undefined || tens.length > 1 || ones.length > 1) return null;
  return t * 10 + o;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A valid calendar date as YYYY-MM-DD, else null. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1949 || year > 2100) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

const NUM = '\\d{1,4}|[〇○零Oo一二三四五六七八九十]{1,4}';
/** Y年M月D日 with arabic or Chinese numerals, or Y-M-D / Y.M.D / Y/M/D. */
const FULL_DATE = new RegExp(
  `(${NUM})年(${NUM})月(${NUM})[日号]|((?:19|20)\\d{2})[-./](\\d{1,2})[-./](\\d{1,2})(?!\\d)`,
  'g',
);

export interface FoundDate {
  iso: string;
  index: number;
  end: number;
}

export function findFullDates(text: string): FoundDate[] {
  const out: FoundDate[] = [];
  FULL_DATE.lastIndex = 0;
  for (let m = FULL_DATE.exec(text); m; m = FULL_DATE.exec(text)) {
    const y = chineseNumber(m[1] ?? m[4] ?? '');
    const mo = chineseNumber(m[2] ?? m[5] ?? '');
    const d = chineseNumber(m[3] ?? m[6] ?? '');
    if (y === null || mo === null || d === null) continue;
    const iso = isoDate(y, mo, d);
    if (iso) out.push({ iso, index: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** A line that is nothing but a date (the signature date). */
export function standaloneDate(line: string): string | null {
  const s = line.replace(/\s+/g, '');
  const found = findFullDates(s);
  const first = found[0];
  if (!first || first.index !== 0 || first.end !== s.length) return null;
  return first.iso;
}

// Between the date and 前: a weekday (（星期五）), a time (17:00, 下午5点) or 下班.
const WEEKDAY = '(?:[（(](?:星期|周)[一二三四五六日天][)）])?';
const CLOCK = '(?:(?:上午|中午|下午|晚上)?\\s*\\d{1,2}(?:[:：]\\d{2}|[点时](?:\\d{1,2}分|半)?)|上午|中午|下午|下班)?';
const BEFORE_DATE = new RegExp(
  `(?:(${NUM})年)?(${NUM})月(${NUM})[日号]\\s*${WEEKDAY}\\s*${CLOCK}\\s*(?:之前|以前|前)`,
  'g',
);

const MONTH_END_BEFORE = new RegExp(`(?:(${NUM})年)?(${NUM})月(?:底|末)\\s*(?:之前|以前|前)`, 'g');

/** Every date before 前/之前/以前 in a submission sentence, in order; a date without a year takes defaultYear. */
export function datesBefore(sentence: string, defaultYear: number | null): { iso: string; index: number }[] {
  const out: { iso: string; index: number }[] = [];
  BEFORE_DATE.lastIndex = 0;
  for (let m = BEFORE_DATE.exec(sentence); m; m = BEFORE_DATE.exec(sentence)) {
    const y = m[1] ? chineseNumber(m[1]) : defaultYear;
    const mo = chineseNumber(m[2] ?? '');
    const d = chineseNumber(m[3] ?? '');
    if (y === null || mo === null || d === null) continue;
    const iso = isoDate(y, mo, d);
    if (iso) out.push({ iso, index: m.index });
  }
  // 10月底前 / 10月末前: the month's last day.
  MONTH_END_BEFORE.lastIndex = 0;
  for (let m = MONTH_END_BEFORE.exec(sentence); m; m = MONTH_END_BEFORE.exec(sentence)) {
    const y = m[1] ? chineseNumber(m[1]) : defaultYear;
    const mo = chineseNumber(m[2] ?? '');
    const iso = y !== null && mo !== null && mo >= 1 && mo <= 12 ? isoDate(y, mo, daysInMonth(y, mo)) : null;
    if (iso) out.push({ iso, index: m.index });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** 截止日期：2024年10月8日 / 投稿截止日 10月8日. */
const CUTOFF = new RegExp(`截[止至](?:日期|时间|日)?[为是：:]?\\s*(?:(${NUM})年)?(${NUM})月(${NUM})[日号]`);
export function cutoffDate(sentence: string, defaultYear: number | null): string | null {
  const m = CUTOFF.exec(sentence);
  if (!m) return null;
  const y = m[1] ? chineseNumber(m[1]) : defaultYear;
  const mo = chineseNumber(m[2] ?? '');
  const d = chineseNumber(m[3] ?? '');
  if (y === null || mo === null || d === null) return null;
  return isoDate(y, mo, d);
}

function monthPeriod(year: number, startMonth: number, endMonth: number): DatePeriod | null {
  const start = isoDate(year, startMonth, 1);
  const end = isoDate(year, endMonth, daysInMonth(year, endMonth));
  return start && end && start <= end ? { start, end } : null;
}

const TO = '(?:至|到|—|–|-|~|～|－)';
/** Y年M月D日至(Y年)(M月)D日 */
const DAY_RANGE = new RegExp(
  `(?:(\\d{4})年)?(\\d{1,2})月(\\d{1,2})日?\\s*${TO}\\s*(?:(\\d{4})年)?(?:(\\d{1,2})月)?(\\d{1,2})日`,
);
/** (Y年)M(月)-N月 */
const MONTH_RANGE = new RegExp(`(?:(\\d{4})年)?(\\d{1,2})月?\\s*${TO}\\s*(\\d{1,2})月(?!\\d{0,2}日)`);
/** Y年M月 (a whole month) */
const ONE_MONTH = /(\d{4})年(\d{1,2})月(?![\d上中下]{0,2}[日号旬])/;

const BARE_MONTH = /^(\d{1,2})月份?(?:[。；]|$)/;

/** An activity period in text: 9月1日至9月30日, 5-12月, 2024年9月. */
export function findPeriod(text: string, defaultYear: number | null): DatePeriod | null {
  const s = text.replace(/\s+/g, '');
  const d = DAY_RANGE.exec(s);
  if (d) {
    const y1 = d[1] ? Number(d[1]) : defaultYear;
    const y2 = d[4] ? Number(d[4]) : y1;
    const m1 = Number(d[2]);
    const m2 = d[5] ? Number(d[5]) : m1;
    if (y1 !== null && y2 !== null) {
      const start = isoDate(y1, m1, Number(d[3]));
      const end = isoDate(y2, m2, Number(d[6]));
      if (start && end && start <= end) return { start, end };
    }
  }
  const r = MONTH_RANGE.exec(s);
  if (r) {
    const y = r[1] ? Number(r[1]) : defaultYear;
    if (y !== null) {
      const p = monthPeriod(y, Number(r[2]), Number(r[3]));
      if (p) return p;
    }
  }
  const one = ONE_MONTH.exec(s);
  if (one) return monthPeriod(Number(one[1]), Number(one[2]), Number(one[2]));
  // A bare month (9月份) takes the document's year, as a deadline does.
  const bare = BARE_MONTH.exec(s);
  if (bare && defaultYear !== null) return monthPeriod(defaultYear, Number(bare[1]), Number(bare[1]));
  return null;
}

/** The first 4-digit year 19xx/20xx in a string. */
export function yearIn(text: string): number | null {
  const m = /(?:19|20)\d{2}(?=年|〕|\]|）|\)|】|-)/.exec(text);
  return m ? Number(m[0]) : null;
}
