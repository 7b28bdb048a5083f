import { api } from './client.ts';
import type { FormDefinition } from '../../../domain/forms/form.ts';

// Shapes of the campaign, notice and task answers (see the server's OpenAPI description).
export interface CampaignView {
  id: number;
  year: number;
  name: string;
  theme: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  slogans: string[];
  archived: boolean;
  ownerUnitId: number;
  version: number;
  can: { edit: boolean; clone: boolean };
}

export interface NoticeSection {
  number: string | null;
  heading: string;
  html: string;
}
export interface UnitRef {
  unitId: number | null;
  name: string;
}
export type ArrangementRole = 'lead' | 'responsible' | 'cooperating' | 'implementing';
export const ARRANGEMENT_ROLES: readonly ArrangementRole[] = ['lead', 'responsible', 'cooperating', 'implementing'];
export interface NoticeArrangement extends Record<ArrangementRole, UnitRef[]> {
  title: string;
  content: string;
  dueOn: string | null;
}
export interface NoticeContact {
  name: string | null;
  phone: string[];
  fax: string[];
  email: string[];
  address: string | null;
}
export interface NoticeWarning {
  code: string;
  message: string;
}
export type NoticeKind = 'notice' | 'forward' | 'plan';
export type ForwardKind = Exclude<NoticeKind, 'notice'>;

export interface NoticeCan {
  view: boolean;
  edit: boolean;
  issue: boolean;
  revise: boolean;
  sign: boolean;
  forward: boolean;
  view_signatures: boolean;
}

export interface NoticeRecipient {
  unitId: number;
  unitName: string;
  readAt: string | null;
  signedAt: string | null;
}

export interface NoticeView {
  id: number;
  campaignId: number;
  parentId: number | null;
  kind: NoticeKind;
  status: 'draft' | 'issued';
  issuerUnitId: number;
  issuerName: string;
  docNumber: string | null;
  title: string;
  issuedOn: string | null;
  deadline: string | null;
  theme: string | null;
  slogans: string[];
  coIssuers: string[];
  cites: { docNumber: string | null; title: string | null }[];
  sections: NoticeSection[];
  arrangements: NoticeArrangement[];
  requiredReports: string[];
  formCode: string | null;
  blockLate: boolean;
  contacts: NoticeContact[];
  attachments: { number: string | null; title: string }[];
  note: string | null;
  revision: number;
  changeNote: string | null;
  version: number;
  issuedAt: string | null;
  parent: { id: number; title: string; docNumber: string | null; deadline: string | null } | null;
  /** 收文登记: the unit that recorded this notice from a document received outside the platform. */
  recordedBy: { unitId: number; unitName: string } | null;
  recipients: NoticeRecipient[];
  warnings: NoticeWarning[];
  can: NoticeCan;
}

export interface InboxItem {
  id: number;
  title: string;
  docNumber: string | null;
  issuerName: string;
  issuedOn: string | null;
  deadline: string | null;
  recipientUnitId: number;
  read: boolean;
  signed: boolean;
  forwarded: boolean;
  /** The statistics form required (null: none), and this unit's report on it (null: not started). */
  formCode: string | null;
  /** The notice collects a report from the unit (a table or any other required part). */
  collects: boolean;
  report: { id: number; status: 'draft' | 'submitted' | 'returned' | 'accepted'; late: boolean } | null;
  /** 收文登记: the unit that recorded a notice received outside the platform (null: issued here). */
  recordedBy: string | null;
  /** The campaign is archived: read-only. */
  archived: boolean;
}

/** A row of 发文: the notice's list fields and its recipient counts. */
export interface OutboxItem {
  id: number;
  campaignId: number;
  parentId: number | null;
  kind: NoticeKind;
  status: 'draft' | 'issued';
  issuerUnitId: number;
  issuerName: string;
  docNumber: string | null;
  title: string;
  issuedOn: string | null;
  deadline: string | null;
  formCode: string | null;
  collects: boolean;
  blockLate: boolean;
  version: number;
  issuedAt: string | null;
  recipientCount: number;
  signedCount: number;
  recordedBy: string | null;
}

export interface CascadeNode {
  id: number;
  parentId: number | null;
  depth: number;
  kind: NoticeKind;
  status: string;
  unitId: number;
  unitName: string;
  issuerName: string;
  docNumber: string | null;
  title: string;
  issuedOn: string | null;
  deadline: string | null;
  recipients: number;
  signed: number;
  /** 收文登记: the unit that recorded it (null: written by its issuer). */
  recordedBy: string | null;
  /** How its recipients stand on the statistics table; null when the notice asks for none. */
  progress: { reported: number; expected: number; overdue: number } | null;
}

export type TaskState = 'open' | 'overdue' | 'closed';
export const TASK_STATES: readonly TaskState[] = ['open', 'overdue', 'closed'];

export interface TaskView {
  arrangementIndex: number;
  title: string;
  dueOn: string | null;
  role: ArrangementRole;
  unitId: number;
  unitName: string;
  state: TaskState;
  noticeId: number;
  noticeTitle: string;
  docNumber: string | null;
  issuerName: string;
  roleLabel: string;
}

/** The editable fields of a notice as the form sends them. */
export interface NoticeInput {
  issuerName?: string;
  docNumber?: string | null;
  title?: string;
  issuedOn?: string | null;
  deadline?: string | null;
  theme?: string | null;
  sections?: NoticeSection[];
  requiredReports?: string[];
  /** The statistics table the units fill in (with 统计表 among the required reports); null: none. */
  formCode?: string | null;
  /** 截止后不允许提交 (statistics table). */
  blockLate?: boolean;
  recipientUnitIds?: number[];
}

export const noticeKeys = {
  all: ['notices'] as const,
  inbox: ['notices', 'inbox'] as const,
  outbox: ['notices', 'outbox'] as const,
  forms: (campaignId: number | undefined) => ['notices', 'forms', campaignId ?? 0] as const,
  form: (code: string) => ['notices', 'form', code] as const,
  tasks: (role: ArrangementRole | undefined, state: TaskState | undefined) =>
    ['notices', 'tasks', role ?? '', state ?? ''] as const,
  detail: (id: number) => ['notices', 'detail', id] as const,
  tree: (id: number) => ['notices', 'tree', id] as const,
  campaigns: ['campaigns'] as const,
};

export async function listCampaigns(): Promise<CampaignView[]> {
  return (await api<{ items: CampaignView[] }>('/api/campaigns')).items;
}

export interface CampaignInput {
  year: number;
  name: string;
  theme: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  slogans: string[];
}

export function createCampaign(ownerUnitId: number, input: CampaignInput): Promise<CampaignView> {
  return api<CampaignView>('/api/campaigns', { method: 'POST', body: { ownerUnitId, ...input } });
}

export function updateCampaign(
  id: number,
  version: number,
  patch: Partial<CampaignInput> & { archived?: boolean },
): Promise<CampaignView> {
  return api<CampaignView>(`/api/campaigns/${id}`, { method: 'PATCH', body: { version, ...patch } });
}

/** A copy for a new year with its recipient lists and notice skeletons (as drafts). */
export function cloneCampaign(
  id: number,
  year: number,
  name: string,
): Promise<{ campaign: CampaignView; notices: number }> {
  return api<{ campaign: CampaignView; notices: number }>(`/api/campaigns/${id}/clone`, {
    method: 'POST',
    body: { year, name },
  });
}

export async function listInbox(): Promise<InboxItem[]> {
  return (await api<{ items: InboxItem[] }>('/api/notices/inbox')).items;
}

export async function listOutbox(): Promise<OutboxItem[]> {
  return (await api<{ items: OutboxItem[] }>('/api/notices/outbox')).items;
}

export async function listTasks(role: ArrangementRole | undefined, state: TaskState | undefined): Promise<TaskView[]> {
  return (await api<{ items: TaskView[] }>('/api/tasks', { query: { role, state } })).items;
}

export function getNotice(id: number): Promise<NoticeView> {
  return api<NoticeView>(`/api/notices/${id}`);
}

export async function getCascadeTree(id: number): Promise<CascadeNode[]> {
  return (await api<{ items: CascadeNode[] }>(`/api/notices/${id}/tree`)).items;
}

export function createNotice(
  campaignId: number,
  issuerUnitId: number,
  input: NoticeInput & { title: string },
): Promise<NoticeView> {
  return api<NoticeView>('/api/notices', { method: 'POST', body: { campaignId, issuerUnitId, ...input } });
}

export function forwardNotice(
  parentId: number,
  kind: ForwardKind,
  input: NoticeInput,
  confirmDuplicate = false,
): Promise<NoticeView> {
  return api<NoticeView>(`/api/notices/${parentId}/forward`, {
    method: 'POST',
    body: { kind, ...input, ...(confirmDuplicate && { confirmDuplicate: true }) },
  });
}

export function updateNotice(id: number, version: number, input: NoticeInput): Promise<NoticeView> {
  return api<NoticeView>(`/api/notices/${id}`, { method: 'PATCH', body: { version, ...input } });
}

export function issueNotice(id: number, version: number): Promise<NoticeView> {
  return api<NoticeView>(`/api/notices/${id}/issue`, { method: 'POST', body: { version } });
}

export function signNotice(id: number): Promise<NoticeView> {
  return api<NoticeView>(`/api/notices/${id}/sign`, { method: 'POST' });
}

export const docxUrl = (id: number): string => `/api/notices/${id}/docx`;

/** A statistics table a notice may carry (its newest version). */
export interface FormChoice {
  code: string;
  version: number;
  name: string;
  title: string;
  indicators: number;
  builtin: boolean;
}

export const listForms = (campaignId?: number): Promise<{ items: FormChoice[]; suggested: string | null }> =>
  api(`/api/forms${campaignId ? `?campaignId=${campaignId}` : ''}`);

export const getFormDefinition = (code: string): Promise<FormDefinition> =>
  api(`/api/forms/${encodeURIComponent(code)}`);
