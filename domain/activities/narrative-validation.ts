import { isCalendarDate } from '../notices/cascade-rules.ts';

/*
 * What a unit registers besides its figures: activities (活动登记), typical cases (典型案例) and dated progress
 * reports (进展情况). Checks return problems as { field, code } so the service raises one error naming the field.
 */

export const TITLE_MAX = 200;
export const TEXT_MAX = 5000;
export const SHORT_MAX = 200;
export const PARTICIPANTS_MAX = 100_000_000;
export const CO_ORGANISERS_MAX = 30;
/** An activity may run for weeks (a campaign month, a season of inspections), not for years. */
export const ACTIVITY_SPAN_MAX_DAYS = 366;
export const OTHER_CATEGORY = '其他';

export type NarrativeProblemCode =
  | 'required'
  | 'too_long'
  | 'date_invalid'
  | 'date_order'
  | 'date_out_of_range'
  | 'span_too_long'
  | 'participants_invalid'
  | 'too_many';
export interface NarrativeProblem {
  field: string;
  code: NarrativeProblemCode;
}

export interface ActivityFields {
  title: string;
  category: string | null;
  startOn: string | null;
  endOn: string | null;
  region: string | null;
  place: string | null;
  organiser: string | null;
  coOrganisers: string[];
  audience: string | null;
  participants: number | null;
  isPublic: boolean;
  description: string | null;
}

export interface CaseFields {
  title: string;
  category: string | null;
  html: string;
}

export interface ProgressFields {
  reportedOn: string;
  progress: string;
  results: string;
  problems: string;
  suggestions: string;
}

const days = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

function text(problems: NarrativeProblem[], field: string, value: string | null, max: number, required = false): void {
  const v = value?.trim() ?? '';
  if (required && !v) problems.push({ field, code: 'required' });
  else if (v.length > max) problems.push({ field, code: 'too_long' });
}

/** A date is a calendar date in the campaign's year, the year before (preparation) or the year after (follow-up). */
function date(problems: NarrativeProblem[], field: string, value: string | null, campaignYear: number): boolean {
  if (value === null) return false;
  if (!isCalendarDate(value)) {
    problems.push({ field, code: 'date_invalid' });
    return false;
  }
  const year = Number(value.slice(0, 4));
  if (year < campaignYear - 1 || year > campaignYear + 1) {
    problems.push({ field, code: 'date_out_of_range' });
    return false;
  }
  return true;
}

export function activityProblems(a: ActivityFields, campaignYear: number): NarrativeProblem[] {
  const problems: NarrativeProblem[] = [];
  text(problems, 'title', a.title, TITLE_MAX, true);
  for (const field of ['category', 'region', 'place', 'organiser', 'audience'] as const)
    text(problems, field, a[field], SHORT_MAX);
  text(problems, 'description', a.description, TEXT_MAX);
  if (a.coOrganisers.length > CO_ORGANISERS_MAX) problems.push({ field: 'coOrganisers', code: 'too_many' });
  else if (a.coOrganisers.some((c) => c.trim().length > SHORT_MAX))
    problems.push({ field: 'coOrganisers', code: 'too_long' });
  const startOk = date(problems, 'startOn', a.startOn, campaignYear);
  const endOk = date(problems, 'endOn', a.endOn, campaignYear);
  if (a.endOn !== null && a.startOn === null) problems.push({ field: 'startOn', code: 'required' });
  if (startOk && endOk && a.startOn !== null && a.endOn !== null) {
    if (a.endOn < a.startOn) problems.push({ field: 'endOn', code: 'date_order' });
    else if (days(a.endOn) - days(a.startOn) > ACTIVITY_SPAN_MAX_DAYS)
      problems.push({ field: 'endOn', code: 'span_too_long' });
  }
  if (
    a.participants !== null &&
    (!Number.isInteger(a.participants) || a.participants < 0 || a.participants > PARTICIPANTS_MAX)
  ) {
    problems.push({ field: 'participants', code: 'participants_invalid' });
  }
  // A public activity is listed for citizens by date and region: both must be there.
  if (a.isPublic) {
    if (a.startOn === null && !problems.some((p) => p.field === 'startOn'))
      problems.push({ field: 'startOn', code: 'required' });
    if (!a.region?.trim() && !problems.some((p) => p.field === 'region'))
      problems.push({ field: 'region', code: 'required' });
  }
  return problems;
}

/** The html is the sanitized text; its length bound is the raw size the route already limits. */
export function caseProblems(c: CaseFields): NarrativeProblem[] {
  const problems: NarrativeProblem[] = [];
  text(problems, 'title', c.title, TITLE_MAX, true);
  text(problems, 'category', c.category, SHORT_MAX);
  if (!c.html.replace(/<[^>]*>/g, '').trim()) problems.push({ field: 'html', code: 'required' });
  return problems;
}

export function progressProblems(p: ProgressFields, campaignYear: number): NarrativeProblem[] {
  const problems: NarrativeProblem[] = [];
  date(problems, 'reportedOn', p.reportedOn, campaignYear);
  for (const field of ['progress', 'results', 'problems', 'suggestions'] as const)
    text(problems, field, p[field], TEXT_MAX);
  if (![p.progress, p.results, p.problems, p.suggestions].some((v) => v.trim()))
    problems.push({ field: 'progress', code: 'required' });
  return problems;
}

/** Trimmed text, blanks as null; co-organisers trimmed, blanks and repeats dropped. */
export function normalizeActivity(a: ActivityFields): ActivityFields {
  const t = (v: string | null): string | null => (v?.trim() ? v.trim() : null);
  return {
    ...a,
    title: a.title.trim(),
    category: t(a.category),
    region: t(a.region),
    place: t(a.place),
    organiser: t(a.organiser),
    audience: t(a.audience),
    description: t(a.description),
    coOrganisers: [...new Set(a.coOrganisers.map((c) => c.trim()).filter(Boolean))],
  };
}

/** The categories offered: the notice's key arrangements (重点安排) by title, then 其他. */
export function categoryOptions(arrangementTitles: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const raw of arrangementTitles) {
    const title = raw.trim().replace(/[。；;，,：:]+$/u, '');
    if (title && title !== OTHER_CATEGORY) seen.add(title);
  }
  return [...seen, OTHER_CATEGORY];
}

export const FIELD_LABELS: Record<string, string> = {
  title: '标题',
  category: '类别',
  startOn: '开始日期',
  endOn: '结束日期',
  region: '地区',
  place: '地点',
  organiser: '主办单位',
  coOrganisers: '协办单位',
  audience: '参与对象',
  participants: '参与人数',
  description: '活动内容',
  html: '正文',
  reportedOn: '报告日期',
  progress: '进展情况',
  results: '取得实效',
  problems: '存在问题',
  suggestions: '相关建议',
};
