// The corrected draft of an imported notice (parser shape, units by name) as notice fields. Shared by the
// import modes that write a notice of one's own unit and by 收文登记 (a notice recorded for its issuer).
import type { NoticeSection as ParsedSection, ParsedNotice } from '../../domain/notice-parser/parsed-notice.ts';
import { contentFromParsed } from '../../domain/notices/from-parsed.ts';
import type { NoticeInput } from './notice.service.ts';

export interface ImportDraft {
  title: string;
  docNumber?: string | null | undefined;
  issuer?: string | null | undefined;
  issuedOn?: string | null | undefined;
  deadline?: string | null | undefined;
  theme?: string | null | undefined;
  recipients?: string[] | undefined;
  requiredReports?: string[] | undefined;
  slogans?: string[] | undefined;
  sections?: ParsedSection[] | undefined;
  arrangements?: ParsedNotice['arrangements'] | undefined;
  contacts?: ParsedNotice['contacts'] | undefined;
  attachments?: ParsedNotice['attachments'] | undefined;
  cites?: ParsedNotice['cites'] | undefined;
  coIssuers?: string[] | undefined;
}

export const ORIGINAL_PREFIX = '原件：';

export interface DraftOptions {
  /** Units named in arrangements, by exact name; the rest keep their names. */
  resolve: (name: string) => number | null;
  /** The notice a forward answers: listed as its first attachment unless the draft lists it already. */
  forwards?: { title: string; docNumber: string | null } | undefined;
  sourceFileName?: string | undefined;
}

/** The draft's content as NoticeInput (without issuer name and recipients, which depend on the mode). */
export function noticeInputFromDraft(d: ImportDraft, opts: DraftOptions): NoticeInput & { title: string } {
  const parsed: ParsedNotice = {
    title: d.title,
    docNumber: d.docNumber ?? null,
    issuer: null,
    coIssuers: d.coIssuers ?? [],
    issuedOn: d.issuedOn ?? null,
    recipients: [],
    theme: d.theme ?? null,
    period: null,
    deadline: d.deadline ?? null,
    requiredReports: [],
    contacts: d.contacts ?? [],
    sections: d.sections ?? [],
    arrangements: d.arrangements ?? [],
    attachments: d.attachments ?? [],
    slogans: d.slogans ?? [],
    cites: d.cites ?? [],
    tables: [],
    forwarded: null,
  };
  const content = contentFromParsed(parsed, opts.resolve);
  const attachments = [...content.attachments];
  const parent = opts.forwards;
  // A forward carries the notice it forwards as its first attachment (as forwardNotice would).
  if (parent && !attachments.some((a) => a.title.includes(parent.title))) {
    attachments.unshift({
      number: null,
      title: parent.docNumber ? `《${parent.title}》（${parent.docNumber}）` : `《${parent.title}》`,
    });
  }
  // The original file's name is kept so the notice says where it came from (the file itself is attached too).
  const source = opts.sourceFileName?.trim();
  if (source) attachments.push({ number: null, title: `${ORIGINAL_PREFIX}${source}`.slice(0, 200) });
  attachments.forEach((a, i) => {
    if (!a.title.startsWith(ORIGINAL_PREFIX)) a.number = String(i + 1);
  });
  return {
    title: d.title,
    docNumber: d.docNumber ?? null,
    issuedOn: d.issuedOn ?? null,
    deadline: d.deadline ?? null,
    theme: d.theme ?? null,
    slogans: content.slogans,
    coIssuers: content.coIssuers,
    cites: content.cites,
    sections: content.sections,
    arrangements: content.arrangements,
    contacts: content.contacts,
    attachments,
    ...(d.requiredReports !== undefined && { requiredReports: d.requiredReports }),
  };
}
