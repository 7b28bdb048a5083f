import { and, isNull, ne, or, sql } from 'drizzle-orm';
import { composeDigest, regionLabel, type Digest, type DigestKind } from '../../domain/digest/digest-composer.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { isInSubtree } from '../../domain/units/unit.ts';
import {
  activeChildren,
  activitiesOfUnitsInCascade,
  type DigestActivityRow,
} from '../db/repositories/activity.repository.ts';
import { findCampaign } from '../db/repositories/notice.repository.ts';
import { findUnit } from '../db/repositories/unit.repository.ts';
import { activities, notices, reports } from '../db/schema.ts';
import { digestDocx } from '../documents/digest-docx.ts';
import { noticeDocxFileName } from '../documents/notice-docx.ts';
import { requireNotice } from './notice.service.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

const REGION_KINDS = new Set(['office']);
const DEPARTMENT_KINDS = new Set(['department', 'association']);

// An office sees a unit's activities once its report is submitted; on a notice that collects no report, as saved.
const visibleToOffice = or(
  and(isNull(notices.formCode), sql`jsonb_array_length(${notices.requiredReports}) = 0`),
  sql`exists (select 1 from ${reports} where ${reports.noticeId} = ${activities.noticeId} and ${reports.unitId} = ${activities.unitId} and ${reports.status} <> 'draft')`,
);

export interface DigestView extends Digest {
  noticeId: number;
  officeUnitId: number;
  officeName: string;
  kind: DigestKind;
}

/**
 * The digest of main activities of an office's children (offices for 各地, departments and associations for
 * 各部门), from the activities registered anywhere in the notice's cascade, in the unit tree's order.
 */
export async function compileDigest(
  deps: AppDeps,
  ctx: RequestCtx,
  noticeId: number,
  kind: DigestKind,
  officeUnitId?: number,
): Promise<DigestView> {
  const { db } = deps.database;
  const { notice } = await requireNotice(db, ctx, noticeId, 'view');
  const officeId = officeUnitId ?? ctx.actor.unitId;
  const office = await findUnit(db, officeId);
  if (!office || !ctx.actor.grants.some((g) => isInSubtree(office.path, g.unitPath)))
    throw new DomainError('UNIT_NOT_FOUND', { id: officeId });
  const campaign = await findCampaign(db, notice.campaignId);
  const wanted = kind === 'regions' ? REGION_KINDS : DEPARTMENT_KINDS;
  const children = (await activeChildren(db, office.id)).filter((c) => wanted.has(c.kind));
  const rows = await activitiesOfUnitsInCascade(
    db,
    notice.path,
    children.map((c) => c.id),
    and(visibleToOffice, ne(activities.title, '')),
  );
  const byUnit = new Map<number, DigestActivityRow[]>();
  for (const r of rows) byUnit.set(r.unitId, [...(byUnit.get(r.unitId) ?? []), r]);
  const digest = composeDigest(
    campaign?.year ?? Number(notice.issuedOn?.slice(0, 4) ?? new Date().getFullYear()),
    kind,
    children.map((c) => ({
      name: kind === 'regions' ? regionLabel(c.name) : c.name,
      activities: byUnit.get(c.id) ?? [],
    })),
  );
  return { ...digest, noticeId, officeUnitId: office.id, officeName: office.name, kind };
}

export async function digestFile(
  deps: AppDeps,
  ctx: RequestCtx,
  noticeId: number,
  kind: DigestKind,
  officeUnitId?: number,
  missingLead?: string,
): Promise<{ file: Buffer; fileName: string }> {
  const digest = await compileDigest(deps, ctx, noticeId, kind, officeUnitId);
  // What goes upward names no unit for lacking activities, unless the office words it itself.
  const missingLine =
    missingLead && digest.missing.length
      ? `${missingLead.replace(/[：:]$/, '')}：${digest.missing.join('、')}。`
      : null;
  return {
    file: await digestDocx({ ...digest, missingText: missingLine }, digest.officeName),
    fileName: noticeDocxFileName(digest.title),
  };
}
