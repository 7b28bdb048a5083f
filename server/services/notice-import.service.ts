// 公文智能导入 (issue 4, UI part): a received notice (file or pasted text) becomes a structured draft
// with the source ranges of its fields, and the corrected draft becomes a notice (see importNotice).
import { DomainError } from '../../domain/errors/domain-error.ts';
import { parseNoticeWithEvidence, type NoticeEvidence } from '../../domain/notice-parser/notice-parser.ts';
import type { ParsedNotice } from '../../domain/notice-parser/parsed-notice.ts';
import { cleanText } from '../../domain/notice-parser/text-cleaner.ts';
import * as repo from '../db/repositories/notice.repository.ts';
import { aliasesOf, findUnit, listChildren } from '../db/repositories/unit.repository.ts';
import { noticeInputFromDraft, type ImportDraft } from './import-draft.ts';
import { NoticeFileError } from '../documents/notice-file-reader.ts';
import { readNoticeBufferIsolated } from '../documents/parse-isolated.ts';
import { parseLimits } from './parse-limits.ts';
import { recordReceived, type ReceivedOptions } from './notice-received.service.ts';
import { createNotice, forwardNotice, type NoticeInput, type NoticeView } from './notice.service.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

export const NOTICE_FILE_MAX_MB = 20;
export const NOTICE_TEXT_MAX_CHARS = 200_000;

/** A character range of the cleaned text where a field's value was found. */
export interface FieldHighlight {
  field: string;
  index?: number;
  start: number;
  end: number;
}

export interface ParseResult {
  parsed: ParsedNotice;
  text: string;
  highlights: FieldHighlight[];
  /** The forwarded notice's fields (parsed.forwarded), located in its own part of the text. */
  forwardedHighlights: FieldHighlight[];
  /** How sure the parser is of each headline field (0..1); the page asks the user to check the unsure ones. */
  confidence: NoticeEvidence['confidence'];
  /** The values weighed for each headline field, best first: the page offers the runners-up. */
  candidates: NoticeEvidence['candidates'];
}

/** Reads an uploaded file; a file the reader refuses answers its Chinese message. */
export async function parseNoticeFile(deps: AppDeps, buffer: Buffer, fileName: string): Promise<ParseResult> {
  let raw: string;
  try {
    raw = await readNoticeBufferIsolated(buffer, fileName, parseLimits(deps.env));
  } catch (error) {
    if (error instanceof NoticeFileError)
      throw new DomainError('NOTICE_FILE_UNSUPPORTED', { reason: error.message, fileName });
    throw error;
  }
  return parseNoticeText(raw);
}

export function parseNoticeText(raw: string): ParseResult {
  if (raw.trim() === '') throw new DomainError('NOTICE_TEXT_EMPTY');
  if (raw.length > NOTICE_TEXT_MAX_CHARS)
    throw new DomainError('PAYLOAD_TOO_LARGE', { limit: `${NOTICE_TEXT_MAX_CHARS} 字` });
  const text = cleanText(raw).join('\n');
  const { notice: parsed, evidence } = parseNoticeWithEvidence(raw);
  const forwardedHighlights = parsed.forwarded
    ? locateFields(parsed.forwarded, text, forwardedStart(parsed.forwarded, text))
    : [];
  return {
    parsed,
    text,
    highlights: locateFields(parsed, text),
    forwardedHighlights,
    confidence: evidence.confidence,
    candidates: evidence.candidates,
  };
}

// ---------------------------------------------------------------------------------------------
// Where each extracted value sits in the text (best effort: first match, spaces and bracket
// shapes ignored; dates in their common written forms).

const BRACKETS = '〔〕()（）[]【】［］';
const BRACKET_CLASS = '[〔〕()（）\\[\\]【】［］]';
const MAX_LOCATE = 120;

function escapeChar(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

/** A pattern that matches the value with any white space between its characters. */
function loosePattern(value: string): RegExp | null {
  const chars = [...value.replace(/\s+/g, '')];
  if (chars.length === 0) return null;
  return new RegExp(chars.map((ch) => (BRACKETS.includes(ch) ? BRACKET_CLASS : escapeChar(ch))).join('\\s*'), 'g');
}

interface Range {
  start: number;
  end: number;
}

function findAll(text: string, value: string): Range[] {
  const v = value.trim().slice(0, MAX_LOCATE);
  if (v === '') return [];
  const out: Range[] = [];
  for (let i = text.indexOf(v); i >= 0 && out.length < 20; i = text.indexOf(v, i + v.length))
    out.push({ start: i, end: i + v.length });
  if (out.length) return out;
  const re = loosePattern(v);
  if (!re) return [];
  for (const m of text.matchAll(re)) {
    out.push({ start: m.index, end: m.index + m[0].length });
    if (out.length >= 20) break;
  }
  return out;
}

function findFirst(text: string, value: string | null | undefined, from = 0): Range | null {
  if (!value) return null;
  const all = findAll(text, value);
  const after = all.find((r) => r.start >= from);
  if (after) return after;
  // Written exactly only earlier (a title cited in 《》) but with spaces or other brackets later on.
  const later = from > 0 ? findAll(text.slice(from), value)[0] : undefined;
  if (later) return { start: later.start + from, end: later.end + from };
  return all[0] ?? null;
}

const CN_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
function cnNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n] ?? '';
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : (CN_DIGITS[tens] ?? '')}十${ones ? (CN_DIGITS[ones] ?? '') : ''}`;
}

/** The ways an ISO date is written in a notice, most specific first. */
function dateForms(iso: string): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return [];
  const [, y = '', mm = '', dd = ''] = m;
  const mo = Number(mm);
  const d = Number(dd);
  const cnYear = [...y].map((c) => CN_DIGITS[Number(c)] ?? c).join('');
  return [
    `${y}年${mo}月${d}日`,
    `${y}-${mm}-${dd}`,
    `${y}.${mo}.${d}`,
    `${y}/${mo}/${d}`,
    `${y}年${mm}月${dd}日`,
    `${cnYear}年${cnNumber(mo)}月${cnNumber(d)}日`,
    `${mo}月${d}日`,
    `${mm}月${dd}日`,
  ];
}

function findDate(text: string, iso: string | null, prefer: 'first' | 'last' | 'deadline', from = 0): Range | null {
  if (!iso) return null;
  let found: Range[] = [];
  for (const form of dateForms(iso)) {
    for (const r of findAll(text, form)) {
      // 10月12日 inside 2024年10月12日 is the same place.
      if (!found.some((f) => r.start < f.end && f.start < r.end)) found.push(r);
    }
  }
  if (found.length === 0) return null;
  if (found.some((r) => r.start >= from)) found = found.filter((r) => r.start >= from);
  found.sort((a, b) => a.start - b.start);
  if (prefer === 'last') return found[found.length - 1] ?? null;
  if (prefer === 'deadline') {
    const marked = found.find(
      (r) =>
        /^\s*(?:之?前|以前|截止)/.test(text.slice(r.end, r.end + 4)) ||
        /截止|报送|反馈|报至/.test(text.slice(Math.max(0, r.start - 12), r.start)),
    );
    if (marked) return marked;
  }
  return found[0] ?? null;
}

const sameLine = (s: string): string =>
  s
    .replace(/\s+/g, '')
    .replace(/[〔（(【［[]/g, '(')
    .replace(/[〕）)】］\]]/g, ')');

/**
 * Where a forwarded notice's own text starts (its letterhead, number or title line): the letter
 * above names its title and number too, so its fields are looked for from there on.
 */
function forwardedStart(inner: ParsedNotice, text: string): number {
  const lines = text.split('\n');
  const offsets: number[] = [];
  lines.reduce((at, line) => {
    offsets.push(at);
    return at + line.length + 1;
  }, 0);
  for (const value of [inner.docNumber, inner.title]) {
    if (!value) continue;
    const wanted = sameLine(value);
    const i = lines.findIndex((line, k) => k > 0 && sameLine(line) === wanted);
    if (i < 0) continue;
    let start = i;
    for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
      const line = (lines[k] ?? '').replace(/\s+/g, '');
      if (/文件$/.test(line) && line.length <= 40) start = k;
    }
    return offsets[start] ?? 0;
  }
  const titles = inner.title ? findAll(text, inner.title) : [];
  return titles[titles.length - 1]?.start ?? 0;
}

/** Best-effort source ranges of the main fields of a parsed notice (of the part from `from` on). */
export function locateFields(parsed: ParsedNotice, text: string, from = 0): FieldHighlight[] {
  const out: FieldHighlight[] = [];
  const add = (field: string, range: Range | null, index?: number): Range | null => {
    if (range && range.end > range.start)
      out.push({ field, ...(index === undefined ? {} : { index }), start: range.start, end: range.end });
    return range;
  };
  const title = add('title', findFirst(text, parsed.title, from));
  const afterTitle = title?.end ?? from;
  add('docNumber', findFirst(text, parsed.docNumber, from));
  add('issuer', findFirst(text, parsed.issuer, from));
  parsed.coIssuers.forEach((name, i) => add('coIssuers', findFirst(text, name, afterTitle), i));
  add('issuedOn', findDate(text, parsed.issuedOn, 'last'));
  parsed.recipients.forEach((name, i) => add('recipients', findFirst(text, name, afterTitle), i));
  add('theme', findFirst(text, parsed.theme, afterTitle));
  add('deadline', findDate(text, parsed.deadline, 'deadline', from));
  parsed.contacts.forEach((c, i) => {
    for (const v of [c.name, ...c.phone, ...c.fax, ...c.email, c.address])
      add('contacts', findFirst(text, v, afterTitle), i);
  });
  parsed.sections.forEach((s, i) => add('sections', findFirst(text, s.heading, afterTitle), i));
  parsed.arrangements.forEach((a, i) => add('arrangements', findFirst(text, a.title, afterTitle), i));
  parsed.attachments.forEach((a, i) => add('attachments', findFirst(text, a.title, afterTitle), i));
  parsed.slogans.forEach((s, i) => add('slogans', findFirst(text, s, afterTitle), i));
  parsed.cites.forEach((c, i) => add('cites', findFirst(text, c.docNumber ?? c.title, afterTitle), i));
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

// ---------------------------------------------------------------------------------------------
// The corrected draft becomes a notice.

export type ImportMode = 'new' | 'forward' | 'plan' | 'received';
export type { ImportDraft };

export interface ImportRequest {
  campaignId: number;
  /** The user's unit: the issuer of a new notice, forward or plan; the recording unit of a received one. */
  issuerUnitId: number;
  mode: ImportMode;
  parentId?: number | undefined;
  /** Answer a notice this unit has already forwarded once more (after the user confirmed). */
  confirmDuplicate?: boolean | undefined;
  /** mode received (登记收文): who issued the document, and for a 转发 letter the notice it forwards. */
  received?: ReceivedOptions | undefined;
  sourceFileName?: string | undefined;
  draft: ImportDraft;
}

/**
 * Creates a notice from an imported one: a draft of the user's unit (new), its forward or implementing
 * plan of a notice addressed to it (in that notice's campaign), or (received) the issued notice as its
 * issuer sent it, recorded by the user's unit, with the notice a 转发 letter forwards as its parent.
 * Units named in arrangements (and 主送 units) are matched to the issuer's child units by exact name;
 * the rest keep their names.
 */
export async function importNotice(deps: AppDeps, ctx: RequestCtx, req: ImportRequest): Promise<NoticeView> {
  if (req.mode === 'received') {
    return (
      await recordReceived(deps, ctx, {
        campaignId: req.campaignId,
        recorderUnitId: req.issuerUnitId,
        draft: req.draft,
        options: req.received ?? {},
        sourceFileName: req.sourceFileName,
      })
    ).notice;
  }
  const { db } = deps.database;
  if (req.mode !== 'new' && req.parentId === undefined) throw new DomainError('NOTICE_IMPORT_PARENT_REQUIRED');
  if (!ctx.actor.grants.some((g) => g.unitId === req.issuerUnitId && (g.role === 'admin' || g.role === 'reviewer')))
    throw new DomainError('FORBIDDEN');
  const issuer = await findUnit(db, req.issuerUnitId);
  if (!issuer) throw new DomainError('UNIT_NOT_FOUND', { id: req.issuerUnitId });
  const children = await listChildren(db, req.issuerUnitId, false);
  const byName = new Map(children.map((c) => [c.name, c.id]));
  const resolve = (name: string): number | null => byName.get(name.trim()) ?? null;

  const d = req.draft;
  const parent =
    req.mode === 'forward' && req.parentId !== undefined ? await repo.findNotice(db, req.parentId) : undefined;
  const content = noticeInputFromDraft(d, { resolve, forwards: parent, sourceFileName: req.sourceFileName });

  // The draft keeps the issuer's own name unless the document names the unit itself (or an alias).
  const names = [issuer.name, ...(await aliasesOf(db, req.issuerUnitId))];
  const issuerName = d.issuer && names.includes(d.issuer.trim()) ? d.issuer.trim() : undefined;
  const recipientUnitIds = [...new Set((d.recipients ?? []).map(resolve).filter((id): id is number => id !== null))];

  const input: NoticeInput & { title: string } = {
    ...content,
    recipientUnitIds,
    ...(issuerName !== undefined && { issuerName }),
  };
  if (req.mode === 'new') return createNotice(deps, ctx, req.campaignId, req.issuerUnitId, input);
  // A forward or plan belongs to the campaign of the notice it answers.
  return forwardNotice(deps, ctx, req.parentId ?? 0, req.mode, { ...input, confirmDuplicate: req.confirmDuplicate });
}
