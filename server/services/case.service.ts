import { caseProblems, type CaseFields } from '../../domain/activities/narrative-validation.ts';
import { canOnNarrative, type NarrativeCan } from '../../domain/activities/narrative.policy.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import * as repo from '../db/repositories/case.repository.ts';
import { deleteAttachmentsOf } from '../db/repositories/narrative-attachments.repository.ts';
import { findUnit } from '../db/repositories/unit.repository.ts';
import type { DbOrTx } from '../db/tx.ts';
import { authorizeNarrative, narrativeScope, scopeCan, throwProblems, type NarrativeScope } from './activity-access.ts';
import { sanitizeRichText } from './rich-text.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';
import { staleEditError } from './stale-edit.ts';

export interface CaseView extends CaseFields {
  id: number;
  noticeId: number;
  unitId: number;
  unitName?: string;
  version: number;
  updatedAt: string;
  /** 推荐上报: the office above that carries this case into its own report. */
  recommended: { byUnitId: number; at: string | null } | null;
  can: { recommend: boolean };
}

export interface CaseList {
  noticeId: number;
  unitId: number;
  unitName: string;
  categories: string[];
  can: NarrativeCan;
  items: CaseView[];
  /** Cases this unit, as an office, recommended upward from the units below it (推荐上报的典型案例). */
  recommended: CaseView[];
}

const view = (r: repo.CaseRow, recommend: boolean): CaseView => ({
  id: r.id,
  noticeId: r.noticeId,
  unitId: r.unitId,
  title: r.title,
  category: r.category,
  html: r.html,
  version: r.version,
  updatedAt: r.updatedAt.toISOString(),
  recommended:
    r.recommendedByUnitId === null
      ? null
      : { byUnitId: r.recommendedByUnitId, at: r.recommendedAt?.toISOString() ?? null },
  can: { recommend },
});

export async function listCases(deps: AppDeps, ctx: RequestCtx, noticeId: number, unitId: number): Promise<CaseList> {
  const { db } = deps.database;
  const scope = await narrativeScope(db, noticeId, unitId);
  authorizeNarrative(ctx, 'view', scope);
  const can = scopeCan(ctx, scope);
  const [items, recommended] = await Promise.all([
    repo.listCases(db, noticeId, unitId),
    repo.recommendedBy(db, unitId, scope.notice.path),
  ]);
  // Only the unit's own staff can withdraw what it recommended; the list itself is part of its report.
  const mine =
    ctx.actor.grants.some((g) => g.unitId === unitId && (g.role === 'admin' || g.role === 'reviewer')) &&
    !scope.resource.archived;
  return {
    noticeId,
    unitId,
    unitName: scope.unitName,
    categories: scope.categories,
    can,
    items: items.map((r) => view(r, can.recommend)),
    recommended: recommended.map((r) => ({ ...view(r, mine), unitName: r.unitName })),
  };
}

function checked(input: CaseFields): CaseFields {
  const fields = {
    title: input.title.trim(),
    category: input.category?.trim() ? input.category.trim() : null,
    html: sanitizeRichText(input.html),
  };
  throwProblems(caseProblems(fields));
  return fields;
}

export async function createCase(
  deps: AppDeps,
  ctx: RequestCtx,
  noticeId: number,
  unitId: number,
  input: CaseFields,
): Promise<CaseView> {
  const result = await deps.database.db.transaction(async (tx) => {
    const scope = await narrativeScope(tx, noticeId, unitId);
    authorizeNarrative(ctx, 'edit', scope);
    const row = await repo.insertCase(tx, {
      noticeId,
      unitId,
      ...checked(input),
      createdBy: ctx.actor.userId,
      updatedBy: ctx.actor.userId,
    });
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId,
      action: 'case.create',
      objectType: 'case',
      objectId: row.id,
      summary: { noticeId, title: row.title },
      ip: ctx.ip,
    });
    return view(row, false);
  });
  deps.sealer.nudge();
  return result;
}

async function existing(
  db: DbOrTx,
  ctx: RequestCtx,
  id: number,
  action: 'edit' | 'recommend',
): Promise<{ row: repo.CaseRow; scope: NarrativeScope }> {
  const row = await repo.findCase(db, id);
  if (!row) throw new DomainError('CASE_NOT_FOUND');
  const scope = await narrativeScope(db, row.noticeId, row.unitId);
  authorizeNarrative(ctx, action, scope);
  return { row, scope };
}

export async function updateCase(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
  version: number,
  input: Partial<CaseFields>,
): Promise<CaseView> {
  const result = await deps.database.db.transaction(async (tx) => {
    const { row } = await existing(tx, ctx, id, 'edit');
    if (row.version !== version) throw await staleEditError(tx, 'case', id);
    const fields = checked({
      title: input.title ?? row.title,
      category: input.category === undefined ? row.category : input.category,
      html: input.html ?? row.html,
    });
    const updated = await repo.updateCaseVersioned(tx, id, version, { ...fields, updatedBy: ctx.actor.userId });
    if (!updated) throw await staleEditError(tx, 'case', id);
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: row.unitId,
      action: 'case.update',
      objectType: 'case',
      objectId: id,
      summary: { noticeId: row.noticeId, version: updated.version },
      ip: ctx.ip,
    });
    return view(updated, false);
  });
  deps.sealer.nudge();
  return result;
}

export async function deleteCase(deps: AppDeps, ctx: RequestCtx, id: number, version: number): Promise<void> {
  await deps.database.db.transaction(async (tx) => {
    const { row } = await existing(tx, ctx, id, 'edit');
    if (row.version !== version || !(await repo.deleteCaseVersioned(tx, id, version)))
      throw await staleEditError(tx, 'case', id);
    await deleteAttachmentsOf(tx, 'case', id);
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: row.unitId,
      action: 'case.delete',
      objectType: 'case',
      objectId: id,
      summary: { noticeId: row.noticeId, title: row.title },
      ip: ctx.ip,
    });
  });
  deps.sealer.nudge();
}

/**
 * 推荐上报: the issuing office marks a case it received so that it shows in its own report upward; withdrawing
 * clears the mark. Both are idempotent: repeating one changes nothing and writes no second audit entry.
 */
export async function setRecommended(deps: AppDeps, ctx: RequestCtx, id: number, on: boolean): Promise<CaseView> {
  const result = await deps.database.db.transaction(async (tx) => {
    const { row, scope } = await existing(tx, ctx, id, 'recommend');
    const office = scope.resource.issuerUnitId;
    if ((row.recommendedByUnitId === office) === on) return view(row, true);
    const updated = await repo.updateCaseVersioned(
      tx,
      id,
      row.version,
      on
        ? { recommendedByUnitId: office, recommendedAt: new Date() }
        : { recommendedByUnitId: null, recommendedAt: null },
    );
    if (!updated) throw await staleEditError(tx, 'case', id);
    const officeName = (await findUnit(tx, office))?.name ?? null;
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: office,
      action: on ? 'case.recommend' : 'case.unrecommend',
      objectType: 'case',
      objectId: id,
      summary: { noticeId: row.noticeId, unitId: row.unitId, title: row.title, office: officeName },
      ip: ctx.ip,
    });
    return view(updated, canOnNarrative(ctx.actor, 'recommend', scope.resource));
  });
  deps.sealer.nudge();
  return result;
}
