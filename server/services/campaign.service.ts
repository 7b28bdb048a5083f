import { DomainError } from '../../domain/errors/domain-error.ts';
import { isCalendarDate } from '../../domain/notices/cascade-rules.ts';
import type { Role } from '../../domain/policies/actor.ts';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import * as repo from '../db/repositories/notice.repository.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

export interface CampaignView {
  id: number;
  year: number;
  name: string;
  theme: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  slogans: string[];
  archived: boolean;
  ownerUnitId: number;
  version: number;
  can: { edit: boolean; clone: boolean };
}

const STAFF: readonly Role[] = ['admin', 'reviewer'];
const isStaff = (ctx: RequestCtx, unitId: number): boolean =>
  ctx.actor.grants.some((g) => g.unitId === unitId && STAFF.includes(g.role));

function view(ctx: RequestCtx, c: repo.CampaignRow): CampaignView {
  return {
    id: c.id,
    year: c.year,
    name: c.name,
    theme: c.theme,
    periodStart: c.periodStart,
    periodEnd: c.periodEnd,
    slogans: c.slogans,
    archived: c.archived,
    ownerUnitId: c.ownerUnitId,
    version: c.version,
    can: { edit: isStaff(ctx, c.ownerUnitId), clone: ctx.actor.grants.some((g) => STAFF.includes(g.role)) },
  };
}

/** Campaigns are public facts (theme, slogans); every signed-in user may list them. */
export async function listCampaigns(deps: AppDeps, ctx: RequestCtx): Promise<CampaignView[]> {
  return (await repo.listCampaigns(deps.database.db)).map((c) => view(ctx, c));
}

export interface CampaignInput {
  year: number;
  name: string;
  theme?: string | null | undefined;
  periodStart?: string | null | undefined;
  periodEnd?: string | null | undefined;
  slogans?: string[] | undefined;
}

function checkPeriod(input: Partial<CampaignInput>): void {
  for (const d of [input.periodStart, input.periodEnd])
    if (d && !isCalendarDate(d)) throw new DomainError('NOTICE_DATE_INVALID', { date: d });
  if (input.periodStart && input.periodEnd && input.periodStart > input.periodEnd)
    throw new DomainError('VALIDATION_FAILED', { summary: '活动开始日期不能晚于结束日期' });
}

export async function createCampaign(
  deps: AppDeps,
  ctx: RequestCtx,
  ownerUnitId: number,
  input: CampaignInput,
): Promise<CampaignView> {
  if (!isStaff(ctx, ownerUnitId)) throw new DomainError('FORBIDDEN');
  checkPeriod(input);
  const result = await deps.database.db.transaction(async (tx) => {
    const existing = (await repo.listCampaigns(tx)).find((c) => c.ownerUnitId === ownerUnitId && c.name === input.name);
    if (existing) throw new DomainError('CAMPAIGN_NAME_TAKEN', { name: input.name });
    const c = await repo.insertCampaign(tx, { ...input, slogans: input.slogans ?? [], ownerUnitId });
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: ownerUnitId,
      action: 'campaign.create',
      objectType: 'campaign',
      objectId: c.id,
      summary: { after: input },
      ip: ctx.ip,
    });
    return view(ctx, c);
  });
  deps.sealer.nudge();
  return result;
}

export async function updateCampaign(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
  version: number,
  patch: Partial<CampaignInput> & { archived?: boolean | undefined },
): Promise<CampaignView> {
  checkPeriod(patch);
  const result = await deps.database.db.transaction(async (tx) => {
    const c = await repo.findCampaign(tx, id);
    if (!c) throw new DomainError('CAMPAIGN_NOT_FOUND');
    if (!isStaff(ctx, c.ownerUnitId)) throw new DomainError('FORBIDDEN');
    // An archived campaign only comes back by un-archiving it first.
    if (c.archived && Object.keys(patch).some((k) => k !== 'archived')) throw new DomainError('CAMPAIGN_ARCHIVED');
    const row = await repo.updateCampaignVersioned(tx, id, version, patch);
    if (!row) throw new DomainError('STALE_EDIT');
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: c.ownerUnitId,
      action: patch.archived === true ? 'campaign.archive' : 'campaign.update',
      objectType: 'campaign',
      objectId: id,
      summary: { after: patch },
      ip: ctx.ip,
    });
    return view(ctx, row);
  });
  deps.sealer.nudge();
  return result;
}

const nextYear = (text: string, from: number, to: number): string => text.replaceAll(String(from), String(to));
const shiftDate = (iso: string | null, years: number): string | null => {
  if (!iso) return null;
  const y = Number(iso.slice(0, 4)) + years;
  const md = iso.slice(5) === '02-29' ? '02-28' : iso.slice(5);
  return `${y}-${md}`;
};

/**
 * Next year's campaign from this one: the same theme and slogans, and a draft skeleton of each
 * notice the actor's units issued in it, with the same recipients, dates moved by the years between.
 */
export async function cloneCampaign(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
  year: number,
  name: string,
): Promise<{ campaign: CampaignView; notices: number }> {
  const staffUnits = [...new Set(ctx.actor.grants.filter((g) => STAFF.includes(g.role)).map((g) => g.unitId))];
  if (staffUnits.length === 0) throw new DomainError('FORBIDDEN');
  const result = await deps.database.db.transaction(async (tx) => {
    const source = await repo.findCampaign(tx, id);
    if (!source) throw new DomainError('CAMPAIGN_NOT_FOUND');
    if ((await repo.listCampaigns(tx)).some((c) => c.name === name && staffUnits.includes(c.ownerUnitId)))
      throw new DomainError('CAMPAIGN_NAME_TAKEN', { name });
    const years = year - source.year;
    const ownerUnitId = staffUnits.includes(source.ownerUnitId)
      ? source.ownerUnitId
      : (staffUnits[0] ?? source.ownerUnitId);
    const c = await repo.insertCampaign(tx, {
      year,
      name,
      theme: source.theme,
      slogans: source.slogans,
      ownerUnitId,
      periodStart: shiftDate(source.periodStart, years),
      periodEnd: shiftDate(source.periodEnd, years),
    });
    const mine = (await repo.noticesOfCampaignBy(tx, id, staffUnits)).filter((n) => n.status === 'issued');
    const recipients = await repo.recipientsOf(
      tx,
      mine.map((n) => n.id),
    );
    for (const n of mine) {
      // Skeletons only: the cascade links and numbers are made afresh when the new notices go out.
      const draft = await repo.insertNotice(tx, {
        campaignId: c.id,
        kind: n.parentId ? n.kind : 'notice',
        issuerUnitId: n.issuerUnitId,
        issuerName: n.issuerName,
        title: nextYear(n.title, source.year, year),
        deadline: shiftDate(n.deadline, years),
        theme: n.theme,
        slogans: n.slogans,
        coIssuers: n.coIssuers,
        sections: n.sections,
        arrangements: n.arrangements.map((a) => ({ ...a, dueOn: shiftDate(a.dueOn, years) })),
        requiredReports: n.requiredReports,
        formCode: n.formCode,
        contacts: n.contacts,
        attachments: n.attachments,
        createdBy: ctx.actor.userId,
      });
      await repo.setRecipients(
        tx,
        draft.id,
        (recipients.get(n.id) ?? []).map((r) => r.unitId),
      );
    }
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: ownerUnitId,
      action: 'campaign.clone',
      objectType: 'campaign',
      objectId: c.id,
      summary: { from: id, year, notices: mine.length },
      ip: ctx.ip,
    });
    return { campaign: view(ctx, c), notices: mine.length };
  });
  deps.sealer.nudge();
  return result;
}
