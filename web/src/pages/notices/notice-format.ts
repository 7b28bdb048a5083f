import type { SessionUser } from '../../api/types.ts';
import { messages } from '../../i18n/zh-CN.ts';

const t = messages.notices;

export const docNumberText = (docNumber: string | null): string => docNumber ?? t.noDocNumber;
export const deadlineText = (deadline: string | null): string => deadline ?? t.noDeadline;

/** The unit the user issues notices for: the first unit where they are admin or reviewer. */
export function staffUnitOf(user: SessionUser): { unitId: number; unitName: string } | null {
  const grant = user.roles.find((r) => r.role === 'admin' || r.role === 'reviewer');
  return grant ? { unitId: grant.unitId, unitName: grant.unitName } : null;
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A textarea's lines as HTML paragraphs (empty lines dropped). */
export function textToHtml(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('');
}

/** Sanitised section HTML back to plain lines for a textarea. */
export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(
    `<div>${html.replace(/<\/(p|li|tr|h\d)>|<br\s*\/?>/gi, (m) => `${m}\n`)}</div>`,
    'text/html',
  );
  return (doc.body.textContent ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 一、二、… 十、十一… for section headings. */
export function sectionNumber(index: number): string {
  const n = index + 1;
  if (n <= 10) return NUMERALS[n - 1] ?? String(n);
  if (n < 20) return `十${NUMERALS[n - 11] ?? ''}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${NUMERALS[tens - 1] ?? ''}十${ones ? (NUMERALS[ones - 1] ?? '') : ''}`;
}
