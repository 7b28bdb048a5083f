import {
  addCounts,
  countProgress,
  daysOverdue,
  deadlinePassed,
  emptyCounts,
  owesReport,
  type ProgressCounts,
  type ProgressStatus,
} from '../../domain/reports/completeness.ts';
import { todayInShanghai } from '../../domain/i18n/format.ts';
import * as repo from '../db/repositories/completeness.repository.ts';
import * as notices from '../db/repositories/notice.repository.ts';
import type { DbOrTx } from '../db/tx.ts';
import { requireNotice } from './notice.service.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

export type UnitContacts = repo.UnitContactRow & {
  /** 填报人 and 联系电话 as signed on the submitted table. */
  signedBy: { reporter: string | null; phone: string | null } | null;
};

/** A notice a recipient issued below this one (转发 or 印发方案), with how its own recipients stand. */
export interface BelowNotice {
  noticeId: number;
  docNumber: string | null;
  title: string;
  deadline: string | null;
  progress: ProgressCounts;
  /** Its recipients, and how many have signed for it (or acted on it). */
  recipients: number;
  signed: number;
}

export interface CompletenessRow {
  unitId: number;
  unitName: string;
  status: ProgressStatus;
  late: boolean;
  onBehalf: boolean;
  submittedAt: string | null;
  reportId: number | null;
  /** Days past the deadline while the report is still owed. */
  overdueDays: number | null;
  contacts: UnitContacts;
  below: BelowNotice[];
}

export interface Completeness extends ProgressCounts {
  deadline: string | null;
  /** The whole cascade below and including this notice, as far as the actor may see. */
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
  status: ProgressStatus;
  reportId: number | null;
  /** Still owed, this many days after the deadline; null when it came in late. */
  overdueDays: number | null;
  submittedAt: string | null;
  contacts: UnitContacts;
}

export interface LateBoard {
  deadlinePassed: boolean;
  total: number;
  items: LateBoardItem[];
}

/** A national board is long; the page shows the worst this many and says how many there are. */
export const LATE_BOARD_LIMIT = 500;

/**
 * The issued notices of the cascade from this one down. Whoever may see the root's signatures may see
 * every issued notice below it (they stand under notices its unit issued or received); drafts stay their issuer's.
 */
async function issuedCascade(db: DbOrTx, root: notices.NoticeRow): Promise<notices.NoticeRow[]> {
  return (await notices.subtree(db, root)).filter((n) => n.id === root.id || n.status === 'issued');
}

const signedBy = (r: repo.RecipientProgressRow): UnitContacts['signedBy'] =>
  (r.status === 'draft' && !r.onBehalf) || r.status === 'not_started' || !r.signature
    ? null
    : { reporter: r.signature.reporter, phone: r.signature.phone };

const noContacts: repo.UnitContactRow = { phone: null, email: null, people: [] };

/** 填报情况: who has reported on a notice, for its issuer and the offices above it, with each recipient's own cascade below. */
export async function completeness(deps: AppDeps, ctx: RequestCtx, noticeId: number): Promise<Completeness> {
  const { db } = deps.database;
  const { notice } = await requireNotice(db, ctx, noticeId, 'view_signatures');
  const today = todayInShanghai();
  const [recipients, cascade] = await Promise.all([repo.recipientProgress(db, noticeId), issuedCascade(db, notice)]);
  const [groups, contacts, signed] = await Promise.all([
    repo.progressGroups(
      db,
      cascade.map((n) => n.id),
    ),
    repo.unitContacts(
      db,
      recipients.map((r) => r.unitId),
    ),
    notices.signedCounts(
      db,
      cascade.filter((n) => n.parentId === notice.id).map((n) => n.id),
    ),
  ]);
  const progressOf = (n: notices.NoticeRow): ProgressCounts =>
    countProgress(groups.get(n.id) ?? [], deadlinePassed(n.deadline, today));

  const below = new Map<number, BelowNotice[]>();
  for (const n of cascade) {
    if (n.parentId !== notice.id) continue;
    below.set(n.issuerUnitId, [
      ...(below.get(n.issuerUnitId) ?? []),
      {
        noticeId: n.id,
        docNumber: n.docNumber,
        title: n.title,
        deadline: n.deadline,
        progress: progressOf(n),
        recipients: signed.get(n.id)?.recipients ?? 0,
        signed: signed.get(n.id)?.signed ?? 0,
      },
    ]);
  }
  let total = emptyCounts();
  for (const n of cascade) total = addCounts(total, groups.get(n.id) ?? [], deadlinePassed(n.deadline, today));

  const rows: CompletenessRow[] = recipients.map((r) => ({
    unitId: r.unitId,
    unitName: r.unitName,
    status: r.status,
    late: r.late && !owesReport(r.status),
    onBehalf: r.onBehalf,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    reportId: r.reportId,
    overdueDays: daysOverdue(notice.deadline, today, r.status),
    contacts: { ...(contacts.get(r.unitId) ?? noContacts), signedBy: signedBy(r) },
    below: below.get(r.unitId) ?? [],
  }));
  return { ...progressOf(notice), deadline: notice.deadline, cascade: { ...total, notices: cascade.length }, rows };
}

/** 逾期榜: across the cascade from this notice down, who is overdue (longest first) and who reported late, with whom to call. */
export async function lateBoard(deps: AppDeps, ctx: RequestCtx, noticeId: number): Promise<LateBoard> {
  const { db } = deps.database;
  const { notice } = await requireNotice(db, ctx, noticeId, 'view_signatures');
  const today = todayInShanghai();
  const cascade = (await issuedCascade(db, notice)).filter((n) => n.status === 'issued');
  const byId = new Map(cascade.map((n) => [n.id, n]));
  const { rows, total } = await repo.lateRows(
    db,
    cascade.map((n) => n.id),
    today,
    LATE_BOARD_LIMIT,
  );
  const contacts = await repo.unitContacts(
    db,
    rows.map((r) => r.unitId),
  );
  return {
    deadlinePassed: cascade.some((n) => deadlinePassed(n.deadline, today)),
    total,
    items: rows.map((r) => ({
      noticeId: r.noticeId,
      docNumber: byId.get(r.noticeId)?.docNumber ?? null,
      issuerName: byId.get(r.noticeId)?.issuerName ?? '',
      deadline: r.deadline,
      unitId: r.unitId,
      unitName: r.unitName,
      status: r.status,
      reportId: r.reportId,
      overdueDays: daysOverdue(r.deadline, today, r.status),
      submittedAt: r.submittedAt?.toISOString() ?? null,
      contacts: { ...(contacts.get(r.unitId) ?? noContacts), signedBy: signedBy(r) },
    })),
  };
}
