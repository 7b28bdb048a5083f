import type { ParsedNotice } from '../notice-parser/parsed-notice.ts';
import type { ArrangementUnitRef, NoticeArrangementLike } from './notice-content.ts';

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface NoticeContentFields {
  sections: { number: string | null; heading: string; html: string }[];
  arrangements: NoticeArrangementLike[];
  contacts: ParsedNotice['contacts'];
  attachments: ParsedNotice['attachments'];
  cites: ParsedNotice['cites'];
  slogans: string[];
  coIssuers: string[];
}

/**
 * The structured content of a parsed notice as notice fields. Units named in arrangements are
 * resolved where resolveUnit knows them; the rest keep their name only (各县市区局).
 */
export function contentFromParsed(
  parsed: ParsedNotice,
  resolveUnit: (name: string) => number | null,
): NoticeContentFields {
  const refs = (names: string[]): ArrangementUnitRef[] => names.map((name) => ({ unitId: resolveUnit(name), name }));
  return {
    sections: parsed.sections.map((s) => ({
      number: s.number,
      heading: s.heading,
      html: s.items
        .map(
          (i) =>
            `<p>${i.number ? `${escapeHtml(i.number)}` : ''}${i.heading ? `<strong>${escapeHtml(i.heading)}</strong>` : ''}${escapeHtml(i.text)}</p>`,
        )
        .join(''),
    })),
    arrangements: parsed.arrangements.map((a) => ({
      title: a.title,
      content: a.text,
      dueOn: null,
      lead: refs(a.lead),
      responsible: refs(a.responsible),
      cooperating: refs(a.cooperating),
      implementing: refs(a.implementing),
    })),
    contacts: parsed.contacts,
    attachments: parsed.attachments,
    cites: parsed.cites,
    slogans: parsed.slogans,
    coIssuers: parsed.coIssuers,
  };
}
