import { api } from '../../api/client.ts';
import type { NoticeView } from '../../api/notices.api.ts';
import { uploadFile } from '../../shared/upload-file.ts';

// Shapes of POST /api/notices/parse and /api/notices/import (see the server's OpenAPI description).
export interface ParsedItem {
  number: string | null;
  heading: string | null;
  text: string;
}
export interface ParsedSection {
  number: string | null;
  heading: string;
  items: ParsedItem[];
}
export interface ParsedArrangement {
  title: string;
  text: string;
  lead: string[];
  responsible: string[];
  cooperating: string[];
  implementing: string[];
}
export interface ParsedContact {
  name: string | null;
  phone: string[];
  fax: string[];
  email: string[];
  address: string | null;
}
export interface ParsedNotice {
  title: string | null;
  docNumber: string | null;
  issuer: string | null;
  coIssuers: string[];
  issuedOn: string | null;
  recipients: string[];
  theme: string | null;
  period: { start: string; end: string } | null;
  deadline: string | null;
  requiredReports: string[];
  contacts: ParsedContact[];
  sections: ParsedSection[];
  arrangements: ParsedArrangement[];
  attachments: { number: string | null; title: string }[];
  slogans: string[];
  cites: { docNumber: string | null; title: string | null }[];
  forwarded: ParsedNotice | null;
}
export interface FieldHighlight {
  field: string;
  index?: number;
  start: number;
  end: number;
}
/** The headline fields whose value the parser weighed from several places in the text. */
export type WeighedField = 'title' | 'docNumber' | 'issuer' | 'issuedOn' | 'theme' | 'recipients';
export interface FieldCandidate {
  value: string | string[];
  score: number;
  sources: string[];
  lines: number[];
}
export interface ParseResult {
  parsed: ParsedNotice;
  /** How sure the parser is of each headline field (0..1). */
  confidence: Record<WeighedField, number>;
  /** The values weighed for each headline field, best first. */
  candidates: Record<WeighedField, FieldCandidate[]>;
  text: string;
  highlights: FieldHighlight[];
  /** The uploaded file as stored (a file upload only): sent back as sourceFileId so the draft keeps the original. */
  fileId?: string;
  /** The forwarded notice's fields, located in its own part of the text. */
  forwardedHighlights?: FieldHighlight[];
}

export type ImportMode = 'new' | 'received' | 'forward' | 'plan';
export const IMPORT_MODES: readonly ImportMode[] = ['new', 'received', 'forward', 'plan'];

export interface ImportDraft {
  title: string;
  docNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  deadline: string | null;
  theme: string | null;
  recipients: string[];
  requiredReports: string[];
  slogans: string[];
  sections: ParsedSection[];
  arrangements: ParsedArrangement[];
  contacts: ParsedContact[];
  attachments: { number: string | null; title: string }[];
  cites: { docNumber: string | null; title: string | null }[];
  coIssuers: string[];
}

/** 收文登记: who issued the document (a superior of the user's unit) and, for a 转发 letter, the notice it forwards. */
export interface ReceivedIssuerInput {
  fromUnitId?: number;
  issuerName?: string;
}
export interface ReceivedInput extends ReceivedIssuerInput {
  forwarded?: (ReceivedIssuerInput & { draft: ImportDraft }) | { existingId: number };
}

export interface ImportRequest {
  campaignId: number;
  issuerUnitId: number;
  mode: ImportMode;
  parentId?: number;
  confirmDuplicate?: boolean;
  received?: ReceivedInput;
  sourceFileName?: string;
  sourceFileId?: string;
  draft: ImportDraft;
}

export interface IssuerChoice {
  unitId: number;
  how: 'name' | 'prefix' | 'default';
  elsewhere: string | null;
}
export interface ReceivedIssuers {
  superiors: { unitId: number; name: string; aliases: string[] }[];
  letter: IssuerChoice | null;
  forwarded: IssuerChoice | null;
}

export function receivedIssuers(
  unitId: number,
  letter: string | null,
  forwarded: string | null | undefined,
): Promise<ReceivedIssuers> {
  const q = new URLSearchParams({ unitId: String(unitId) });
  if (letter) q.set('letter', letter);
  if (forwarded !== undefined) q.set('forwarded', forwarded ?? '');
  return api<ReceivedIssuers>(`/api/notices/import/issuers?${q.toString()}`);
}

export const NOTICE_FILE_MAX_MB = 20;

export function parseText(text: string, signal?: AbortSignal): Promise<ParseResult> {
  return api<ParseResult>('/api/notices/parse', { method: 'POST', body: { text }, ...(signal && { signal }) });
}

export function parseFile(file: File, csrfToken: string, signal?: AbortSignal): Promise<ParseResult> {
  return uploadFile<ParseResult>('/api/notices/parse', file, { csrfToken, ...(signal && { signal }) });
}

export function importNotice(request: ImportRequest): Promise<NoticeView> {
  return api<NoticeView>('/api/notices/import', { method: 'POST', body: request });
}
