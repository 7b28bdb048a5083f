import type { ImportDraft, ParsedArrangement, ParsedNotice } from './notice-import.api.ts';

/** The draft as the form edits it: lists of names as tags, section items and slogans as lines. */
export interface DraftValues {
  title: string;
  docNumber: string;
  issuer: string;
  issuedOn: string | null;
  deadline: string | null;
  recipients: string[];
  theme: string;
  requiredReports: string[];
  sections: { number: string | null; heading: string; text: string }[];
  arrangements: ParsedArrangement[];
  contacts: { name: string; phone: string; fax: string; email: string; address: string }[];
  attachments: { title: string }[];
  slogans: string;
  cites: { docNumber: string; title: string }[];
  coIssuers: string[];
}

const lines = (s: string | undefined): string[] =>
  (s ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const list = (s: string | undefined): string[] =>
  (s ?? '')
    .split(/[,，、;；\s]+/)
    .map((l) => l.trim())
    .filter(Boolean);
const orNull = (s: string | undefined | null): string | null => (s ?? '').trim() || null;
const names = (v: string[] | undefined): string[] => (v ?? []).map((n) => n.trim()).filter(Boolean);

export function valuesFromParsed(p: ParsedNotice): DraftValues {
  return {
    title: p.title ?? '',
    docNumber: p.docNumber ?? '',
    issuer: p.issuer ?? '',
    issuedOn: p.issuedOn,
    deadline: p.deadline,
    recipients: p.recipients,
    theme: p.theme ?? '',
    requiredReports: p.requiredReports,
    sections: p.sections.map((s) => ({
      number: s.number,
      heading: s.heading,
      text: s.items.map((i) => `${i.number ?? ''}${i.heading ?? ''}${i.text}`).join('\n'),
    })),
    arrangements: p.arrangements.map((a) => ({ ...a })),
    contacts: p.contacts.map((c) => ({
      name: c.name ?? '',
      phone: c.phone.join('，'),
      fax: c.fax.join('，'),
      email: c.email.join('，'),
      address: c.address ?? '',
    })),
    attachments: p.attachments.map((a) => ({ title: a.title })),
    slogans: p.slogans.join('\n'),
    cites: p.cites.map((c) => ({ docNumber: c.docNumber ?? '', title: c.title ?? '' })),
    coIssuers: p.coIssuers,
  };
}

/** The edited values as the import API takes them (numbers of items and attachments as the form shows them). */
export function draftFromValues(v: DraftValues): ImportDraft {
  return {
    title: v.title.trim(),
    docNumber: orNull(v.docNumber),
    issuer: orNull(v.issuer),
    issuedOn: v.issuedOn ?? null,
    deadline: v.deadline ?? null,
    theme: orNull(v.theme),
    recipients: names(v.recipients),
    requiredReports: v.requiredReports ?? [],
    sections: (v.sections ?? [])
      .filter((s) => (s.heading ?? '').trim() || (s.text ?? '').trim())
      .map((s) => ({
        number: s.number ?? null,
        heading: (s.heading ?? '').trim(),
        items: lines(s.text).map((text) => ({ number: null, heading: null, text })),
      })),
    arrangements: (v.arrangements ?? [])
      .filter((a) => (a.title ?? '').trim() || (a.text ?? '').trim())
      .map((a) => ({
        title: (a.title ?? '').trim(),
        text: (a.text ?? '').trim(),
        lead: names(a.lead),
        responsible: names(a.responsible),
        cooperating: names(a.cooperating),
        implementing: names(a.implementing),
      })),
    contacts: (v.contacts ?? [])
      .filter((c) => Object.values(c).some((x) => (x ?? '').trim()))
      .map((c) => ({
        name: orNull(c.name),
        phone: list(c.phone),
        fax: list(c.fax),
        email: list(c.email),
        address: orNull(c.address),
      })),
    attachments: (v.attachments ?? [])
      .filter((a) => (a.title ?? '').trim())
      .map((a, i) => ({ number: String(i + 1), title: a.title.trim() })),
    slogans: lines(v.slogans),
    cites: (v.cites ?? [])
      .filter((c) => (c.docNumber ?? '').trim() || (c.title ?? '').trim())
      .map((c) => ({ docNumber: orNull(c.docNumber), title: orNull(c.title) })),
    coIssuers: names(v.coIssuers),
  };
}
