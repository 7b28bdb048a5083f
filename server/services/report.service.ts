import { DomainError } from '../../domain/errors/domain-error.ts';
import { checkFigures, type Figure } from '../../domain/forms/figures-validation.ts';
import type { FormDefinition } from '../../domain/forms/form.ts';
import { todayInShanghai } from '../../domain/i18n/format.ts';
import { canOnReport, changedFigures, reportCan, type ReportAction, type ReportCan, type ReportResource, type ReportStatus } from '../../domain/reports/report.policy.ts';
import { pathIds } from '../../domain/units/unit.ts';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import * as notices from '../db/repositories/notice.repository.ts';
import * as repo from '../db/repositories/report.repository.ts';
import type { ReportSignature } from '../db/schema.ts';
import type { DbOrTx } from '../db/tx.ts';
import { getForm } from './form.service.ts';
import { sanitizeRichText } from './rich-text.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';
import { requireNotice } from './notice.service.ts';
import { staleEditError } from './stale-edit.ts';

export interface ReportView {
  id: number | null; noticeId: number; unitId: number; unitName: string; status: ReportStatus; form: { code: string; version: number };
  figures: Figure[]; summary: string | null; explanation: string | null; signature: ReportSignature | null; version: number;
  late: boolean; onBehalf: boolean; submittedAt: string | null; acceptedAt: string | null; returnReason: string | null;
  check: { cells: { code: string; label: string; message: string }[]; rules: { expr: string; level: string; message: string; passed: boolean }[]; blocking: boolean; needsExplanation: boolean };
  /** Indices of figures changed since the submission that was returned. */
  changed: number[];
  can: ReportCan;
}

interface Context { notice: notices.NoticeRow; form: FormDefinition; resource: ReportResource; unitName: string; archived: boolean }

async function contextFor(db: DbOrTx, noticeId: number, unitId: number, existing: repo.ReportRow | undefined): Promise<Context> {
  const status = existing ? existing.status as ReportStatus : 'draft';
  const notice = await notices.findNotice(db, noticeId);
  if (!notice || notice.status !== 'issued') throw new DomainError('NOTICE_NOT_FOUND');
  if (!notice.formCode) throw new DomainError('REPORT_NOT_REQUIRED');
  const recipient = await notices.recipientOf(db, noticeId, unitId);
  if (!recipient) throw new DomainError('REPORT_NOT_RECIPIENT');
  const above = await notices.findNoticesByIds(db, pathIds(notice.path).filter((id) => id !== notice.id));
  // A report keeps the form version it was started with.
  const form = await getForm(db, existing?.formCode ?? notice.formCode, existing?.formVersion);
  const campaign = await notices.findCampaign(db, notice.campaignId);
  return { notice, form, unitName: recipient.unitName, archived: campaign?.archived ?? false, resource: { unitId, status, issuerUnitId: notice.issuerUnitId, aboveIssuerUnitIds: above.map((n) => n.issuerUnitId), onBehalf: existing?.onBehalf ?? false } };
}

function authorize(ctx: RequestCtx, action: ReportAction, c: Context): void {
  if (!canOnReport(ctx.actor, 'view', c.resource) && !canOnReport(ctx.actor, action, c.resource)) throw new DomainError('REPORT_NOT_FOUND');
  if (action !== 'view' && c.archived) throw new DomainError('CAMPAIGN_ARCHIVED');
  if (!canOnReport(ctx.actor, action, c.resource)) {
    if ((action === 'edit' || action === 'submit') && (c.resource.status === 'submitted' || c.resource.status === 'accepted')) throw new DomainError('REPORT_LOCKED', { status: c.resource.status });
    throw new DomainError('FORBIDDEN');
  }
}

function view(ctx: RequestCtx, c: Context, r: repo.ReportRow | undefined): ReportView {
  const figures = r?.figures ?? c.form.indicators.map(() => null);
  const check = checkFigures(c.form, figures);
  return {
    id: r?.id ?? null, noticeId: c.notice.id, unitId: c.resource.unitId, unitName: c.unitName, status: c.resource.status,
    form: { code: c.form.code, version: c.form.version }, figures, summary: r?.summary ?? null, explanation: r?.explanation ?? null,
    signature: r?.signature ?? null, version: r?.version ?? 0, late: r?.late ?? false, onBehalf: r?.onBehalf ?? false,
    submittedAt: r?.submittedAt?.toISOString() ?? null, acceptedAt: r?.acceptedAt?.toISOString() ?? null, returnReason: r?.returnReason ?? null,
    check: { ...check, rules: check.rules.map((x) => ({ ...x.rule, passed: x.passed })) },
    changed: changedFigures(r?.submittedFigures ?? null, figures),
    can: c.archived ? { ...reportCan(ctx.actor, c.resource), edit: false, submit: false, return: false, accept: false } : reportCan(ctx.actor, c.resource),
  };
}

const isMember = (ctx: RequestCtx, unitId: number): boolean => ctx.actor.grants.some((g) => g.unitId === unitId);

export async function getReport(deps: AppDeps, ctx: RequestCtx, noticeId: number, unitId: number): Promise<ReportView> {
  const { db } = deps.database;
  const existing = await repo.findByNoticeUnit(db, noticeId, unitId);
  const c = await contextFor(db, noticeId, unitId, existing);
  authorize(ctx, 'view', c);
  return view(ctx, c, existing);
}

export interface DraftInput {
  version: number; figures: Figure[]; summary?: string | null | undefined; explanation?: string | null | undefined; signature?: ReportSignature | null | undefined;
}

/** Saves the draft as typed (autosave): problems are reported back, never a reason to lose input. */
export async function saveDraft(deps: AppDeps, ctx: RequestCtx, noticeId: number, unitId: number, input: DraftInput): Promise<ReportView> {
  const result = await deps.database.db.transaction(async (tx) => {
    const existing = await repo.findByNoticeUnit(tx, noticeId, unitId);
    const c = await contextFor(tx, noticeId, unitId, existing);
    authorize(ctx, 'edit', c);
    if (input.figures.length !== c.form.indicators.length) throw new DomainError('REPORT_FIGURES_LENGTH', { expected: c.form.indicators.length, got: input.figures.length });
    const fields = {
      figures: input.figures,
      ...(input.summary !== undefined && { summary: input.summary === null ? null : sanitizeRichText(input.summary) }),
      ...(input.explanation !== undefined && { explanation: input.explanation }),
      ...(input.signature !== undefined && { signature: input.signature }),
      updatedBy: ctx.actor.userId,
      onBehalf: !isMember(ctx, unitId),
    };
    let row: repo.ReportRow | undefined;
    if (!existing) {
      if (input.version !== 0) throw await staleEditError(tx, 'report', 0);
      row = await repo.insertReport(tx, { noticeId, unitId, formCode: c.form.code, formVersion: c.form.version, ...fields });
      if (!row) throw await staleEditError(tx, 'report', 0);
    } else {
      row = await repo.updateReportVersioned(tx, existing.id, input.version, fields);
      if (!row) throw await staleEditError(tx, 'report', existing.id);
    }
    await appendAudit(tx, { actorUserId: ctx.actor.userId, actorName: ctx.actor.username, unitId, action: 'report.save', objectType: 'report', objectId: row.id, summary: { noticeId, version: row.version }, ip: ctx.ip });
    return view(ctx, c, row);
  });
  deps.sealer.nudge();
  return result;
}

async function transition(deps: AppDeps, ctx: RequestCtx, id: number, version: number, action: 'submit' | 'return' | 'accept', reason?: string): Promise<ReportView> {
  const result = await deps.database.db.transaction(async (tx) => {
    const existing = await repo.findReport(tx, id);
    if (!existing) throw new DomainError('REPORT_NOT_FOUND');
    const c = await contextFor(tx, existing.noticeId, existing.unitId, existing);
    authorize(ctx, action, c);
    if (existing.version !== version) throw await staleEditError(tx, 'report', id);
    let patch: Partial<repo.NewReport>;
    if (action === 'submit') {
      const check = checkFigures(c.form, existing.figures);
      const bad = check.cells.length + check.rules.filter((r) => !r.passed && r.rule.level === 'error').length;
      if (bad) throw new DomainError('REPORT_INVALID', { count: bad, cells: check.cells });
      if (check.needsExplanation && !existing.explanation?.trim()) {
        throw new DomainError('REPORT_EXPLANATION_REQUIRED', { rules: check.rules.filter((r) => !r.passed && r.rule.level === 'explain').map((r) => r.rule.message).join('；') });
      }
      const late = c.notice.deadline !== null && todayInShanghai() > c.notice.deadline;
      patch = { status: 'submitted', submittedAt: new Date(), submittedBy: ctx.actor.userId, late, onBehalf: !isMember(ctx, existing.unitId), returnReason: null };
    } else if (action === 'return') {
      if (!reason?.trim()) throw new DomainError('REPORT_RETURN_REASON_REQUIRED');
      patch = { status: 'returned', returnReason: reason.trim(), submittedFigures: existing.figures };
    } else {
      patch = { status: 'accepted', acceptedAt: new Date() };
    }
    // Compare-and-set: of two concurrent submits exactly one gets through.
    const row = await repo.updateReportVersioned(tx, id, version, patch);
    if (!row) throw await staleEditError(tx, 'report', id);
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId, actorName: ctx.actor.username, unitId: existing.unitId, action: `report.${action}`, objectType: 'report', objectId: id,
      summary: { noticeId: existing.noticeId, before: { status: existing.status }, after: { status: row.status }, ...(reason && { reason }), ...(row.onBehalf && action === 'submit' && { onBehalf: true }) }, ip: ctx.ip,
    });
    return view(ctx, { ...c, resource: { ...c.resource, status: row.status as ReportStatus } }, row);
  });
  deps.sealer.nudge();
  return result;
}

export const submitReport = (deps: AppDeps, ctx: RequestCtx, id: number, version: number): Promise<ReportView> => transition(deps, ctx, id, version, 'submit');
export const returnReport = (deps: AppDeps, ctx: RequestCtx, id: number, version: number, reason: string): Promise<ReportView> => transition(deps, ctx, id, version, 'return', reason);
export const acceptReport = (deps: AppDeps, ctx: RequestCtx, id: number, version: number): Promise<ReportView> => transition(deps, ctx, id, version, 'accept');

export interface CompletenessRow { unitId: number; unitName: string; status: ReportStatus | 'not_started'; late: boolean; onBehalf: boolean; submittedAt: string | null; reportId: number | null }
export interface Completeness {
  expected: number; notStarted: number; draft: number; submitted: number; returned: number; accepted: number; late: number;
  /** Share of submitted or accepted reports that came in on time. */
  onTimeRate: number | null;
  rows: CompletenessRow[];
}

/** Who has reported on a notice: for the issuer and the offices above it. Draft contents stay private. */
export async function completeness(deps: AppDeps, ctx: RequestCtx, noticeId: number): Promise<Completeness> {
  const { db } = deps.database;
  await requireNotice(db, ctx, noticeId, 'view_signatures');
  const recipients = (await notices.recipientsOf(db, [noticeId])).get(noticeId) ?? [];
  const byUnit = new Map((await repo.reportsOfNotice(db, noticeId)).map((r) => [r.unitId, r]));
  const rows: CompletenessRow[] = recipients.map((rcp) => {
    const r = byUnit.get(rcp.unitId);
    return { unitId: rcp.unitId, unitName: rcp.unitName, status: r ? r.status as ReportStatus : 'not_started', late: r?.late ?? false, onBehalf: r?.onBehalf ?? false, submittedAt: r?.submittedAt?.toISOString() ?? null, reportId: r?.id ?? null };
  });
  const count = (s: CompletenessRow['status']): number => rows.filter((r) => r.status === s).length;
  const inTime = rows.filter((r) => (r.status === 'submitted' || r.status === 'accepted'));
  return {
    expected: rows.length, notStarted: count('not_started'), draft: count('draft'), submitted: count('submitted'), returned: count('returned'), accepted: count('accepted'),
    late: rows.filter((r) => r.late).length, onTimeRate: inTime.length ? inTime.filter((r) => !r.late).length / inTime.length : null, rows,
  };
}
