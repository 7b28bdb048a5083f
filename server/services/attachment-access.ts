import { DomainError } from '../../domain/errors/domain-error.ts';
import { canOnNotice } from '../../domain/notices/notice.policy.ts';
import type { Role } from '../../domain/policies/actor.ts';
import { canOnReport, type ReportResource, type ReportStatus } from '../../domain/reports/report.policy.ts';
import { ownerNoticeUnit, type OwnerType } from '../db/repositories/attachment.repository.ts';
import { findCampaign } from '../db/repositories/notice.repository.ts';
import * as reports from '../db/repositories/report.repository.ts';
import type { DbOrTx } from '../db/tx.ts';
import { requireNotice } from './notice.service.ts';
import type { RequestCtx } from './service-context.ts';

/** What the actor may do with the attachments of one owner (a report, notice, campaign, activity or case). */
export interface OwnerAccess {
  ownerType: OwnerType;
  ownerId: number;
  /** The unit the owner belongs to (audit entries, media package folders). */
  unitId: number;
  /** Why the actor may not add, change or remove attachments; undefined = may. */
  editError: DomainError | undefined;
}

const STAFF: readonly Role[] = ['admin', 'reviewer'];

function reportAccess(
  ctx: RequestCtx,
  row: reports.ReportContextRow | undefined,
  unitId: number,
  notFound: DomainError,
): { resource: ReportResource; editError: DomainError | undefined } {
  if (row?.notice.status !== 'issued') throw notFound;
  const report = row.report;
  const resource: ReportResource = {
    unitId,
    status: (report?.status ?? 'draft') as ReportStatus,
    issuerUnitId: row.notice.issuerUnitId,
    aboveIssuerUnitIds: row.aboveIssuerUnitIds,
    onBehalf: report?.onBehalf ?? false,
  };
  if (!canOnReport(ctx.actor, 'view', resource)) throw notFound;
  let editError: DomainError | undefined;
  if (row.archived) editError = new DomainError('CAMPAIGN_ARCHIVED');
  else if (!canOnReport(ctx.actor, 'edit', resource)) {
    editError =
      resource.status === 'submitted' || resource.status === 'accepted'
        ? new DomainError('REPORT_LOCKED', { status: resource.status })
        : new DomainError('FORBIDDEN');
  }
  return { resource, editError };
}

/**
 * Resolves an owner for the actor: throws the owner's "not found" when the actor may not even see it.
 * Reports: the report's rules (the unit and the issuing office fill it in while open; offices above read it
 * once submitted). Activities and cases follow the report of their (notice, unit). Notices: readers of the
 * notice read; the issuing office's staff edit drafts. Campaigns: every signed-in user reads; the owning
 * office's staff edit.
 */
export async function resolveOwner(
  db: DbOrTx,
  ctx: RequestCtx,
  ownerType: OwnerType,
  ownerId: number,
): Promise<OwnerAccess> {
  switch (ownerType) {
    case 'report': {
      const row = await reports.contextByReport(db, ownerId);
      const unitId = row?.report?.unitId ?? 0;
      const { editError } = reportAccess(ctx, row, unitId, new DomainError('REPORT_NOT_FOUND'));
      return { ownerType, ownerId, unitId, editError };
    }
    case 'activity':
    case 'case': {
      const notFound = new DomainError('NOT_FOUND');
      const owner = await ownerNoticeUnit(db, ownerType, ownerId);
      if (!owner) throw notFound;
      const row = await reports.contextByNoticeUnit(db, owner.noticeId, owner.unitId);
      const { editError } = reportAccess(ctx, row, owner.unitId, notFound);
      return { ownerType, ownerId, unitId: owner.unitId, editError };
    }
    case 'notice': {
      const { notice, resource } = await requireNotice(db, ctx, ownerId, 'view');
      let editError: DomainError | undefined;
      // A recorded notice (收文登记) keeps its files open to the recording unit's staff, who may add the scanned original later.
      const recordedByMe = notice.recordedByUnitId !== null && canOnNotice(ctx.actor, 'revise', resource);
      if (!recordedByMe && !canOnNotice(ctx.actor, 'edit', resource))
        editError = new DomainError(notice.status === 'issued' ? 'NOTICE_ISSUED_IMMUTABLE' : 'FORBIDDEN');
      return { ownerType, ownerId, unitId: notice.issuerUnitId, editError };
    }
    case 'campaign': {
      const campaign = await findCampaign(db, ownerId);
      if (!campaign) throw new DomainError('CAMPAIGN_NOT_FOUND');
      let editError: DomainError | undefined;
      if (campaign.archived) editError = new DomainError('CAMPAIGN_ARCHIVED');
      else if (!ctx.actor.grants.some((g) => g.unitId === campaign.ownerUnitId && STAFF.includes(g.role)))
        editError = new DomainError('FORBIDDEN');
      return { ownerType, ownerId, unitId: campaign.ownerUnitId, editError };
    }
  }
}

/** Like resolveOwner, but false instead of an error when the actor may not see the owner. */
export async function canReadOwner(
  db: DbOrTx,
  ctx: RequestCtx,
  ownerType: OwnerType,
  ownerId: number,
): Promise<boolean> {
  try {
    await resolveOwner(db, ctx, ownerType, ownerId);
    return true;
  } catch (err) {
    if (err instanceof DomainError && (err.kind === 'not_found' || err.kind === 'forbidden')) return false;
    throw err;
  }
}
