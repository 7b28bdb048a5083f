// 转发: a letter that forwards another notice keeps that notice apart (ParsedNotice.forwarded).
// 印发: a notice that issues a plan in the same text is parsed as one document.
import { findDocNumbers, isDocNumberLine, parseDocNumber } from './doc-number.ts';
import { squeeze } from './text-cleaner.ts';

export interface ForwardSplit {
  letter: string[];
  /** The forwarded notice's lines, or null when its text is not included. */
  forwarded: string[] | null;
  forwardedTitle: string | null;
  forwardedNumber: string | null;
}

function outerTitle(title: string): string | null {
  const open = title.indexOf('《');
  const close = title.lastIndexOf('》');
  return open >= 0 && close > open ? title.slice(open + 1, close) : null;
}

/** Whether a title forwards (转发) rather than issues (印发) another document. */
export function isForwardingTitle(title: string): boolean {
  const at = title.indexOf('转发');
  if (at < 0) return false;
  const inner = title.indexOf('《');
  return inner < 0 || at < inner;
}

export function splitForwarded(
  lines: string[],
  title: string,
  titleIndex: number,
  ownNumber: string | null,
): ForwardSplit | null {
  if (!isForwardingTitle(title)) return null;
  const forwardedTitle = outerTitle(title) ?? (title.split('转发')[1] ?? '').replace(/的通知$/, '') ?? null;
  const wanted = forwardedTitle ? squeeze(forwardedTitle) : null;
  // The number the letter gives for it: 《…》（藏质标办〔2024〕2号）.
  let forwardedNumber: string | null = null;
  for (let i = titleIndex + 1; i < lines.length && forwardedNumber === null; i++) {
    const line = lines[i] ?? '';
    if (!/转发|附件|《/.test(line)) continue;
    const found = findDocNumbers(line).find((n) => n.value !== ownNumber);
    if (found) forwardedNumber = found.value;
  }
  // The forwarded text starts at its own letterhead, number or title line.
  for (let i = titleIndex + 2; i < lines.length; i++) {
    const line = squeeze(lines[i] ?? '');
    const letterhead = /文件$/.test(line) && line.length <= 40 && !/[《》，。]/.test(line);
    const number = isDocNumberLine(line) && parseDocNumber(line) !== ownNumber;
    const sameTitle = wanted !== null && line === wanted;
    if (letterhead || number || sameTitle) {
      return { letter: lines.slice(0, i), forwarded: lines.slice(i), forwardedTitle, forwardedNumber };
    }
  }
  return { letter: lines, forwarded: null, forwardedTitle, forwardedNumber };
}

/**
 * A letter with no title line that forwards what its body names: 现将《…》（豫安委办明电〔2017〕45号）转发给你们.
 * Returns the forwarded title and number, or null when the body forwards nothing.
 */
export function forwardedFromBody(lines: string[]): { title: string; docNumber: string | null } | null {
  for (const line of lines.slice(0, 30)) {
    const m = /(?:现将|兹将|特将)《([^《》]{6,160})》\s*(?:[（(]([^（）()]{4,40})[)）])?\s*转发给你们/.exec(line);
    if (m) return { title: m[1] ?? '', docNumber: m[2] ? parseDocNumber(m[2]) : null };
  }
  return null;
}
