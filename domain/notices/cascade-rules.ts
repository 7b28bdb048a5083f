import { isDocNumberLine, parseDocNumber } from '../notice-parser/doc-number.ts';

export const NOTICE_KINDS = ['notice', 'forward', 'plan'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Reports a notice may require (issue B §2). */
export const REPORT_KINDS = ['活动总结', '统计表', '进展情况', '典型案例', '图片', '视频', '盖章扫描件'] as const;

/** A deadline less than this many days before the parent's leaves the upper level no time to compile. */
export const MIN_DEADLINE_MARGIN_DAYS = 2;

/** A document number normalised to 〔〕 brackets, or null when the text is not one whole number. */
export function normaliseNoticeDocNumber(text: string): string | null {
  return isDocNumberLine(text) ? parseDocNumber(text) : null;
}

const dayNumber = (iso: string): number =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/** A real calendar date in YYYY-MM-DD (rejects 2024-02-30). */
export function isCalendarDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

export type DeadlineCheck =
  | { ok: true; warning?: { code: 'DEADLINE_MARGIN_SHORT'; days: number } }
  | { ok: false; code: 'NOTICE_DEADLINE_AFTER_PARENT'; parentDeadline: string };

/**
 * A child's deadline may not be later than its parent's (both dates inclusive, Asia/Shanghai);
 * less than two days earlier is allowed with a warning.
 */
export function checkChildDeadline(parentDeadline: string | null, childDeadline: string | null): DeadlineCheck {
  if (!parentDeadline || !childDeadline) return { ok: true };
  const margin = dayNumber(parentDeadline) - dayNumber(childDeadline);
  if (margin < 0) return { ok: false, code: 'NOTICE_DEADLINE_AFTER_PARENT', parentDeadline };
  if (margin < MIN_DEADLINE_MARGIN_DAYS) return { ok: true, warning: { code: 'DEADLINE_MARGIN_SHORT', days: margin } };
  return { ok: true };
}

/** A child keeps its parent's statistics form; it may add one where the parent has none. */
export function checkChildForm(parentForm: string | null, childForm: string | null): boolean {
  return parentForm === null || parentForm === childForm;
}
