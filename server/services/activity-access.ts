import { collects } from '../../domain/reports/required-parts.ts';
import { categoryOptions, FIELD_LABELS, type NarrativeProblem } from '../../domain/activities/narrative-validation.ts';
import {
  canOnNarrative,
  narrativeCan,
  type CaseAction,
  type NarrativeCan,
  type NarrativeResource,
} from '../../domain/activities/narrative.policy.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { narrativeContext, type NarrativeContextRow } from '../db/repositories/activity.repository.ts';
import { findActivity } from '../db/repositories/activity.repository.ts';
import { findCase } from '../db/repositories/case.repository.ts';
import type { DbOrTx } from '../db/tx.ts';
import type { RequestCtx } from './service-context.ts';

/** A unit's narrative part of its report on a notice: activities, typical cases, progress reports. */
export interface NarrativeScope {
  noticeId: number;
  unitId: number;
  unitName: string;
  campaignYear: number;
  categories: string[];
  notice: NarrativeContextRow['notice'];
  resource: NarrativeResource;
}

export async function narrativeScope(db: DbOrTx, noticeId: number, unitId: number): Promise<NarrativeScope> {
  const row = await narrativeContext(db, noticeId, unitId);
  if (!row || row.notice.status !== 'issued') throw new DomainError('NOTICE_NOT_FOUND');
  if (row.recipientUnitName === null) throw new DomainError('NARRATIVE_NOT_FOUND');
  return {
    noticeId,
    unitId,
    unitName: row.recipientUnitName,
    campaignYear: row.campaignYear,
    categories: categoryOptions(row.notice.arrangementTitles),
    notice: row.notice,
    resource: {
      unitId,
      issuerUnitId: row.notice.issuerUnitId,
      aboveIssuerUnitIds: row.aboveIssuerUnitIds,
      // Items of a notice that collects reports go up with the report; otherwise as saved.
      reportStatus: collects(row.notice) ? (row.report?.status ?? 'draft') : null,
      onBehalf: row.report?.onBehalf ?? false,
      archived: row.archived,
    },
  };
}

/** Refuses what the actor may not do; what it may not even see answers 404, as reports do. */
export function authorizeNarrative(ctx: RequestCtx, action: CaseAction, s: NarrativeScope): void {
  if (!canOnNarrative(ctx.actor, 'view', s.resource) && !canOnNarrative(ctx.actor, action, s.resource))
    throw new DomainError('NARRATIVE_NOT_FOUND');
  if (action === 'view' || canOnNarrative(ctx.actor, action, s.resource)) return;
  if (s.resource.archived) throw new DomainError('CAMPAIGN_ARCHIVED');
  const status = s.resource.reportStatus;
  if (action === 'edit' && (status === 'submitted' || status === 'accepted'))
    throw new DomainError('REPORT_LOCKED', { status });
  if (action === 'recommend' && status === 'draft') throw new DomainError('CASE_NOT_SUBMITTED');
  throw new DomainError('FORBIDDEN');
}

export const scopeCan = (ctx: RequestCtx, s: NarrativeScope): NarrativeCan => narrativeCan(ctx.actor, s.resource);

/** The first problem as one error naming the field in Chinese. */
export function throwProblems(problems: NarrativeProblem[]): void {
  const p = problems[0];
  if (p)
    throw new DomainError('NARRATIVE_INVALID', {
      field: p.field,
      label: FIELD_LABELS[p.field] ?? p.field,
      problem: p.code,
      all: problems,
    });
}

/**
 * For the attachment service: may the actor see (or change the photos of) an activity or a case? The photos
 * follow the same rules as the item they belong to.
 */
export async function narrativeOwnerAllows(
  db: DbOrTx,
  ctx: RequestCtx,
  ownerType: 'activity' | 'case',
  ownerId: number,
  action: 'view' | 'edit',
): Promise<boolean> {
  const owner = ownerType === 'activity' ? await findActivity(db, ownerId) : await findCase(db, ownerId);
  if (!owner) return false;
  const scope = await narrativeScope(db, owner.noticeId, owner.unitId).catch(() => null);
  return scope !== null && canOnNarrative(ctx.actor, action, scope.resource);
}
