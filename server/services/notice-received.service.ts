// 收文登记 (issue 4): a notice that reached a unit outside the platform (e-mail, paper) is recorded as the
// issued notice its issuer sent — issuer = the superior the document names, recorded_by = the recording
// unit — so the unit's own notices can stand under it. A 转发 letter is recorded in one step with the
// notice it forwards as its parent (a stub of that notice). One transaction: an error leaves nothing.
import { DomainError } from '../../domain/errors/domain-error.ts';
import { normaliseNoticeDocNumber } from '../../domain/notices/cascade-rules.ts';
import { matchIssuer, type IssuerCandidate, type IssuerMatchHow } from '../../domain/notices/received-issuer.ts';
import type { Role } from '../../domain/policies/actor.ts';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import * as repo from '../db/repositories/notice.repository.ts';
import {
  aliasesOf,
  aliasesOfUnits,
  ancestorsOf,
  findUnit,
  listChildren,
  unitsNamed,
  type UnitRow,
} from '../db/repositories/unit.repository.ts';
import type { DbOrTx } from '../db/tx.ts';
import { noticeInputFromDraft, type ImportDraft } from './import-draft.ts';
import {
  audit,
  contentFields,
  requireNotice,
  validateContent,
  validateRecipients,
  view,
  type NoticeView,
} from './notice.service.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

const STAFF: readonly Role[] = ['admin', 'reviewer'];

/** Who issued a received document: a superior of the recording unit (matched from the text when absent). */
export interface ReceivedIssuer {
  fromUnitId?: number | undefined;
  /** The issuer as the document writes it (default: the draft's issuer, else the unit's name). */
  issuerName?: string | undefined;
}

export interface ReceivedOptions extends ReceivedIssuer {
  /** A 转发 letter: the forwarded notice to record as its parent, or the notice already in the system to put it under. */
  forwarded?: (ReceivedIssuer & { draft: ImportDraft }) | { existingId: number } | undefined;
}

export interface RecordRequest {
  campaignId: number;
  recorderUnitId: number;
  /** The document itself (the letter, when options.forwarded is given). */
  draft: ImportDraft;
  options: ReceivedOptions;
  sourceFileName?: string | undefined;
}

/** Which part of a 转发 letter import an error is about. */
type Part = 'notice' | 'letter' | 'forwarded';

function requireStaff(ctx: RequestCtx, unitId: number): void {
  if (!ctx.actor.grants.some((g) => g.unitId === unitId && STAFF.includes(g.role))) throw new DomainError('FORBIDDEN');
}

/** The recording unit's active superiors, nearest first, with their aliases. */
async function superiorsOf(db: DbOrTx, recorder: UnitRow): Promise<(IssuerCandidate & { unit: UnitRow })[]> {
  const chain = (await ancestorsOf(db, recorder)).filter((u) => u.active).reverse();
  const aliases = await aliasesOfUnits(
    db,
    chain.map((u) => u.id),
  );
  return chain.map((u) => ({ unitId: u.id, names: [u.name, ...(aliases.get(u.id) ?? [])], unit: u }));
}

async function campaignFor(db: DbOrTx, campaignId: number): Promise<void> {
  const campaign = await repo.findCampaign(db, campaignId);
  if (!campaign) throw new DomainError('CAMPAIGN_NOT_FOUND');
  if (campaign.archived) throw new DomainError('CAMPAIGN_ARCHIVED');
}

/** The existing notice as the duplicate error names it: with its id only when the actor may open it. */
async function duplicateError(db: DbOrTx, ctx: RequestCtx, existing: repo.NoticeRow, part: Part): Promise<DomainError> {
  let visible = true;
  try {
    await requireNotice(db, ctx, existing.id, 'view');
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    visible = false;
  }
  return new DomainError('NOTICE_RECEIVED_DUPLICATE', {
    part,
    title: existing.title,
    docNumber: existing.docNumber,
    issuerName: existing.issuerName,
    visible,
    ...(visible && { existingId: existing.id, usableAsParent: existing.status === 'issued' }),
  });
}

interface RecordPart {
  campaignId: number;
  recorder: UnitRow;
  superiors: (IssuerCandidate & { unit: UnitRow })[];
  issuer: ReceivedIssuer;
  draft: ImportDraft;
  part: Part;
  parent: repo.NoticeRow | undefined;
  sourceFileName: string | undefined;
}

/** Inserts one received notice (issued, recorded by the recorder) after the duplicate and cascade checks. */
async function insertReceived(
  tx: DbOrTx,
  ctx: RequestCtx,
  p: RecordPart,
): Promise<{ row: repo.NoticeRow; warnings: { code: string; message: string }[] }> {
  const { recorder, draft: d, parent } = p;
  let issuerUnit: UnitRow | undefined;
  if (p.issuer.fromUnitId !== undefined) {
    issuerUnit = p.superiors.find((c) => c.unitId === p.issuer.fromUnitId)?.unit;
    if (!issuerUnit) {
      const named = await findUnit(tx, p.issuer.fromUnitId);
      throw new DomainError('NOTICE_RECEIVED_ISSUER_NOT_SUPERIOR', {
        name: named?.name ?? `编号 ${p.issuer.fromUnitId}`,
        recorder: recorder.name,
      });
    }
  } else {
    const match = matchIssuer(d.issuer, p.superiors);
    issuerUnit = p.superiors.find((c) => c.unitId === match?.unitId)?.unit;
    if (!issuerUnit) throw new DomainError('NOTICE_RECEIVED_NO_SUPERIOR', { recorder: recorder.name });
  }
  const issuerName = (p.issuer.issuerName ?? d.issuer ?? '').trim() || issuerUnit.name;

  // The same document twice: same issuer and 文号 (the year is part of it), or same title and date without one.
  let docNumber: string | null = null;
  if (d.docNumber?.trim()) {
    docNumber = normaliseNoticeDocNumber(d.docNumber.trim());
    if (!docNumber) throw new DomainError('NOTICE_DOC_NUMBER_INVALID', { docNumber: d.docNumber });
  }
  const existing = docNumber
    ? await repo.findIssuerDocNumber(tx, issuerUnit.id, docNumber)
    : await repo.findIssuerTitleDate(tx, issuerUnit.id, d.title.trim(), d.issuedOn ?? null);
  if (existing) throw await duplicateError(tx, ctx, existing, p.part);

  // Arrangements name the issuer's units (各市州局, 岳阳市…): resolved so "my tasks" finds them.
  const issuerChildren = await listChildren(tx, issuerUnit.id, false);
  const input = noticeInputFromDraft(d, {
    resolve: (name) => issuerChildren.find((c) => c.name === name.trim())?.id ?? null,
    forwards: parent,
    sourceFileName: p.sourceFileName,
  });
  // Addressed to the recorder (so it can forward or implement it), plus 主送 units the user kept that are the
  // recorder itself or directly below it — never another branch's inbox.
  const own = new Map<string, number>([
    [recorder.name, recorder.id],
    ...(await aliasesOf(tx, recorder.id)).map((n): [string, number] => [n, recorder.id]),
  ]);
  for (const c of await listChildren(tx, recorder.id, false)) own.set(c.name, c.id);
  const recipientUnitIds = [
    ...new Set([
      recorder.id,
      ...(d.recipients ?? []).map((n) => own.get(n.trim())).filter((id): id is number => id !== undefined),
    ]),
  ];

  const formCode = parent?.formCode ?? null;
  const { warnings } = await validateContent(
    tx,
    issuerUnit.id,
    { ...input, docNumber, issuerName, formCode },
    parent,
    undefined,
    true,
  ).catch((err: unknown) => {
    // Said of the letter and the notice it forwards, not of an abstract "child".
    if (err instanceof DomainError && err.code === 'NOTICE_DEADLINE_AFTER_PARENT')
      throw new DomainError(err.code, { ...err.details, part: p.part });
    throw err;
  });
  await validateRecipients(tx, issuerUnit.id, recipientUnitIds, true);
  const row = await repo.insertNotice(tx, {
    ...contentFields(input),
    campaignId: p.campaignId,
    parentId: parent?.id ?? null,
    kind: parent ? 'forward' : 'notice',
    status: 'issued',
    issuerUnitId: issuerUnit.id,
    issuerName,
    docNumber,
    title: input.title,
    formCode,
    recordedByUnitId: recorder.id,
    issuedAt: new Date(),
    createdBy: ctx.actor.userId,
  });
  await repo.setRecipients(tx, row.id, recipientUnitIds);
  await appendAudit(tx, {
    ...audit(ctx, 'notice.record', row, {
      part: p.part,
      recordedBy: recorder.name,
      parentId: parent?.id ?? null,
      after: { title: row.title, docNumber: row.docNumber, deadline: row.deadline },
    }),
    unitId: recorder.id,
  });
  return { row, warnings };
}

/**
 * Records a received notice (and, for a 转发 letter, the notice it forwards as its parent). Answers the
 * lowest notice recorded (the letter) and the ids of all notices created.
 */
export async function recordReceived(
  deps: AppDeps,
  ctx: RequestCtx,
  req: RecordRequest,
): Promise<{ notice: NoticeView; createdIds: number[] }> {
  const result = await deps.database.db.transaction(async (tx) => {
    requireStaff(ctx, req.recorderUnitId);
    const recorder = await findUnit(tx, req.recorderUnitId);
    if (!recorder) throw new DomainError('UNIT_NOT_FOUND', { id: req.recorderUnitId });
    const superiors = await superiorsOf(tx, recorder);
    const base = { recorder, superiors, sourceFileName: req.sourceFileName };
    const fw = req.options.forwarded;
    const createdIds: number[] = [];
    let parent: repo.NoticeRow | undefined;
    let campaignId = req.campaignId;
    if (fw && 'existingId' in fw) {
      // The forwarded notice is already here: the letter goes under it, in its campaign.
      const { notice } = await requireNotice(tx, ctx, fw.existingId, 'view');
      if (notice.status !== 'issued') throw new DomainError('NOTICE_RECEIVED_PARENT_DRAFT');
      parent = notice;
      campaignId = notice.campaignId;
      await campaignFor(tx, campaignId);
    } else {
      await campaignFor(tx, campaignId);
      if (fw) {
        parent = (
          await insertReceived(tx, ctx, {
            ...base,
            campaignId,
            issuer: fw,
            draft: fw.draft,
            part: 'forwarded',
            parent: undefined,
          })
        ).row;
        createdIds.push(parent.id);
      }
    }
    const { row, warnings } = await insertReceived(tx, ctx, {
      ...base,
      campaignId,
      issuer: req.options,
      draft: req.draft,
      part: fw ? 'letter' : 'notice',
      parent,
    });
    createdIds.push(row.id);
    return { notice: await view(tx, ctx, row, warnings), createdIds };
  });
  deps.sealer.nudge();
  return result;
}

export interface IssuerChoice {
  unitId: number;
  how: IssuerMatchHow;
  elsewhere: string | null;
}

export interface ReceivedIssuers {
  /** The superiors a received notice may be recorded for, nearest first. */
  superiors: { unitId: number; name: string; aliases: string[] }[];
  letter: IssuerChoice | null;
  forwarded: IssuerChoice | null;
}

/**
 * The issuer the dialog proposes for each written name. `elsewhere` names a unit outside the superiors that
 * bears that name exactly, so the user learns why it was not chosen.
 */
export async function receivedIssuers(
  deps: AppDeps,
  ctx: RequestCtx,
  recorderUnitId: number,
  written: { letter?: string | undefined; forwarded?: string | undefined },
): Promise<ReceivedIssuers> {
  const { db } = deps.database;
  requireStaff(ctx, recorderUnitId);
  const recorder = await findUnit(db, recorderUnitId);
  if (!recorder) throw new DomainError('UNIT_NOT_FOUND', { id: recorderUnitId });
  const superiors = await superiorsOf(db, recorder);
  const choose = async (name: string | undefined): Promise<IssuerChoice | null> => {
    const match = matchIssuer(name, superiors);
    if (!match) return null;
    const named = match.how === 'default' && name?.trim() ? await unitsNamed(db, name.trim()) : [];
    return { ...match, elsewhere: named[0]?.name ?? null };
  };
  return {
    superiors: superiors.map((s) => ({ unitId: s.unitId, name: s.unit.name, aliases: s.names.slice(1) })),
    letter: await choose(written.letter),
    forwarded: written.forwarded === undefined ? null : await choose(written.forwarded),
  };
}
