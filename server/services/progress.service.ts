import { progressProblems, type ProgressFields } from '../../domain/activities/narrative-validation.ts';
import type { NarrativeCan } from '../../domain/activities/narrative.policy.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import * as repo from '../db/repositories/progress.repository.ts';
import type { DbOrTx } from '../db/tx.ts';
import { authorizeNarrative, narrativeScope, scopeCan, throwProblems, type NarrativeScope } from './activity-access.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';
import { staleEditError } from './stale-edit.ts';

export interface ProgressView extends ProgressFields {
  id: number;
  noticeId: number;
  unitId: number;
  version: number;
  updatedAt: string;
}
export interface ProgressList {
  noticeId: number;
  unitId: number;
  unitName: string;
  can: NarrativeCan;
  items: ProgressView[];
}

const view = (r: repo.ProgressRow): ProgressView => ({
  id: r.id,
  noticeId: r.noticeId,
  unitId: r.unitId,
  reportedOn: r.reportedOn,
  progress: r.progress,
  results: r.results,
  problems: r.problems,
  suggestions: r.suggestions,
  version: r.version,
  updatedAt: r.updatedAt.toISOString(),
});

function checked(scope: NarrativeScope, p: ProgressFields): ProgressFields {
  const fields = {
    reportedOn: p.reportedOn,
    progress: p.progress.trim(),
    results: p.results.trim(),
    problems: p.problems.trim(),
    suggestions: p.suggestions.trim(),
  };
  throwProblems(progressProblems(fields, scope.campaignYear));
  return fields;
}

/** Several reports a month, dated, oldest first. */
export async function listProgress(
  deps: AppDeps,
  ctx: RequestCtx,
  noticeId: number,
  unitId: number,
): Promise<ProgressList> {
  const { db } = deps.database;
  const scope = await narrativeScope(db, noticeId, unitId);
  authorizeNarrative(ctx, 'view', scope);
  return {
    noticeId,
    unitId,
    unitName: scope.unitName,
    can: scopeCan(ctx, scope),
    items: (await repo.listProgress(db, noticeId, unitId)).map(view),
  };
}

export async function createProgress(
  deps: AppDeps,
  ctx: RequestCtx,
  noticeId: number,
  unitId: number,
  input: ProgressFields,
): Promise<ProgressView> {
  const result = await deps.database.db.transaction(async (tx) => {
    const scope = await narrativeScope(tx, noticeId, unitId);
    authorizeNarrative(ctx, 'edit', scope);
    const row = await repo.insertProgress(tx, {
      noticeId,
      unitId,
      ...checked(scope, input),
      createdBy: ctx.actor.userId,
      updatedBy: ctx.actor.userId,
    });
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId,
      action: 'progress.create',
      objectType: 'progress',
      objectId: row.id,
      summary: { noticeId, reportedOn: row.reportedOn },
      ip: ctx.ip,
    });
    return view(row);
  });
  deps.sealer.nudge();
  return result;
}

async function existing(
  db: DbOrTx,
  ctx: RequestCtx,
  id: number,
): Promise<{ row: repo.ProgressRow; scope: NarrativeScope }> {
  const row = await repo.findProgress(db, id);
  if (!row) throw new DomainError('PROGRESS_NOT_FOUND');
  const scope = await narrativeScope(db, row.noticeId, row.unitId);
  authorizeNarrative(ctx, 'edit', scope);
  return { row, scope };
}

export async function updateProgress(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
  version: number,
  input: Partial<ProgressFields>,
): Promise<ProgressView> {
  const result = await deps.database.db.transaction(async (tx) => {
    const { row, scope } = await existing(tx, ctx, id);
    if (row.version !== version) throw await staleEditError(tx, 'progress', id);
    const fields = checked(scope, {
      reportedOn: input.reportedOn ?? row.reportedOn,
      progress: input.progress ?? row.progress,
      results: input.results ?? row.results,
      problems: input.problems ?? row.problems,
      suggestions: input.suggestions ?? row.suggestions,
    });
    const updated = await repo.updateProgressVersioned(tx, id, version, { ...fields, updatedBy: ctx.actor.userId });
    if (!updated) throw await staleEditError(tx, 'progress', id);
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: row.unitId,
      action: 'progress.update',
      objectType: 'progress',
      objectId: id,
      summary: { noticeId: row.noticeId, version: updated.version },
      ip: ctx.ip,
    });
    return view(updated);
  });
  deps.sealer.nudge();
  return result;
}

export async function deleteProgress(deps: AppDeps, ctx: RequestCtx, id: number, version: number): Promise<void> {
  await deps.database.db.transaction(async (tx) => {
    const { row } = await existing(tx, ctx, id);
    if (row.version !== version || !(await repo.deleteProgressVersioned(tx, id, version)))
      throw await staleEditError(tx, 'progress', id);
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: row.unitId,
      action: 'progress.delete',
      objectType: 'progress',
      objectId: id,
      summary: { noticeId: row.noticeId, reportedOn: row.reportedOn },
      ip: ctx.ip,
    });
  });
  deps.sealer.nudge();
}
