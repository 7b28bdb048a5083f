import { DomainError } from '../../domain/errors/domain-error.ts';
import { checkFigures, type Figure, type FiguresCheck } from '../../domain/forms/figures-validation.ts';
import type { FormDefinition } from '../../domain/forms/form.ts';
import { formatDateTimeCn, todayInShanghai } from '../../domain/i18n/format.ts';
import {
  canOnReport,
  changedFigures,
  FIGURE_COMMENT_MAX,
  figureCommentProblems,
  lateSubmission,
  normalizeFigureComments,
  reportCan,
  type ReportAction,
  type ReportCan,
  type ReportResource,
  type ReportStatus,
} from '../../domain/reports/report.policy.ts';
import {
  collects,
  missingParts,
  needsCounts,
  partStatus,
  requiredParts,
  type PartStatus,
} from '../../domain/reports/required-parts.ts';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import { markActed } from '../db/repositories/notice.repository.ts';
import * as repo from '../db/repositories/report.repository.ts';
import type { FigureComments, ReportSignature } from '../db/schema.ts';
import type { DbOrTx } from '../db/tx.ts';
import { getForm } from './form.service.ts';
import { notifyReportReviewed } from './notification.service.ts';
import { sanitizeRichText } from './rich-text.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';
import { requireNotice } from './notice.service.ts';
import { staleEditError } from './stale-edit.ts';

export interface UnlockRequestView {
  id: number;
  reportId: number;
  unitId: number;
  unitName: string;
  status: 'pending' | 'approved' | 'rejected';
  reason: string;
  requestedByName: string;
  createdAt: string;
  decisionNote: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
}

export interface ReportView {
  id: number | null;
  noticeId: number;
  unitId: number;
  unitName: string;
  status: ReportStatus;
  /** Null when the notice requires no statistics table. */
  form: { code: string; version: number } | null;
  /** What the notice requires of this report, and whether it is there yet. */
  parts: PartStatus[];
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
  figureComments: FigureComments | null;
  /** Submitting after the deadline is refused (the issuer blocked late submissions). */
  deadline: string | null;
  blockLate: boolean;
  check: {
    cells: { code: string; label: string; message: string }[];
    rules: { expr: string; level: string; message: string; passed: boolean }[];
    blocking: boolean;
    needsExplanation: boolean;
  };
  /** Indices of figures changed since the submission that was returned. */
  changed: number[];
  /** The latest request to reopen this accepted report, if any (only filled in while it is accepted). */
  unlock: UnlockRequestView | null;
  can: ReportCan;
}

interface Context {
  notice: repo.ReportContextRow['notice'];
  form: FormDefinition | null;
  resource: ReportResource;
  unitName: string;
  archived: boolean;
  existing: repo.ReportRow | undefined;
}

// Form versions never change once registered, so each is read once per database.
const formCache = new WeakMap<object, Map<string, FormDefinition>>();

async function formOf(deps: AppDeps, db: DbOrTx, code: string, version: number): Promise<FormDefinition> {
  let byKey = formCache.get(deps.database);
  if (!byKey) {
    byKey = new Map();
    formCache.set(deps.database, byKey);
  }
  const key = `${code}@${version}`;
  const hit = byKey.get(key);
  if (hit) return hit;
  const form = await getForm(db, code, version);
  byKey.set(key, form);
  return form;
}

async function contextOf(
  deps: AppDeps,
  db: DbOrTx,
  row: repo.ReportContextRow | undefined,
  unitId: number,
): Promise<Context> {
  if (!row || row.notice.status !== 'issued') throw new DomainError('NOTICE_NOT_FOUND');
  const { notice } = row;
  if (!collects(notice)) throw new DomainError('REPORT_NOT_REQUIRED');
  if (row.recipientUnitName === null) throw new DomainError('REPORT_NOT_RECIPIENT');
  const existing = row.report ?? undefined;
  const formCode = existing ? existing.formCode : notice.formCode;
  let form: FormDefinition | null = null;
  if (formCode) {
    const version = existing?.formVersion ?? row.latestFormVersion;
    if (version === null) throw new DomainError('FORM_NOT_FOUND', { code: formCode });
    // A report keeps the form version it was started with.
    form = await formOf(deps, db, formCode, version);
  }
  const status = existing ? (existing.status as ReportStatus) : 'draft';
  return {
    notice,
    form,
    existing,
    unitName: row.recipientUnitName,
    archived: row.archived,
    resource: {
      unitId,
      status,
      issuerUnitId: notice.issuerUnitId,
      aboveIssuerUnitIds: row.aboveIssuerUnitIds,
      onBehalf: existing?.onBehalf ?? false,
    },
  };
}

const contextFor = async (deps: AppDeps, db: DbOrTx, noticeId: number, unitId: number): Promise<Context> =>
  contextOf(deps, db, await repo.contextByNoticeUnit(db, noticeId, unitId), unitId);

async function contextOfReport(
  deps: AppDeps,
  db: DbOrTx,
  reportId: number,
): Promise<Context & { existing: repo.ReportRow }> {
  const row = await repo.contextByReport(db, reportId);
  if (!row?.report) throw new DomainError('REPORT_NOT_FOUND');
  const c = await contextOf(deps, db, row, row.report.unitId);
  return { ...c, existing: row.report };
}

const LOCKED_ACTIONS: readonly ReportAction[] = ['edit', 'submit'];

function authorize(ctx: RequestCtx, action: ReportAction, c: Context): void {
  if (!canOnReport(ctx.actor, 'view', c.resource) && !canOnReport(ctx.actor, action, c.resource))
    throw new DomainError('REPORT_NOT_FOUND');
  if (action !== 'view' && c.archived) throw new DomainError('CAMPAIGN_ARCHIVED');
  if (!canOnReport(ctx.actor, action, c.resource)) {
    if (LOCKED_ACTIONS.includes(action) && (c.resource.status === 'submitted' || c.resource.status === 'accepted'))
      throw new DomainError('REPORT_LOCKED', { status: c.resource.status });
    if ((action === 'request_unlock' || action === 'decide_unlock') && c.resource.status !== 'accepted')
      throw new DomainError('REPORT_NOT_LOCKED');
    throw new DomainError('FORBIDDEN');
  }
}

const unlockView = (u: repo.UnlockRequestListRow): UnlockRequestView => ({
  id: u.id,
  reportId: u.reportId,
  unitId: u.unitId,
  unitName: u.unitName,
  status: u.status as UnlockRequestView['status'],
  reason: u.reason,
  requestedByName: u.requestedByName,
  createdAt: u.createdAt.toISOString(),
  decisionNote: u.decisionNote,
  decidedByName: u.decidedByName,
  decidedAt: u.decidedAt?.toISOString() ?? null,
});

const NO_CHECK: FiguresCheck = { cells: [], rules: [], blocking: false, needsExplanation: false };
const checkOf = (form: FormDefinition | null, figures: Figure[]): FiguresCheck =>
  form ? checkFigures(form, figures) : NO_CHECK;
const codesOf = (form: FormDefinition | null): string[] => form?.indicators.map((i) => i.code) ?? [];
const hasText = (html: string | null | undefined): boolean => !!html && html.replace(/<[^>]*>|&nbsp;|\s/g, '') !== '';

/** The required parts with what the report holds; counted in the database only when the notice asks for more than the summary and table. */
async function partsOf(db: DbOrTx, c: Context, r: repo.ReportRow | undefined): Promise<PartStatus[]> {
  const parts = requiredParts(c.notice.requiredReports, c.form !== null);
  if (parts.length === 0) return [];
  const counted = needsCounts(parts)
    ? await repo.partCounts(db, c.notice.id, c.resource.unitId, r?.id ?? null)
    : { progress: 0, cases: 0, photos: 0, videos: 0, stamped: 0, fileLabels: [] };
  return partStatus(parts, {
    ...counted,
    summary: hasText(r?.summary),
    started: r !== undefined,
  });
}

function view(
  ctx: RequestCtx,
  c: Context,
  r: repo.ReportRow | undefined,
  parts: PartStatus[],
  unlock: UnlockRequestView | null = null,
): ReportView {
  const figures = r?.figures ?? c.form?.indicators.map(() => null) ?? [];
  const check = checkOf(c.form, figures);
  const can = reportCan(ctx.actor, c.resource);
  return {
    id: r?.id ?? null,
    noticeId: c.notice.id,
    unitId: c.resource.unitId,
    unitName: c.unitName,
    status: c.resource.status,
    form: c.form ? { code: c.form.code, version: c.form.version } : null,
    parts,
    figures,
    summary: r?.summary ?? null,
    explanation: r?.explanation ?? null,
    signature: r?.signature ?? null,
    version: r?.version ?? 0,
    late: r?.late ?? false,
    onBehalf: r?.onBehalf ?? false,
    submittedAt: r?.submittedAt?.toISOString() ?? null,
    acceptedAt: r?.acceptedAt?.toISOString() ?? null,
    returnReason: r?.returnReason ?? null,
    figureComments: normalizeFigureComments(codesOf(c.form), r?.figureComments ?? undefined),
    deadline: c.notice.deadline,
    blockLate: c.notice.blockLate,
    check: { ...check, rules: check.rules.map((x) => ({ ...x.rule, passed: x.passed })) },
    changed: changedFigures(r?.submittedFigures ?? null, figures),
    unlock,
    can: c.archived
      ? {
          ...can,
          edit: false,
          submit: false,
          return: false,
          accept: false,
          request_unlock: false,
          decide_unlock: false,
        }
      : {
          ...can,
          request_unlock: can.request_unlock && unlock?.status !== 'pending',
          decide_unlock: can.decide_unlock && unlock?.status === 'pending',
        },
  };
}

const isMember = (ctx: RequestCtx, unitId: number): boolean => ctx.actor.grants.some((g) => g.unitId === unitId);
const isIssuerStaff = (ctx: RequestCtx, c: Context): boolean =>
  ctx.actor.grants.some((g) => g.unitId === c.resource.issuerUnitId && (g.role === 'admin' || g.role === 'reviewer'));

export async function getReport(deps: AppDeps, ctx: RequestCtx, noticeId: number, unitId: number): Promise<ReportView> {
  const { db } = deps.database;
  const c = await contextFor(deps, db, noticeId, unitId);
  authorize(ctx, 'view', c);
  const latest =
    c.existing?.status === 'accepted' ? (await repo.unlockRequests(db, { reportId: c.existing.id }))[0] : undefined;
  return view(ctx, c, c.existing, await partsOf(db, c, c.existing), latest ? unlockView(latest) : null);
}

export interface DraftInput {
  version: number;
  figures: Figure[];
  summary?: string | null | undefined;
  explanation?: string | null | undefined;
  signature?: ReportSignature | null | undefined;
}

/** Saves the draft as typed (autosave): problems are reported back, never a reason to lose input. */
export async function saveDraft(
  deps: AppDeps,
  ctx: RequestCtx,
  noticeId: number,
  unitId: number,
  input: DraftInput,
): Promise<ReportView> {
  // One statement writes the draft and its audit entry, so autosave needs no transaction of its own.
  const result = await saveDraftIn(deps, deps.database.db, ctx, noticeId, unitId, input);
  deps.sealer.nudge();
  return result;
}

/** saveDraft on the pool or inside the caller's transaction (a bulk import saves and submits a unit's table in one). */
export async function saveDraftIn(
  deps: AppDeps,
  tx: DbOrTx,
  ctx: RequestCtx,
  noticeId: number,
  unitId: number,
  input: DraftInput,
  auditExtra: Record<string, unknown> = {},
): Promise<ReportView> {
  const c = await contextFor(deps, tx, noticeId, unitId);
  const { existing } = c;
  authorize(ctx, 'edit', c);
  const expected = c.form?.indicators.length ?? 0;
  if (input.figures.length !== expected)
    throw new DomainError('REPORT_FIGURES_LENGTH', { expected, got: input.figures.length });
  const fields: repo.DraftFields = {
    figures: input.figures,
    summary: input.summary === undefined || input.summary === null ? input.summary : sanitizeRichText(input.summary),
    explanation: input.explanation,
    signature: input.signature,
    updatedBy: ctx.actor.userId,
    onBehalf: !isMember(ctx, unitId),
  };
  const audit = (version: number): repo.ReportAudit => ({
    actorUserId: ctx.actor.userId,
    actorName: ctx.actor.username,
    action: 'report.save',
    summary: { noticeId, version, ...auditExtra },
    ip: ctx.ip,
  });
  let row: repo.ReportRow | undefined;
  if (!existing) {
    if (input.version !== 0) throw await staleEditError(tx, 'report', 0);
    row = await repo.insertDraft(
      tx,
      { noticeId, unitId, formCode: c.form?.code ?? null, formVersion: c.form?.version ?? null },
      fields,
      audit(1),
    );
    if (!row) throw await staleEditError(tx, 'report', 0);
    // Starting the report is acting on the notice: it counts as signed if the unit never pressed 签收.
    await markActed(tx, noticeId, unitId, ctx.actor.userId);
  } else {
    row = await repo.updateDraft(tx, existing.id, input.version, fields, audit(input.version + 1));
    if (!row) throw await staleEditError(tx, 'report', existing.id);
  }
  return view(ctx, c, row, await partsOf(tx, c, row));
}

interface TransitionInput {
  reason?: string | undefined;
  figureComments?: Record<string, string> | undefined;
}

async function transition(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
  version: number,
  action: 'submit' | 'return' | 'accept',
  input: TransitionInput = {},
): Promise<ReportView> {
  // Read and checked before the transaction opens: the version compare-and-set below still guards the write.
  const c = await contextOfReport(deps, deps.database.db, id);
  // A submit is one statement (write, audit entry, roll-up drop); return and accept also write a notification.
  const { db } = deps.database;
  const result =
    action === 'submit'
      ? await transitionIn(deps, db, ctx, id, version, action, input, c)
      : await db.transaction((tx) => transitionIn(deps, tx, ctx, id, version, action, input, c));
  deps.sealer.nudge();
  return result;
}

/** A status change in the caller's transaction, or on the pool for a submit (a single statement). */
export async function transitionIn(
  deps: AppDeps,
  tx: DbOrTx,
  ctx: RequestCtx,
  id: number,
  version: number,
  action: 'submit' | 'return' | 'accept',
  input: TransitionInput = {},
  read?: Context & { existing: repo.ReportRow },
): Promise<ReportView> {
  const c = read ?? (await contextOfReport(deps, tx, id));
  const { existing } = c;
  authorize(ctx, action, c);
  if (existing.version !== version) throw await staleEditError(tx, 'report', id);
  const reason = input.reason?.trim();
  let figureComments: FigureComments | null = null;
  let after: ReportStatus;
  let marks: Record<string, true> = {};
  let write: (audit: repo.ReportAudit) => Promise<repo.ReportRow | undefined>;
  if (action === 'submit') {
    const missing = missingParts(await partsOf(tx, c, existing));
    if (missing.length) throw new DomainError('REPORT_PARTS_MISSING', { missing: missing.join('、') });
    const check = checkOf(c.form, existing.figures);
    const bad = check.cells.length + check.rules.filter((r) => !r.passed && r.rule.level === 'error').length;
    if (bad) throw new DomainError('REPORT_INVALID', { count: bad, cells: check.cells });
    if (check.needsExplanation && !existing.explanation?.trim()) {
      throw new DomainError('REPORT_EXPLANATION_REQUIRED', {
        rules: check.rules
          .filter((r) => !r.passed && r.rule.level === 'explain')
          .map((r) => r.rule.message)
          .join('；'),
      });
    }
    const { late, blocked } = lateSubmission(c.notice.deadline, todayInShanghai(), {
      blockLate: c.notice.blockLate,
      resubmission: existing.status === 'returned',
      byIssuer: !isMember(ctx, existing.unitId) && isIssuerStaff(ctx, c),
    });
    if (blocked) throw new DomainError('REPORT_DEADLINE_PASSED', { deadline: c.notice.deadline });
    const onBehalf = !isMember(ctx, existing.unitId);
    after = 'submitted';
    marks = { ...(onBehalf && { onBehalf: true }), ...(late && { late: true }) };
    // The reviewer's comments answered the last return; they live on in that return's audit entry.
    write = (audit) => repo.submitReport(tx, id, version, { submittedBy: ctx.actor.userId, late, onBehalf }, audit);
  } else {
    let patch: Partial<repo.NewReport>;
    if (action === 'return') {
      if (!reason) throw new DomainError('REPORT_RETURN_REASON_REQUIRED');
      const codes = codesOf(c.form);
      const problems = figureCommentProblems(codes, input.figureComments ?? {});
      if (problems.unknown[0] !== undefined)
        throw new DomainError('REPORT_FIGURE_COMMENT_INVALID', { code: problems.unknown[0] });
      if (problems.tooLong[0] !== undefined) {
        const code = problems.tooLong[0];
        throw new DomainError('REPORT_FIGURE_COMMENT_INVALID', {
          code,
          tooLong: true,
          max: FIGURE_COMMENT_MAX,
          label: c.form?.indicators.find((i) => i.code === code)?.label ?? code,
        });
      }
      figureComments = normalizeFigureComments(codes, input.figureComments);
      after = 'returned';
      patch = { status: after, returnReason: reason, submittedFigures: existing.figures, figureComments };
    } else {
      after = 'accepted';
      patch = { status: after, acceptedAt: new Date() };
    }
    write = (audit) => repo.updateReportAudited(tx, id, version, patch, audit);
  }
  // Compare-and-set: of two concurrent submits exactly one gets through.
  const row = await write({
    actorUserId: ctx.actor.userId,
    actorName: ctx.actor.username,
    action: `report.${action}`,
    ip: ctx.ip,
    summary: {
      noticeId: existing.noticeId,
      before: { status: existing.status },
      after: { status: after },
      ...(reason && { reason }),
      ...(figureComments && { figureComments }),
      ...marks,
    },
  });
  if (!row) throw await staleEditError(tx, 'report', id);
  await notifyReportReviewed(tx, deps.env, {
    action,
    unitId: existing.unitId,
    noticeId: existing.noticeId,
    reason,
    userId: ctx.actor.userId,
  });
  const settled = { ...c, resource: { ...c.resource, status: row.status as ReportStatus } };
  return view(ctx, settled, row, await partsOf(tx, settled, row));
}

export const submitReport = (deps: AppDeps, ctx: RequestCtx, id: number, version: number): Promise<ReportView> =>
  transition(deps, ctx, id, version, 'submit');
export const returnReport = (
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
  version: number,
  reason: string,
  figureComments?: Record<string, string>,
): Promise<ReportView> => transition(deps, ctx, id, version, 'return', { reason, figureComments });
export const acceptReport = (deps: AppDeps, ctx: RequestCtx, id: number, version: number): Promise<ReportView> =>
  transition(deps, ctx, id, version, 'accept');

// Unlocking an accepted report ----------------------------------------------------------------

/** The unit asks the issuing office to reopen its accepted report (one pending request at a time). */
export async function requestUnlock(
  deps: AppDeps,
  ctx: RequestCtx,
  reportId: number,
  reason: string,
): Promise<ReportView> {
  const text = reason.trim();
  const result = await deps.database.db.transaction(async (tx) => {
    const c = await contextOfReport(deps, tx, reportId);
    authorize(ctx, 'request_unlock', c);
    if (!text) throw new DomainError('REPORT_UNLOCK_REASON_REQUIRED');
    const row = await repo.insertUnlockRequest(tx, { reportId, reason: text, requestedBy: ctx.actor.userId });
    if (!row) {
      const pending = await repo.pendingUnlockOf(tx, reportId);
      throw new DomainError('REPORT_UNLOCK_PENDING', pending ? { at: formatDateTimeCn(pending.createdAt) } : {});
    }
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: c.existing.unitId,
      action: 'report.unlock_request',
      objectType: 'report',
      objectId: reportId,
      summary: { noticeId: c.existing.noticeId, requestId: row.id, reason: text },
      ip: ctx.ip,
    });
    const latest = (await repo.unlockRequests(tx, { reportId }))[0];
    return view(ctx, c, c.existing, await partsOf(tx, c, c.existing), latest ? unlockView(latest) : null);
  });
  deps.sealer.nudge();
  return result;
}

/**
 * The issuing office decides an unlock request. Approving reopens the report as returned (reason "解锁：…"), so the
 * unit edits and resubmits it and the reviewer sees what changed against the accepted figures; rejecting needs a note.
 */
export async function decideUnlock(
  deps: AppDeps,
  ctx: RequestCtx,
  requestId: number,
  approve: boolean,
  note: string | undefined,
): Promise<UnlockRequestView> {
  const text = note?.trim() || null;
  const result = await deps.database.db.transaction(async (tx) => {
    const request = await repo.findUnlockRequest(tx, requestId);
    if (!request) throw new DomainError('REPORT_UNLOCK_NOT_FOUND');
    const c = await contextOfReport(deps, tx, request.reportId);
    if (!canOnReport(ctx.actor, 'view', c.resource)) throw new DomainError('REPORT_UNLOCK_NOT_FOUND');
    if (request.status !== 'pending') throw new DomainError('REPORT_UNLOCK_DECIDED', { status: request.status });
    authorize(ctx, 'decide_unlock', c);
    if (!approve && !text) throw new DomainError('REPORT_UNLOCK_NOTE_REQUIRED');
    const decided = await repo.decideUnlockRequest(tx, requestId, {
      status: approve ? 'approved' : 'rejected',
      decidedBy: ctx.actor.userId,
      decisionNote: text,
    });
    if (!decided)
      throw new DomainError('REPORT_UNLOCK_DECIDED', { status: (await repo.findUnlockRequest(tx, requestId))?.status });
    const { existing } = c;
    const audit: repo.ReportAudit = {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      action: approve ? 'report.unlock_approve' : 'report.unlock_reject',
      ip: ctx.ip,
      summary: {
        noticeId: existing.noticeId,
        requestId,
        reason: request.reason,
        ...(text && { note: text }),
        ...(approve && { before: { status: 'accepted' }, after: { status: 'returned' } }),
      },
    };
    if (approve) {
      const row = await repo.updateReportAudited(
        tx,
        existing.id,
        existing.version,
        {
          status: 'returned',
          returnReason: `解锁：${request.reason}`,
          submittedFigures: existing.figures,
          figureComments: null,
          acceptedAt: null,
        },
        audit,
      );
      if (!row) throw await staleEditError(tx, 'report', existing.id);
    } else {
      await appendAudit(tx, { ...audit, unitId: existing.unitId, objectType: 'report', objectId: existing.id });
    }
    const listed = (await repo.unlockRequests(tx, { reportId: existing.id })).find((u) => u.id === requestId);
    if (!listed) throw new DomainError('REPORT_UNLOCK_NOT_FOUND');
    return unlockView(listed);
  });
  deps.sealer.nudge();
  return result;
}

/** Unlock requests on a notice's reports, for its issuer (pending first) and the offices above. */
export async function unlockRequestsOfNotice(
  deps: AppDeps,
  ctx: RequestCtx,
  noticeId: number,
): Promise<(UnlockRequestView & { canDecide: boolean })[]> {
  const { db } = deps.database;
  const { notice } = await requireNotice(db, ctx, noticeId, 'view_signatures');
  const decider = ctx.actor.grants.some(
    (g) => g.unitId === notice.issuerUnitId && (g.role === 'admin' || g.role === 'reviewer'),
  );
  const rows = (await repo.unlockRequests(db, { noticeId })).map(unlockView);
  return rows
    .sort((a, b) => Number(b.status === 'pending') - Number(a.status === 'pending'))
    .map((u) => ({ ...u, canDecide: decider && u.status === 'pending' }));
}
