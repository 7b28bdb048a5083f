import type { DatePeriod, NoticeAttachment, ParsedNotice, ReportKind } from './parsed-notice.ts';
import { emptyNotice, REPORT_KINDS } from './parsed-notice.ts';
import { DocumentLines, sentences } from './document-lines.ts';
import { cleanSourceLines, collapse, sourceLines, squeeze } from './text-cleaner.ts';
import { cutoffDate, datesBefore, findPeriod, yearIn } from './dates.ts';
import { extractTables } from './tables.ts';
import { findTitle, issuerFromTitle, parseHead, parseSignature } from './heading-block.ts';
import { extractAttachmentBodies, extractAttachmentList, issuedPlanBodies } from './attachments.ts';
import { extractSlogans, themeLabel } from './slogans.ts';
import { extractContacts } from './contacts.ts';
import { buildSections } from './sections.ts';
import { extractArrangements } from './arrangements.ts';
import { extractCites } from './cites.ts';
import { requiredReports, SUBMISSION } from './reports.ts';
import { forwardedFromBody, splitForwarded } from './forwarding.ts';
import { isDocNumberLine, parseDocNumber } from './doc-number.ts';
import { collectCandidates } from './field-evidence.ts';
import type { WeighedField } from './field-evidence.ts';
import { weighFields, type WeighedCandidate } from './weigh-fields.ts';

export type { ParsedNotice } from './parsed-notice.ts';
export type { WeighedField } from './field-evidence.ts';
export type { WeighedCandidate } from './weigh-fields.ts';

/** How sure the parser is of each headline field (0..1), and the values it weighed for it, best first. */
export interface NoticeEvidence {
  confidence: Record<WeighedField, number>;
  candidates: Record<WeighedField, WeighedCandidate[]>;
}

const MAX_FORWARD_DEPTH = 3;

/** Parses the text of a received notice into a structured draft. Pure; never throws on odd input. */
export function parseNotice(text: string): ParsedNotice {
  return parseNoticeWithEvidence(text).notice;
}

/**
 * The structured draft, with the headline fields decided by weighing every candidate the text offers
 * (field-evidence.ts, weigh-fields.ts) against the structural parse, and the evidence behind them.
 */
export function parseNoticeWithEvidence(text: string): { notice: ParsedNotice; evidence: NoticeEvidence } {
  let source = sourceLines(text);
  const lines = cleanSourceLines(source);
  const notice = parseLines(lines, 0);
  let paragraphs = lines;
  // A forwarding letter speaks for itself only above the text it forwards.
  const forwardedTitle = notice.forwarded?.title ? squeeze(notice.forwarded.title) : null;
  const forwardedNumber = notice.forwarded?.docNumber ?? null;
  if (forwardedTitle || forwardedNumber) {
    // Its text starts at its own title or at its own number printed alone on a line.
    const starts = (l: string): boolean =>
      (forwardedTitle !== null && squeeze(l) === forwardedTitle) ||
      (forwardedNumber !== null && isDocNumberLine(l) && parseDocNumber(l) === forwardedNumber);
    const cut = (list: string[]): string[] => {
      const at = list.findIndex((l, i) => i > 3 && starts(l));
      return at > 0 ? list.slice(0, at) : list;
    };
    source = cut(source);
    paragraphs = cut(paragraphs);
  }
  const weighed = weighFields(
    collectCandidates(source, paragraphs, {
      title: notice.title,
      docNumber: notice.docNumber,
      issuer: notice.issuer,
      issuedOn: notice.issuedOn,
      theme: notice.theme,
      recipients: notice.recipients,
    }),
  );
  const text_ = (f: WeighedField): string | null => {
    const v = weighed.values[f]?.value;
    return typeof v === 'string' ? v : null;
  };
  notice.title = text_('title');
  notice.docNumber = text_('docNumber');
  const issuer = text_('issuer');
  if (issuer !== notice.issuer) notice.coIssuers = notice.coIssuers.filter((n) => n !== issuer);
  notice.issuer = issuer;
  notice.issuedOn = text_('issuedOn');
  notice.theme = text_('theme');
  const recipients = weighed.values.recipients?.value;
  notice.recipients = Array.isArray(recipients) ? recipients : [];
  return { notice, evidence: { confidence: weighed.confidence, candidates: weighed.candidates } };
}

function parseLines(lines: string[], depth: number): ParsedNotice {
  const probe = new DocumentLines(lines);
  const title = findTitle(probe);
  if (title && depth < MAX_FORWARD_DEPTH) {
    const ownNumber = parseHead(probe).docNumber;
    const split = splitForwarded(lines, title.title, title.index, ownNumber);
    if (split) {
      const notice = parseOwn(split.letter);
      notice.forwarded = split.forwarded
        ? parseLines(split.forwarded, depth + 1)
        : forwardedStub(split.forwardedTitle, split.forwardedNumber);
      return notice;
    }
  }
  const own = parseOwn(lines);
  if (depth === 0 && title === null) {
    const named = forwardedFromBody(lines);
    if (named) own.forwarded = forwardedStub(named.title, named.docNumber);
  }
  return own;
}

function forwardedStub(title: string | null, docNumber: string | null): ParsedNotice | null {
  if (title === null && docNumber === null) return null;
  const stub = emptyNotice();
  stub.title = title;
  stub.docNumber = docNumber;
  stub.issuer = title ? issuerFromTitle(title) : null;
  return stub;
}

interface Deadline {
  deadline: string | null;
  reports: ReportKind[];
}

/**
 * The deadline of the final report where a notice sets several (活动方案 by 9月5日, 活动总结 by 10月9日):
 * the first dated clause asking for a summary or the table, else the first dated one (or a 截止 date);
 * without any, no deadline. What must be reported is everything the dated clauses ask for.
 */
function findDeadline(doc: DocumentLines, year: number | null): Deadline {
  const dated: Deadline[] = [];
  let fallback: ReportKind[] | null = null;
  for (let i = 0; i < doc.length; i++) {
    if (!doc.isBody(i)) continue;
    const line = doc.line(i);
    if (!SUBMISSION.test(line)) continue;
    for (const sentence of sentences(line)) {
      if (!SUBMISSION.test(sentence)) continue;
      const before = datesBefore(sentence, year);
      // Each date owns its clause: from the comma after the previous date up to the next date's clause.
      const starts = before.map((b, k) => {
        const prev = before[k - 1];
        if (!prev) return 0;
        const comma = sentence.slice(prev.index, b.index).search(/[，；,;][^，；,;]*$/);
        return comma >= 0 ? prev.index + comma + 1 : b.index;
      });
      before.forEach((b, k) => {
        const clause = sentence.slice(starts[k], starts[k + 1] ?? sentence.length);
        if (SUBMISSION.test(clause)) dated.push({ deadline: b.iso, reports: requiredReports(clause) });
      });
      const cutoff = before.length === 0 ? cutoffDate(sentence, year) : null;
      if (cutoff) dated.push({ deadline: cutoff, reports: requiredReports(sentence) });
      if (fallback === null && /将.{1,120}(?:报送|上报|反馈|提交|报至)|^请.{0,40}(?:报送|上报|提交)/.test(sentence))
        fallback = requiredReports(sentence);
    }
  }
  const final = dated.find((d) => d.reports.includes('活动总结') || d.reports.includes('统计表')) ?? dated[0];
  if (!final) return { deadline: null, reports: fallback ?? [] };
  const asked = new Set(dated.flatMap((d) => d.reports));
  return { deadline: final.deadline, reports: REPORT_KINDS.filter((k) => asked.has(k)) };
}

function findActivityPeriod(
  doc: DocumentLines,
  sections: ParsedNotice['sections'],
  year: number | null,
): DatePeriod | null {
  for (const s of sections) {
    if (/时间|期间/.test(s.heading) && s.heading.length <= 8) {
      const p = findPeriod(s.items.map((it) => it.text).join('；'), year);
      if (p) return p;
    }
  }
  for (let i = 0; i < doc.length; i++) {
    const line = doc.line(i);
    const label = /(?:活动时间|活动期间|时间安排|开展时间)(?:[：:]|为|是)/.exec(line);
    if (label) {
      const p = findPeriod(line.slice(label.index + label[0].length), year);
      if (p) return p;
    }
    // "质量月"期间（9月1日—30日）: the dates in brackets after 期间.
    const during = /期间[（(]([^（）()]{3,30})[)）]/.exec(line);
    if (during) {
      const p = findPeriod(during[1] ?? '', year);
      if (p) return p;
    }
    const fixed = line.indexOf('定于');
    if (fixed >= 0) {
      const rest = line.slice(fixed + 2, fixed + 40);
      const stop = rest.search(/开展|举办|举行|组织/);
      const p = findPeriod(stop >= 0 ? rest.slice(0, stop) : rest, year);
      if (p) return p;
    }
  }
  return null;
}

const THEME_HEADING = /^(?:活动)?主题$/;

/** A 活动主题 section, or an item labelled so: （一）活动主题：筑牢质量根基 赋能高质量发展。 */
function findTheme(sections: ParsedNotice['sections']): string | null {
  const section = sections.find((s) => THEME_HEADING.test(squeeze(s.heading)));
  const text =
    section?.items[0]?.text ??
    sections.flatMap((s) => s.items).find((it) => THEME_HEADING.test(squeeze(it.heading ?? '')))?.text;
  return text ? collapse(text).replace(/[。；]$/, '') : null;
}

function parseOwn(lines: string[]): ParsedNotice {
  const doc = new DocumentLines(lines);
  const notice = emptyNotice();
  notice.tables = extractTables(doc);
  const head = parseHead(doc);
  const list = extractAttachmentList(doc);
  const bodies = extractAttachmentBodies(doc);
  const slogans = extractSlogans(doc);
  notice.contacts = extractContacts(doc);
  const signature = parseSignature(doc);

  notice.title = head.title;
  notice.docNumber = head.docNumber;
  notice.recipients = head.recipients;
  notice.issuedOn = head.issuedOn ?? signature.issuedOn;
  notice.slogans = slogans.slogans;

  const names = signature.names;
  notice.issuer = head.issuer ?? names[0] ?? null;
  if (names.length > 1) notice.coIssuers = names.filter((n) => n !== notice.issuer);
  else if (head.coIssuers.length > 0) notice.coIssuers = head.coIssuers;

  // A collection of attachment bodies whose first label is missing (its body opens the text).
  const firstBody = bodies[0];
  const leadingBody =
    head.title === null &&
    head.recipients.length === 0 &&
    list.length === 0 &&
    firstBody !== undefined &&
    Number(firstBody.number) > 1;
  const built = buildSections(doc, bodies, leadingBody, issuedPlanBodies(doc, bodies, head.title));
  notice.sections = built.sections;

  let attachments: NoticeAttachment[] = list;
  if (attachments.length === 0) {
    attachments = bodies.filter((b) => b.title !== null).map((b) => ({ number: b.number, title: b.title ?? '' }));
    const firstSection = built.sections[0];
    if (leadingBody && firstBody && firstSection && built.attachmentSections.has(firstSection)) {
      attachments.unshift({ number: String(Number(firstBody.number) - 1), title: firstSection.heading });
    }
  }
  notice.attachments = attachments;
  notice.arrangements = extractArrangements(built.sections, built.attachmentSections, built.roleLines, notice.tables);

  notice.theme = findTheme(built.sections) ?? slogans.theme ?? themeLabel(doc);

  const year =
    (notice.issuedOn ? Number(notice.issuedOn.slice(0, 4)) : null) ??
    (notice.docNumber ? yearIn(notice.docNumber) : null) ??
    (notice.title ? yearIn(notice.title) : null) ??
    yearIn(lines.slice(0, 40).join('\n'));
  const deadline = findDeadline(doc, year);
  notice.deadline = deadline.deadline;
  notice.requiredReports = deadline.reports;
  notice.period = findActivityPeriod(doc, built.sections, year);

  const skip = new Set<number>();
  if (head.titleIndex >= 0) skip.add(head.titleIndex);
  notice.cites = extractCites(doc, notice.docNumber, notice.title, skip);
  return notice;
}
