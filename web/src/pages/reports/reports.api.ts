import { api } from '../../api/client.ts';
import type { Indicator } from '../../../../domain/forms/form.ts';

// Shapes of the report, completeness and roll-up answers (see the server's OpenAPI description).
export type ReportStatus = 'draft' | 'submitted' | 'returned' | 'accepted';
export type Figure = number | null;

export interface ReportSignature {
  reporter: string | null;
  reviewer: string | null;
  phone: string | null;
  date: string | null;
}
export interface ReportCan {
  view: boolean;
  edit: boolean;
  submit: boolean;
  return: boolean;
  accept: boolean;
  request_unlock: boolean;
  decide_unlock: boolean;
}

export type UnlockStatus = 'pending' | 'approved' | 'rejected';
export interface UnlockRequest {
  id: number;
  reportId: number;
  unitId: number;
  unitName: string;
  status: UnlockStatus;
  reason: string;
  requestedByName: string;
  createdAt: string;
  decisionNote: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  /** In the issuer's list: this user may approve or reject it. */
  canDecide?: boolean;
}

export interface ReportView {
  id: number | null;
  noticeId: number;
  unitId: number;
  unitName: string;
  status: ReportStatus;
  /** Null when the notice requires no statistics table. */
  form: { code: string; version: number } | null;
  /** What the notice requires of this report, and whether it is there. */
  parts: { kind: string; label: string; done: boolean }[];
  figures: Figure[];
  summary: string | null;
  explanation: string | null;
  signature: ReportSignature | null;
  version: number;
  late: boolean;
  onBehalf: boolean;
  submittedAt: string | null;
  acceptedAt: string | null;
  returnReason: string | null;
  /** The reviewer's comments on single figures when returning: indicator code → comment. */
  figureComments: Record<string, string> | null;
  deadline: string | null;
  blockLate: boolean;
  unlock: UnlockRequest | null;
  check: {
    cells: { code: string; label: string; message: string }[];
    rules: { expr: string; level: string; message: string; passed: boolean }[];
    blocking: boolean;
    needsExplanation: boolean;
  };
  changed: number[];
  can: ReportCan;
}

export interface DraftInput {
  version: number;
  figures: Figure[];
  summary: string | null;
  explanation: string | null;
  signature: ReportSignature | null;
}

export type CompletenessStatus = ReportStatus | 'not_started';
export interface ProgressCounts {
  expected: number;
  notStarted: number;
  draft: number;
  submitted: number;
  returned: number;
  accepted: number;
  late: number;
  overdue: number;
  onTimeRate: number | null;
}
export interface ContactPerson {
  name: string;
  phone: string | null;
  email: string | null;
}
export interface UnitContacts {
  phone: string | null;
  email: string | null;
  people: ContactPerson[];
  signedBy: { reporter: string | null; phone: string | null } | null;
}
export interface BelowNotice {
  noticeId: number;
  docNumber: string | null;
  title: string;
  deadline: string | null;
  progress: ProgressCounts;
  recipients: number;
  signed: number;
}
export interface CompletenessRow {
  unitId: number;
  unitName: string;
  status: CompletenessStatus;
  late: boolean;
  onBehalf: boolean;
  submittedAt: string | null;
  reportId: number | null;
  overdueDays: number | null;
  contacts: UnitContacts;
  below: BelowNotice[];
}
export interface Completeness extends ProgressCounts {
  deadline: string | null;
  cascade: ProgressCounts & { notices: number };
  rows: CompletenessRow[];
}
export interface LateBoardItem {
  noticeId: number;
  docNumber: string | null;
  issuerName: string;
  deadline: string;
  unitId: number;
  unitName: string;
  status: CompletenessStatus;
  reportId: number | null;
  overdueDays: number | null;
  submittedAt: string | null;
  contacts: UnitContacts;
}
export interface LateBoard {
  deadlinePassed: boolean;
  total: number;
  items: LateBoardItem[];
}

export type RollupBy = 'child' | 'province' | 'prefecture' | 'county';
export type RollupStatus = 'submitted' | 'accepted';
export interface RollupColumn {
  key: string;
  unitId: number;
  name: string;
  values: number[];
  covered: number;
  expected: number;
}
export interface RollupView {
  noticeId: number;
  by: RollupBy;
  status: RollupStatus;
  form: { code: string; version: number; name: string; title: string; indicators: Indicator[] } | null;
  total: { values: number[]; covered: number; expected: number };
  own: { unitName: string; values: number[] } | null;
  columns: RollupColumn[];
  /** Reports on another form layout, left out of the sums. */
  excluded?: number;
  empty: boolean;
}

/** 待审核: a submitted report, or a pending unlock request, on a notice the user's office issued. */
export interface ReviewQueueItem {
  kind: 'review' | 'unlock';
  reportId: number;
  noticeId: number;
  noticeTitle: string;
  docNumber: string | null;
  deadline: string | null;
  unitId: number;
  unitName: string;
  at: string;
  late: boolean;
}

export const listReviewQueue = (): Promise<ReviewQueueItem[]> => api<ReviewQueueItem[]>('/api/review-queue');

export const reportKeys = {
  all: ['reports'] as const,
  reviewQueue: ['reports', 'review-queue'] as const,
  report: (noticeId: number, unitId: number) => ['reports', 'one', noticeId, unitId] as const,
  completeness: (noticeId: number) => ['reports', 'completeness', noticeId] as const,
  lateBoard: (noticeId: number) => ['reports', 'late-board', noticeId] as const,
  unlocks: (noticeId: number) => ['reports', 'unlocks', noticeId] as const,
  rollup: (noticeId: number, by: RollupBy, status: RollupStatus) =>
    ['reports', 'rollup', noticeId, by, status] as const,
};

export const getReport = (noticeId: number, unitId: number): Promise<ReportView> =>
  api<ReportView>(`/api/notices/${noticeId}/reports/${unitId}`);

export const saveReport = (noticeId: number, unitId: number, input: DraftInput): Promise<ReportView> =>
  api<ReportView>(`/api/notices/${noticeId}/reports/${unitId}`, { method: 'PUT', body: input });

export const submitReport = (id: number, version: number): Promise<ReportView> =>
  api<ReportView>(`/api/reports/${id}/submit`, { method: 'POST', body: { version } });
export const returnReport = (
  id: number,
  version: number,
  reason: string,
  figureComments?: Record<string, string>,
): Promise<ReportView> =>
  api<ReportView>(`/api/reports/${id}/return`, {
    method: 'POST',
    body: { version, reason, ...(figureComments && Object.keys(figureComments).length > 0 && { figureComments }) },
  });

export const requestUnlock = (id: number, reason: string): Promise<ReportView> =>
  api<ReportView>(`/api/reports/${id}/unlock-requests`, { method: 'POST', body: { reason } });
export const listUnlockRequests = (noticeId: number): Promise<UnlockRequest[]> =>
  api<UnlockRequest[]>(`/api/notices/${noticeId}/unlock-requests`);
export const approveUnlock = (id: number): Promise<UnlockRequest> =>
  api<UnlockRequest>(`/api/unlock-requests/${id}/approve`, { method: 'POST', body: {} });
export const rejectUnlock = (id: number, note: string): Promise<UnlockRequest> =>
  api<UnlockRequest>(`/api/unlock-requests/${id}/reject`, { method: 'POST', body: { note } });
export const acceptReport = (id: number, version: number): Promise<ReportView> =>
  api<ReportView>(`/api/reports/${id}/accept`, { method: 'POST', body: { version } });

export const getCompleteness = (noticeId: number): Promise<Completeness> =>
  api<Completeness>(`/api/notices/${noticeId}/reports`);
export const getLateBoard = (noticeId: number): Promise<LateBoard> =>
  api<LateBoard>(`/api/notices/${noticeId}/late-board`);
export const getRollup = (noticeId: number, by: RollupBy, status: RollupStatus): Promise<RollupView> =>
  api<RollupView>(`/api/notices/${noticeId}/rollup`, { query: { by, status } });

export const reportXlsxUrl = (noticeId: number, unitId: number): string =>
  `/api/notices/${noticeId}/reports/${unitId}/xlsx`;
/** The roll-up file as on screen: the same columns, and only the region drilled into, if any. */
export const rollupFileUrl = (
  noticeId: number,
  format: 'xlsx' | 'csv',
  by: RollupBy,
  status: RollupStatus,
  region: number | null,
): string =>
  `/api/notices/${noticeId}/rollup.${format}?${new URLSearchParams({ by, status, ...(region !== null && { region: String(region) }) }).toString()}`;
