import type { NoticeCite } from './parsed-notice.ts';
import type { DocumentLines } from './document-lines.ts';
import { findDocNumbers } from './doc-number.ts';
import { squeeze, tidyText } from './text-cleaner.ts';

const CITED_KIND = /(?:通知|方案|意见|纲要)$/;

interface TitleSpan {
  title: string;
  start: number;
  end: number;
}

/** Outermost 《…》 spans (inner 《》/〈〉 allowed). */
function titleSpans(line: string): TitleSpan[] {
  const out: TitleSpan[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '《') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '》' && depth > 0) {
      depth--;
      if (depth === 0) out.push({ title: line.slice(start + 1, i), start, end: i + 1 });
    }
  }
  return out;
}

function key(title: string): string {
  return squeeze(title).replace(/[的〈〉《》“”"]/g, '');
}

/** A title names a cited document when it is a 通知/方案/意见/纲要 (a trailing （2023—2025年） aside). */
function citedKind(title: string): boolean {
  return CITED_KIND.test(squeeze(title).replace(/（[^（）]*）$/, ''));
}

/**
 * Documents referred to by number or by a 《…》 title; never the document's own number or title,
 * an alias introduced by 以下简称, or a plan this document issues (印发) itself.
 */
export function extractCites(
  doc: DocumentLines,
  ownNumber: string | null,
  ownTitle: string | null,
  skipLines: Set<number>,
): NoticeCite[] {
  const out: NoticeCite[] = [];
  const byKey = new Map<string, NoticeCite>();
  const byNumber = new Map<string, NoticeCite>();
  const aliases = new Set<string>();
  const issued = new Set<string>();
  if (ownTitle) {
    for (const span of titleSpans(ownTitle))
      if (/印发/.test(ownTitle.slice(0, span.start))) issued.add(key(span.title));
  }
  const remember = (docNumber: string | null, title: string | null): void => {
    if (docNumber !== null && docNumber === ownNumber) return;
    const k = title ? key(title) : null;
    const existing = (docNumber ? byNumber.get(docNumber) : undefined) ?? (k ? byKey.get(k) : undefined);
    if (existing) {
      existing.docNumber ??= docNumber;
      existing.title ??= title;
    } else {
      const cite: NoticeCite = { docNumber, title };
      out.push(cite);
      if (k) byKey.set(k, cite);
      if (docNumber) byNumber.set(docNumber, cite);
      return;
    }
    if (docNumber) byNumber.set(docNumber, existing);
    if (k) byKey.set(k, existing);
  };
  for (let i = 0; i < doc.length; i++) {
    if (skipLines.has(i)) continue;
    const line = doc.line(i);
    if (!line.includes('《') && !line.includes('号')) continue;
    const numbers = findDocNumbers(line);
    const used = new Set<number>();
    for (const span of titleSpans(line)) {
      const before = line.slice(Math.max(0, span.start - 6), span.start);
      const k = key(span.title);
      if (/简称/.test(before)) {
        aliases.add(k);
        continue;
      }
      // A plan this text issues itself: 印发《X》 / 《X》，现印发给你们.
      const after = line.slice(span.end, span.end + 14);
      const afterIssue = after.indexOf('印发');
      const nextTitle = after.indexOf('《');
      if (
        /印发\s*$/.test(line.slice(Math.max(0, span.start - 4), span.start)) ||
        (afterIssue >= 0 && (nextTitle < 0 || afterIssue < nextTitle))
      )
        issued.add(k);
      if (aliases.has(k) || issued.has(k) || (ownTitle && k === key(ownTitle)) || !citedKind(span.title)) continue;
      // A number right after the title belongs to it: 《…》（国市监质发〔2024〕74号）.
      const follow = numbers.find((n) => n.index >= span.end && n.index - span.end <= 3);
      if (follow) used.add(follow.index);
      remember(follow ? follow.value : null, tidyText(span.title));
    }
    for (const n of numbers) {
      if (used.has(n.index)) continue;
      // Numbers inside a title (《关于…的通知（某发〔2024〕1号）》) were seen with it.
      if (titleSpans(line).some((s) => n.index > s.start && n.index < s.end)) continue;
      remember(n.value, null);
    }
  }
  return out;
}
