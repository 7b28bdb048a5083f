import {
  activityProblems,
  normalizeActivity,
  type ActivityFields,
} from '../../domain/activities/narrative-validation.ts';
import type { NarrativeCan } from '../../domain/activities/narrative.policy.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import * as repo from '../db/repositories/activity.repository.ts';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import { deleteAttachmentsOf } from '../db/repositories/narrative-attachments.repository.ts';
import type { DbOrTx } from '../db/tx.ts';
import { authorizeNarrative, narrativeScope, scopeCan, throwProblems, type NarrativeScope } from './activity-access.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';
import { staleEditError } from './stale-edit.ts';

export interface ActivityView extends ActivityFields {
  id: number;
  noticeId: number;
  unitId: number;
  sortOrder: number;
  version: number;
  updatedAt: string;
}

export interface ActivityList {
  noticeId: number;
  unitId: number;
  unitName: string;
  categories: string[];
  can: NarrativeCan;
  items: ActivityView[];
}

const fieldsOf = (r: ActivityFields): ActivityFields => ({
  title: r.title,
  category: r.category,
  startOn: r.startOn,
  endOn: r.endOn,
  region: r.region,
  place: r.place,
  organiser: r.organiser,
  coOrganisers: r.coOrganisers,
  audience: r.audience,
  participants: r.participants,
  isPublic: r.isPublic,
  description: r.description,
});

const view = (r: repo.ActivityRow): ActivityView => ({
  id: r.id,
  noticeId: r.noticeId,
  unitId: r.unitId,
  ...fieldsOf(r),
  sortOrder: r.sortOrder,
  version: r.version,
  updatedAt: r.updatedAt.toISOString(),
});

export async function listActivities(
  deps: AppDeps,
  ctx: RequestCtx,
  noticeId: number,
  unitId: number,
): Promise<ActivityList> {
  const { db } = deps.database;
  const scope = await narrativeScope(db, noticeId, unitId);
  authorizeNarrative(ctx, 'view', scope);
  const items = await repo.listActivities(db, noticeId, unitId);
  return {
    noticeId,
    unitId,
    unitName: scope.unitName,
    categories: scope.categories,
    can: scopeCan(ctx, scope),
    items: items.map(view),
  };
}

function checked(scope: NarrativeScope, input: ActivityFields): ActivityFields {
  const fields = normalizeActivity(fieldsOf(input));
  throwProblems(activityProblems(fields, scope.campaignYear));
  return fields;
}

export async function createActivity(
  deps: AppDeps,
  ctx: RequestCtx,
  noticeId: number,
  unitId: number,
  input: ActivityFields,
): Promise<ActivityView> {
  const result = await deps.database.db.transaction(async (tx) => {
    const scope = await narrativeScope(tx, noticeId, unitId);
    authorizeNarrative(ctx, 'edit', scope);
    const fields = checked(scope, input);
    const row = await repo.insertActivity(tx, {
      noticeId,
      unitId,
      ...fields,
      sortOrder: await repo.nextActivitySort(tx, noticeId, unitId),
      createdBy: ctx.actor.userId,
      updatedBy: ctx.actor.userId,
    });
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId,
      action: 'activity.create',
      objectType: 'activity',
      objectId: row.id,
      summary: { noticeId, title: row.title },
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
): Promise<{ row: repo.ActivityRow; scope: NarrativeScope }> {
  const row = await repo.findActivity(db, id);
  if (!row) throw new DomainError('ACTIVITY_NOT_FOUND');
  const scope = await narrativeScope(db, row.noticeId, row.unitId);
  authorizeNarrative(ctx, 'edit', scope);
  return { row, scope };
}

export async function updateActivity(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
  version: number,
  input: { [K in keyof ActivityFields]?: ActivityFields[K] | undefined },
): Promise<ActivityView> {
  const result = await deps.database.db.transaction(async (tx) => {
    const { row, scope } = await existing(tx, ctx, id);
    if (row.version !== version) throw await staleEditError(tx, 'activity', id);
    const given = Object.fromEntries(
      Object.entries(input).filter(([, v]) => v !== undefined),
    ) as Partial<ActivityFields>;
    const merged: ActivityFields = fieldsOf({ ...fieldsOf(row), ...given });
    const fields = checked(scope, merged);
    const updated = await repo.updateActivityVersioned(tx, id, version, { ...fields, updatedBy: ctx.actor.userId });
    if (!updated) throw await staleEditError(tx, 'activity', id);
    const changed = (Object.keys(given) as (keyof ActivityFields)[]).filter(
      (k) => JSON.stringify(row[k]) !== JSON.stringify(fields[k]),
    );
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: row.unitId,
      action: 'activity.update',
      objectType: 'activity',
      objectId: id,
      summary: { noticeId: row.noticeId, changed, version: updated.version },
      ip: ctx.ip,
    });
    return view(updated);
  });
  deps.sealer.nudge();
  return result;
}

export async function deleteActivity(deps: AppDeps, ctx: RequestCtx, id: number, version: number): Promise<void> {
  await deps.database.db.transaction(async (tx) => {
    const { row } = await existing(tx, ctx, id);
    if (row.version !== version || !(await repo.deleteActivityVersioned(tx, id, version)))
      throw await staleEditError(tx, 'activity', id);
    await deleteAttachmentsOf(tx, 'activity', id);
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: row.unitId,
      action: 'activity.delete',
      objectType: 'activity',
      objectId: id,
      summary: { noticeId: row.noticeId, title: row.title },
      ip: ctx.ip,
    });
  });
  deps.sealer.nudge();
}
