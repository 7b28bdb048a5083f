import { DomainError } from '../../domain/errors/domain-error.ts';
import {
  checkChildDeadline,
  checkChildForm,
  isCalendarDate,
  normaliseNoticeDocNumber,
  type NoticeKind,
} from '../../domain/notices/cascade-rules.ts';
import {
  canOnNotice,
  noticeCan,
  type NoticeAction,
  type NoticeCan,
  type NoticeResource,
} from '../../domain/notices/notice.policy.ts';
import { ROLE_LABELS, tasksFor, type ArrangementRole, type Task, type TaskState } from '../../domain/notices/tasks.ts';
import type { Role } from '../../domain/policies/actor.ts';
import { countProgress, deadlinePassed, type ProgressGroup } from '../../domain/reports/completeness.ts';
import { todayInShanghai } from '../../domain/i18n/format.ts';
import { collects } from '../../domain/reports/required-parts.ts';
import { isInSubtree, pathIds } from '../../domain/units/unit.ts';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import { progressGroups } from '../db/repositories/completeness.repository.ts';
import * as repo from '../db/repositories/notice.repository.ts';
import { aliasesOf, findUnit, findUnitsByIds } from '../db/repositories/unit.repository.ts';
import type { NoticeArrangement, NoticeContact, NoticeSection } from '../db/schema.ts';
import type { DbOrTx } from '../db/tx.ts';
import { sanitizeRichText } from './rich-text.ts';
import { statusesOf as reportStatuses } from '../db/repositories/report.repository.ts';
import { staleEditError } from './stale-edit.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

export interface NoticeInput {
  issuerName?: string | undefined;
  docNumber?: string | null | undefined;
  title?: string | undefined;
  issuedOn?: string | null | undefined;
  deadline?: string | null | undefined;
  theme?: string | null | undefined;
  slogans?: string[] | undefined;
  coIssuers?: string[] | undefined;
  cites?: { docNumber: string | null; title: string | null }[] | undefined;
  sections?: NoticeSection[] | undefined;
  arrangements?: NoticeArrangement[] | undefined;
  requiredReports?: string[] | undefined;
  formCode?: string | null | undefined;
  blockLate?: boolean | undefined;
  contacts?: NoticeContact[] | undefined;
  attachments?: { number: string | null; title: string }[] | undefined;
  note?: string | null | undefined;
  recipientUnitIds?: number[] | undefined;
}

export interface NoticeWarning {
  code: string;
  message: string;
}

export interface NoticeView {
  id: number;
  campaignId: number;
  parentId: number | null;
  kind: string;
  status: string;
  issuerUnitId: number;
  issuerName: string;
  docNumber: string | null;
  title: string;
  issuedOn: string | null;
  deadline: string | null;
  theme: string | null;
  slogans: string[];
  coIssuers: string[];
  cites: { docNumber: string | null; title: string | null }[];
  sections: NoticeSection[];
  arrangements: NoticeArrangement[];
  requiredReports: string[];
  formCode: string | null;
  blockLate: boolean;
  contacts: NoticeContact[];
  attachments: { number: string | null; title: string }[];
  note: string | null;
  revision: number;
  changeNote: string | null;
  version: number;
  issuedAt: string | null;
  parent: { id: number; title: string; docNumber: string | null; deadline: string | null } | null;
  /** 收文登记: the unit that recorded this notice from a document received outside the platform. */
  recordedBy: { unitId: number; unitName: string } | null;
  recipients: { unitId: number; unitName: string; readAt: string | null; signedAt: string | null }[];
  warnings: NoticeWarning[];
  can: NoticeCan;
}

const STAFF: readonly Role[] = ['admin', 'reviewer'];

async function resourceOf(db: DbOrTx, n: repo.NoticeRow, recipients?: repo.RecipientRow[]): Promise<NoticeResource> {
  const ancestorIds = pathIds(n.path).filter((id) => id !== n.id);
  const ancestors = await repo.findNoticesByIds(db, ancestorIds);
  return {
    issuerUnitId: n.issuerUnitId,
    status: n.status === 'issued' ? 'issued' : 'draft',
    recipientUnitIds: (recipients ?? (await repo.recipientsOf(db, [n.id])).get(n.id) ?? []).map((r) => r.unitId),
    ancestorIssuerUnitIds: ancestors.map((a) => a.issuerUnitId),
    recordedByUnitId: n.recordedByUnitId,
  };
}

/** The notice if the actor may see it and take the action: 404 when invisible, 403 when only the action is refused. */
export async function requireNotice(
  db: DbOrTx,
  ctx: RequestCtx,
  id: number,
  action: NoticeAction,
): Promise<{ notice: repo.NoticeRow; resource: NoticeResource }> {
  const notice = await repo.findNotice(db, id);
  if (!notice) throw new DomainError('NOTICE_NOT_FOUND');
  const resource = await resourceOf(db, notice);
  if (!canOnNotice(ctx.actor, 'view', resource)) throw new DomainError('NOTICE_NOT_FOUND');
  if (!canOnNotice(ctx.actor, action, resource)) {
    if (action === 'edit' && notice.status === 'issued') throw new DomainError('NOTICE_ISSUED_IMMUTABLE');
    if (action === 'forward' && !resource.recipientUnitIds.some((u) => ctx.actor.grants.some((g) => g.unitId === u)))
      throw new DomainError('NOTICE_NOT_ADDRESSED');
    throw new DomainError('FORBIDDEN');
  }
  return { notice, resource };
}

function checkDate(value: string | null | undefined): void {
  if (value && !isCalendarDate(value)) throw new DomainError('NOTICE_DATE_INVALID', { date: value });
}

/**
 * Validates the fields that do not depend on the state machine; returns warnings. A recorded notice
 * (收文登记) keeps its issuer's name as the document writes it, so that name is not checked.
 */
export async function validateContent(
  db: DbOrTx,
  issuerUnitId: number,
  input: NoticeInput,
  parent: repo.NoticeRow | undefined,
  selfId?: number,
  recorded = false,
): Promise<{ docNumber: string | null | undefined; warnings: NoticeWarning[] }> {
  const warnings: NoticeWarning[] = [];
  let docNumber: string | null | undefined = input.docNumber;
  if (docNumber) {
    const normalised = normaliseNoticeDocNumber(docNumber);
    if (!normalised) throw new DomainError('NOTICE_DOC_NUMBER_INVALID', { docNumber });
    docNumber = normalised;
    if (await repo.findIssuerDocNumber(db, issuerUnitId, normalised, selfId))
      throw new DomainError('NOTICE_DOC_NUMBER_TAKEN', { docNumber: normalised });
  } else if (docNumber === '') docNumber = null;
  checkDate(input.issuedOn);
  checkDate(input.deadline);
  if (parent) {
    const check = checkChildDeadline(parent.deadline, input.deadline ?? null);
    if (!check.ok)
      throw new DomainError('NOTICE_DEADLINE_AFTER_PARENT', {
        parentDeadline: check.parentDeadline,
        deadline: input.deadline,
      });
    warnings.push(...marginWarning(parent, input.deadline ?? null));
    if (input.formCode !== undefined && !checkChildForm(parent.formCode, input.formCode))
      throw new DomainError('NOTICE_FORM_DROPPED', { formCode: parent.formCode });
  }
  if (input.issuerName !== undefined && !recorded) {
    const unit = await findUnit(db, issuerUnitId);
    const names = [unit?.name, ...(await aliasesOf(db, issuerUnitId))];
    if (!names.includes(input.issuerName))
      throw new DomainError('VALIDATION_FAILED', { summary: `发文机关“${input.issuerName}”不是本单位的名称或别名` });
  }
  return { docNumber, warnings };
}

/** Recipients must be below the issuer (its reach), never the issuer itself. */
export async function validateRecipients(
  db: DbOrTx,
  issuerUnitId: number,
  unitIds: number[],
  required: boolean,
): Promise<void> {
  if (required && unitIds.length === 0) throw new DomainError('NOTICE_RECIPIENTS_EMPTY');
  if (unitIds.includes(issuerUnitId)) throw new DomainError('NOTICE_RECIPIENT_SELF');
  const issuer = await findUnit(db, issuerUnitId);
  const found = await findUnitsByIds(db, unitIds);
  for (const id of unitIds) {
    const u = found.find((x) => x.id === id);
    if (!u || !issuer || !u.active || !isInSubtree(u.path, issuer.path))
      throw new DomainError('NOTICE_RECIPIENT_OUT_OF_REACH', { name: u?.name ?? `编号 ${id}` });
  }
}

export function contentFields(input: NoticeInput): Partial<repo.NewNotice> {
  const out: Partial<repo.NewNotice> = {};
  const keys = [
    'title',
    'issuedOn',
    'deadline',
    'theme',
    'slogans',
    'coIssuers',
    'cites',
    'sections',
    'arrangements',
    'requiredReports',
    'formCode',
    'blockLate',
    'contacts',
    'attachments',
    'note',
    'issuerName',
  ] as const;
  for (const k of keys) if (input[k] !== undefined) (out as Record<string, unknown>)[k] = input[k];
  if (input.sections) out.sections = input.sections.map((s) => ({ ...s, html: sanitizeRichText(s.html) }));
  return out;
}

function marginWarning(parent: repo.NoticeRow | undefined, deadline: string | null): NoticeWarning[] {
  const check = checkChildDeadline(parent?.deadline ?? null, deadline);
  return check.ok && check.warning
    ? [
        {
          code: check.warning.code,
          message: `截止日期距上级通知截止日期（${parent?.deadline ?? ''}）不足 2 天，上级单位可能来不及汇总`,
        },
      ]
    : [];
}

export async function view(
  db: DbOrTx,
  ctx: RequestCtx,
  n: repo.NoticeRow,
  extraWarnings: NoticeWarning[] = [],
): Promise<NoticeView> {
  const recipients = (await repo.recipientsOf(db, [n.id])).get(n.id) ?? [];
  const resource = await resourceOf(db, n, recipients);
  const can = noticeCan(ctx.actor, resource);
  const mine = (unitId: number): boolean => ctx.actor.grants.some((g) => g.unitId === unitId);
  const parent = n.parentId ? await repo.findNotice(db, n.parentId) : undefined;
  const recorder = n.recordedByUnitId === null ? undefined : await findUnit(db, n.recordedByUnitId);
  return {
    id: n.id,
    campaignId: n.campaignId,
    parentId: n.parentId,
    kind: n.kind,
    status: n.status,
    issuerUnitId: n.issuerUnitId,
    issuerName: n.issuerName,
    docNumber: n.docNumber,
    title: n.title,
    issuedOn: n.issuedOn,
    deadline: n.deadline,
    theme: n.theme,
    slogans: n.slogans,
    coIssuers: n.coIssuers,
    cites: n.cites,
    sections: n.sections,
    arrangements: n.arrangements,
    requiredReports: n.requiredReports,
    formCode: n.formCode,
    blockLate: n.blockLate,
    contacts: n.contacts,
    attachments: n.attachments,
    note: n.note,
    revision: n.revision,
    changeNote: n.changeNote,
    version: n.version,
    issuedAt: n.issuedAt?.toISOString() ?? null,
    parent: parent
      ? { id: parent.id, title: parent.title, docNumber: parent.docNumber, deadline: parent.deadline }
      : null,
    recordedBy: recorder ? { unitId: recorder.id, unitName: recorder.name } : null,
    // Who signed is the issuer's (and its superiors') business; a recipient sees its own row.
    recipients: recipients
      .filter((r) => can.view_signatures || mine(r.unitId))
      .map((r) => ({
        unitId: r.unitId,
        unitName: r.unitName,
        readAt: r.readAt?.toISOString() ?? null,
        signedAt: r.signedAt?.toISOString() ?? null,
      })),
    // The margin warning is a fact about the notice, so every read shows it, not only the save.
    warnings: [
      ...marginWarning(parent, n.deadline),
      ...extraWarnings.filter((w) => w.code !== 'DEADLINE_MARGIN_SHORT'),
    ],
    can,
  };
}

export function audit(
  ctx: RequestCtx,
  action: string,
  n: repo.NoticeRow,
  summary: Record<string, unknown>,
): Parameters<typeof appendAudit>[1] {
  return {
    actorUserId: ctx.actor.userId,
    actorName: ctx.actor.username,
    unitId: n.issuerUnitId,
    action,
    objectType: 'notice',
    objectId: n.id,
    summary,
    ip: ctx.ip,
  };
}

/** A new draft notice of an office, addressed to units below it. */
export async function createNotice(
  deps: AppDeps,
  ctx: RequestCtx,
  campaignId: number,
  issuerUnitId: number,
  input: NoticeInput & { title: string },
): Promise<NoticeView> {
  const result = await deps.database.db.transaction(async (tx) => {
    const campaign = await repo.findCampaign(tx, campaignId);
    if (!campaign) throw new DomainError('CAMPAIGN_NOT_FOUND');
    if (campaign.archived) throw new DomainError('CAMPAIGN_ARCHIVED');
    if (!ctx.actor.grants.some((g) => g.unitId === issuerUnitId && STAFF.includes(g.role)))
      throw new DomainError('FORBIDDEN');
    const issuer = await findUnit(tx, issuerUnitId);
    if (!issuer) throw new DomainError('UNIT_NOT_FOUND', { id: issuerUnitId });
    const { docNumber, warnings } = await validateContent(tx, issuerUnitId, input, undefined);
    await validateRecipients(tx, issuerUnitId, input.recipientUnitIds ?? [], false);
    const n = await repo.insertNotice(tx, {
      ...contentFields(input),
      campaignId,
      kind: 'notice',
      issuerUnitId,
      issuerName: input.issuerName ?? issuer.name,
      docNumber: docNumber ?? null,
      title: input.title,
      createdBy: ctx.actor.userId,
    });
    await repo.setRecipients(tx, n.id, input.recipientUnitIds ?? []);
    await appendAudit(tx, audit(ctx, 'notice.create', n, { after: { title: n.title, docNumber: n.docNumber } }));
    return view(tx, ctx, n, warnings);
  });
  deps.sealer.nudge();
  return result;
}

/**
 * A recipient answers a notice with its own draft below it: a plain forward (转发: a cover note with
 * the parent attached) or an implementing plan (印发方案: the parent's content to edit).
 */
export async function forwardNotice(
  deps: AppDeps,
  ctx: RequestCtx,
  parentId: number,
  kind: Exclude<NoticeKind, 'notice'>,
  input: NoticeInput & { confirmDuplicate?: boolean | undefined },
): Promise<NoticeView> {
  const result = await deps.database.db.transaction(async (tx) => {
    const { notice: parent, resource } = await requireNotice(tx, ctx, parentId, 'forward');
    const campaign = await repo.findCampaign(tx, parent.campaignId);
    if (campaign?.archived) throw new DomainError('CAMPAIGN_ARCHIVED');
    const issuerUnitId = resource.recipientUnitIds.find((u) =>
      ctx.actor.grants.some((g) => g.unitId === u && STAFF.includes(g.role)),
    );
    if (issuerUnitId === undefined) throw new DomainError('NOTICE_NOT_ADDRESSED');
    const existing = await repo.childrenByIssuer(tx, parent.id, [issuerUnitId]);
    if (existing[0] && !input.confirmDuplicate)
      throw new DomainError('NOTICE_ALREADY_FORWARDED', { existingId: existing[0].id, title: existing[0].title });
    const issuer = await findUnit(tx, issuerUnitId);
    const prefill: Partial<repo.NewNotice> =
      kind === 'plan'
        ? {
            sections: parent.sections,
            arrangements: parent.arrangements,
            requiredReports: parent.requiredReports,
            theme: parent.theme,
            slogans: parent.slogans,
          }
        : {
            requiredReports: parent.requiredReports,
            attachments: [
              {
                number: '1',
                title: parent.docNumber ? `《${parent.title}》（${parent.docNumber}）` : `《${parent.title}》`,
              },
            ],
          };
    const title = input.title ?? (kind === 'forward' ? `关于转发《${parent.title}》的通知` : parent.title);
    const formCode = input.formCode === undefined ? parent.formCode : input.formCode;
    const { docNumber, warnings } = await validateContent(tx, issuerUnitId, { ...input, formCode }, parent);
    await validateRecipients(tx, issuerUnitId, input.recipientUnitIds ?? [], false);
    const n = await repo.insertNotice(tx, {
      ...prefill,
      ...contentFields(input),
      campaignId: parent.campaignId,
      parentId: parent.id,
      kind,
      issuerUnitId,
      issuerName: input.issuerName ?? issuer?.name ?? '',
      docNumber: docNumber ?? null,
      title,
      formCode,
      createdBy: ctx.actor.userId,
    });
    await repo.setRecipients(tx, n.id, input.recipientUnitIds ?? []);
    await appendAudit(
      tx,
      audit(ctx, kind === 'forward' ? 'notice.forward' : 'notice.implement', n, {
        parentId: parent.id,
        after: { title: n.title, deadline: n.deadline },
      }),
    );
    return view(tx, ctx, n, warnings);
  });
  deps.sealer.nudge();
  return result;
}

export async function updateNotice(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
  version: number,
  input: NoticeInput,
): Promise<NoticeView> {
  const result = await deps.database.db.transaction(async (tx) => {
    const { notice } = await requireNotice(tx, ctx, id, 'edit');
    if (notice.version !== version) throw await staleEditError(tx, 'notice', id);
    const parent = notice.parentId ? await repo.findNotice(tx, notice.parentId) : undefined;
    const merged: NoticeInput = {
      ...input,
      deadline: input.deadline === undefined ? notice.deadline : input.deadline,
      formCode: input.formCode === undefined ? notice.formCode : input.formCode,
    };
    const { docNumber, warnings } = await validateContent(tx, notice.issuerUnitId, merged, parent, id);
    if (input.recipientUnitIds) await validateRecipients(tx, notice.issuerUnitId, input.recipientUnitIds, false);
    const row = await repo.updateNoticeVersioned(tx, id, version, {
      ...contentFields(input),
      ...(input.docNumber !== undefined && { docNumber: docNumber ?? null }),
    });
    if (!row) throw await staleEditError(tx, 'notice', id);
    if (input.recipientUnitIds) await repo.setRecipients(tx, id, input.recipientUnitIds);
    await appendAudit(tx, audit(ctx, 'notice.update', row, { fields: Object.keys(input) }));
    return view(tx, ctx, row, warnings);
  });
  deps.sealer.nudge();
  return result;
}

/** Draft → issued: from now on the notice is immutable and its recipients see it. */
export async function issueNotice(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
  version: number,
  issuedOn?: string,
): Promise<NoticeView> {
  const result = await deps.database.db.transaction(async (tx) => {
    const { notice, resource } = await requireNotice(tx, ctx, id, 'issue');
    if (notice.version !== version) throw await staleEditError(tx, 'notice', id);
    await validateRecipients(tx, notice.issuerUnitId, resource.recipientUnitIds, true);
    checkDate(issuedOn);
    // 统计表 ticked but no table chosen: units would see 无需填报 and nothing would reach 待填报.
    if (notice.requiredReports.includes('统计表') && !notice.formCode) throw new DomainError('NOTICE_FORM_REQUIRED');
    const row = await repo.updateNoticeVersioned(tx, id, version, {
      status: 'issued',
      issuedAt: new Date(),
      // A notice written here is dated the day it is issued unless its 成文日期 was given.
      issuedOn: issuedOn ?? notice.issuedOn ?? todayInShanghai(),
    });
    if (!row) throw await staleEditError(tx, 'notice', id);
    // Issuing a forward or plan is acting on the parent: the issuer counts as having signed it.
    if (row.parentId !== null) await repo.markActed(tx, row.parentId, row.issuerUnitId, ctx.actor.userId);
    await appendAudit(
      tx,
      audit(ctx, 'notice.issue', row, { recipients: resource.recipientUnitIds.length, deadline: row.deadline }),
    );
    return view(tx, ctx, row);
  });
  deps.sealer.nudge();
  return result;
}

export async function getNotice(deps: AppDeps, ctx: RequestCtx, id: number): Promise<NoticeView> {
  const { db } = deps.database;
  const { notice, resource } = await requireNotice(db, ctx, id, 'view');
  const mine = resource.recipientUnitIds.filter((u) => ctx.actor.grants.some((g) => g.unitId === u));
  if (mine.length) await repo.markRecipient(db, id, mine, { readAt: new Date() });
  return view(db, ctx, notice);
}

export async function signNotice(deps: AppDeps, ctx: RequestCtx, id: number): Promise<NoticeView> {
  const result = await deps.database.db.transaction(async (tx) => {
    const { notice, resource } = await requireNotice(tx, ctx, id, 'sign');
    const mine = resource.recipientUnitIds.filter((u) =>
      ctx.actor.grants.some((g) => g.unitId === u && g.role !== 'viewer'),
    );
    const now = new Date();
    await repo.markRecipient(tx, id, mine, { readAt: now });
    const signed = await repo.markRecipient(tx, id, mine, { signedAt: now, signedBy: ctx.actor.userId });
    if (signed)
      await appendAudit(tx, { ...audit(ctx, 'notice.sign', notice, { units: mine }), unitId: mine[0] ?? null });
    return view(tx, ctx, notice);
  });
  deps.sealer.nudge();
  return result;
}

export interface InboxItem {
  id: number;
  title: string;
  docNumber: string | null;
  issuerName: string;
  issuedOn: string | null;
  deadline: string | null;
  recipientUnitId: number;
  read: boolean;
  signed: boolean;
  forwarded: boolean;
  /** The statistics form the notice requires (null: none), and this unit's report on it. */
  formCode: string | null;
  /** The notice collects a report from this unit (it requires a table or anything else). */
  collects: boolean;
  report: { id: number; status: string; late: boolean } | null;
  /** 收文登记: the unit that recorded a notice received outside the platform (null: issued here). */
  recordedBy: string | null;
  /** The notice's campaign is archived: read-only, nothing left to do. */
  archived: boolean;
}

/** Names of the units that recorded any of the rows (收文登记). */
async function recorderNames(
  db: DbOrTx,
  rows: { recordedByUnitId: number | null }[],
): Promise<(id: number | null) => string | null> {
  const names = await repo.unitNames(db, [
    ...new Set(rows.flatMap((r) => (r.recordedByUnitId === null ? [] : [r.recordedByUnitId]))),
  ]);
  return (id) => (id === null ? null : (names.get(id)?.name ?? ''));
}

/** 收文: issued notices addressed to the actor's units. */
export async function inbox(deps: AppDeps, ctx: RequestCtx): Promise<InboxItem[]> {
  const { db } = deps.database;
  const unitIds = [...new Set(ctx.actor.grants.map((g) => g.unitId))];
  const rows = await repo.inbox(db, unitIds);
  const answered = new Set(
    (
      await repo.answeredBy(
        db,
        rows.map((r) => r.id),
        unitIds,
      )
    ).map((c) => `${c.parentId}:${c.issuerUnitId}`),
  );
  const reports = await reportStatuses(
    db,
    rows.filter((r) => collects(r)).map((r) => ({ noticeId: r.id, unitId: r.recipientUnitId })),
  );
  const recorder = await recorderNames(db, rows);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    docNumber: r.docNumber,
    issuerName: r.issuerName,
    issuedOn: r.issuedOn,
    deadline: r.deadline,
    recipientUnitId: r.recipientUnitId,
    read: r.readAt !== null,
    signed: r.signedAt !== null,
    forwarded: answered.has(`${r.id}:${r.recipientUnitId}`),
    formCode: r.formCode,
    collects: collects(r),
    report: reports.get(`${r.id}:${r.recipientUnitId}`) ?? null,
    recordedBy: recorder(r.recordedByUnitId),
    archived: r.archived,
  }));
}

export interface OutboxItem {
  id: number;
  campaignId: number;
  parentId: number | null;
  kind: string;
  status: string;
  issuerUnitId: number;
  issuerName: string;
  docNumber: string | null;
  title: string;
  issuedOn: string | null;
  deadline: string | null;
  formCode: string | null;
  /** The notice collects reports (a table or any other required part). */
  collects: boolean;
  blockLate: boolean;
  version: number;
  issuedAt: string | null;
  recipientCount: number;
  signedCount: number;
  /** 收文登记: recorded in this unit's name by the unit named here. */
  recordedBy: string | null;
}

/** 发文: notices the actor's units issued, drafts included — a list row each with its counts (two queries, not a full view per notice). */
export async function outbox(deps: AppDeps, ctx: RequestCtx): Promise<OutboxItem[]> {
  const { db } = deps.database;
  const rows = await repo.issuedBy(db, [...new Set(ctx.actor.grants.map((g) => g.unitId))]);
  const [counts, recorder] = await Promise.all([
    repo.signedCounts(
      db,
      rows.map((n) => n.id),
    ),
    recorderNames(db, rows),
  ]);
  return rows.map((n) => ({
    id: n.id,
    campaignId: n.campaignId,
    parentId: n.parentId,
    kind: n.kind,
    status: n.status,
    issuerUnitId: n.issuerUnitId,
    issuerName: n.issuerName,
    docNumber: n.docNumber,
    title: n.title,
    issuedOn: n.issuedOn,
    deadline: n.deadline,
    formCode: n.formCode,
    collects: collects(n),
    blockLate: n.blockLate,
    version: n.version,
    issuedAt: n.issuedAt?.toISOString() ?? null,
    recipientCount: counts.get(n.id)?.recipients ?? 0,
    signedCount: counts.get(n.id)?.signed ?? 0,
    recordedBy: recorder(n.recordedByUnitId),
  }));
}

export interface CascadeNode {
  id: number;
  parentId: number | null;
  depth: number;
  kind: string;
  status: string;
  unitId: number;
  unitName: string;
  issuerName: string;
  docNumber: string | null;
  title: string;
  issuedOn: string | null;
  deadline: string | null;
  recipients: number;
  signed: number;
  /** 收文登记: the name of the unit that recorded it (null: written by its issuer). */
  recordedBy: string | null;
  /** How its recipients stand on the statistics table; null when the notice asks for none. */
  progress: { reported: number; expected: number; overdue: number } | null;
}

function nodeProgress(
  groups: ProgressGroup[],
  deadline: string | null,
  today: string,
): NonNullable<CascadeNode['progress']> {
  const c = countProgress(groups, deadlinePassed(deadline, today));
  return { reported: c.submitted + c.accepted, expected: c.expected, overdue: c.overdue };
}

/**
 * Sibling filter: on a node the actor may not see the signatures of (a superior's notice addressed to it), the
 * counts cover only the actor's own units among its recipients, as the notice page lists only its own row — so a
 * province never learns from the national node how other provinces signed or reported.
 */
function ownCounts(
  recipients: repo.RecipientRow[] | undefined,
  own: ReadonlySet<number>,
): { recipients: number; signed: number } {
  const mine = (recipients ?? []).filter((r) => own.has(r.unitId));
  return { recipients: mine.length, signed: mine.filter((r) => r.signedAt !== null).length };
}

/** The cascade below a notice, as far as the actor may see: its own branch, never a sibling's. */
export async function cascadeTree(deps: AppDeps, ctx: RequestCtx, rootId: number): Promise<CascadeNode[]> {
  const { db } = deps.database;
  const { notice: root } = await requireNotice(db, ctx, rootId, 'view');
  const rows = await repo.subtree(db, root);
  const ids = rows.map((r) => r.id);
  const own = new Set(ctx.actor.grants.map((g) => g.unitId));
  const formIds = rows.filter((r) => collects(r)).map((r) => r.id);
  const [recipients, counts, unitInfo, groups, ownGroups] = await Promise.all([
    repo.recipientsOf(db, ids),
    repo.signedCounts(db, ids),
    repo.unitNames(db, [
      ...new Set(
        rows.flatMap((r) => (r.recordedByUnitId === null ? [r.issuerUnitId] : [r.issuerUnitId, r.recordedByUnitId])),
      ),
    ]),
    progressGroups(db, formIds),
    progressGroups(db, formIds, [...own]),
  ]);
  const today = todayInShanghai();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const above = (await resourceOf(db, root)).ancestorIssuerUnitIds;
  const ancestorsOf = (n: repo.NoticeRow): number[] => [
    ...above,
    ...pathIds(n.path)
      .filter((id) => id !== n.id && byId.has(id))
      .map((id) => byId.get(id)?.issuerUnitId ?? -1),
  ];
  const visible = new Set<number>();
  const nodes: CascadeNode[] = [];
  for (const n of rows) {
    const resource: NoticeResource = {
      issuerUnitId: n.issuerUnitId,
      status: n.status === 'issued' ? 'issued' : 'draft',
      recipientUnitIds: (recipients.get(n.id) ?? []).map((r) => r.unitId),
      ancestorIssuerUnitIds: ancestorsOf(n),
      recordedByUnitId: n.recordedByUnitId,
    };
    if (n.id !== root.id && !(n.parentId !== null && visible.has(n.parentId))) continue;
    if (!canOnNotice(ctx.actor, 'view', resource)) continue;
    visible.add(n.id);
    const all = canOnNotice(ctx.actor, 'view_signatures', resource);
    const c = all ? (counts.get(n.id) ?? { recipients: 0, signed: 0 }) : ownCounts(recipients.get(n.id), own);
    nodes.push({
      id: n.id,
      parentId: n.id === root.id ? null : n.parentId,
      depth: n.depth - root.depth,
      kind: n.kind,
      status: n.status,
      unitId: n.issuerUnitId,
      unitName: unitInfo.get(n.issuerUnitId)?.name ?? '',
      issuerName: n.issuerName,
      docNumber: n.docNumber,
      title: n.title,
      issuedOn: n.issuedOn,
      deadline: n.deadline,
      recipients: c.recipients,
      signed: c.signed,
      recordedBy: n.recordedByUnitId === null ? null : (unitInfo.get(n.recordedByUnitId)?.name ?? ''),
      progress: collects(n) ? nodeProgress((all ? groups : ownGroups).get(n.id) ?? [], n.deadline, today) : null,
    });
  }
  return nodes;
}

export interface TaskView extends Task {
  noticeId: number;
  noticeTitle: string;
  docNumber: string | null;
  issuerName: string;
  roleLabel: string;
}

/** 我的任务: every key arrangement that names one of the actor's units. */
export async function myTasks(
  deps: AppDeps,
  ctx: RequestCtx,
  filter: { role?: ArrangementRole | undefined; state?: TaskState | undefined },
): Promise<TaskView[]> {
  const { db } = deps.database;
  const unitIds = new Set(ctx.actor.grants.map((g) => g.unitId));
  const rows = await repo.naming(db, [...unitIds]);
  const campaignIds = [...new Set(rows.map((r) => r.campaignId))];
  const archived = new Set(
    (await Promise.all(campaignIds.map((id) => repo.findCampaign(db, id))))
      .filter((c) => c?.archived)
      .map((c) => c?.id),
  );
  const today = todayInShanghai();
  return rows.flatMap((n) =>
    tasksFor(n.arrangements, unitIds, n.deadline, today, archived.has(n.campaignId))
      .filter((t) => (!filter.role || t.role === filter.role) && (!filter.state || t.state === filter.state))
      .map((t) => ({
        ...t,
        noticeId: n.id,
        noticeTitle: n.title,
        docNumber: n.docNumber,
        issuerName: n.issuerName,
        roleLabel: ROLE_LABELS[t.role],
      })),
  );
}

/**
 * Corrects an issued notice: the current text is kept as a revision, the new one carries a change
 * note, and every recipient sees the notice as unread again. Recipients and the cascade stay.
 */
export async function reviseNotice(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
  version: number,
  changeNote: string,
  input: Omit<NoticeInput, 'recipientUnitIds'>,
): Promise<NoticeView> {
  if (!changeNote.trim()) throw new DomainError('NOTICE_CHANGE_NOTE_REQUIRED');
  const result = await deps.database.db.transaction(async (tx) => {
    const { notice } = await requireNotice(tx, ctx, id, 'revise');
    if (notice.version !== version) throw await staleEditError(tx, 'notice', id);
    const parent = notice.parentId ? await repo.findNotice(tx, notice.parentId) : undefined;
    const merged: NoticeInput = {
      ...input,
      deadline: input.deadline === undefined ? notice.deadline : input.deadline,
      formCode: input.formCode === undefined ? notice.formCode : input.formCode,
    };
    const { docNumber, warnings } = await validateContent(
      tx,
      notice.issuerUnitId,
      merged,
      parent,
      id,
      notice.recordedByUnitId !== null,
    );
    const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...snapshot } = notice;
    await repo.insertRevision(tx, {
      noticeId: id,
      revision: notice.revision,
      snapshot,
      changeNote: notice.changeNote,
      createdBy: ctx.actor.userId,
    });
    const row = await repo.updateNoticeVersioned(tx, id, version, {
      ...contentFields(input),
      ...(input.docNumber !== undefined && { docNumber: docNumber ?? null }),
      revision: notice.revision + 1,
      changeNote: changeNote.trim(),
    });
    if (!row) throw await staleEditError(tx, 'notice', id);
    await repo.markUnread(tx, id);
    await appendAudit(
      tx,
      audit(ctx, 'notice.revise', row, {
        revision: row.revision,
        changeNote: row.changeNote,
        fields: Object.keys(input),
      }),
    );
    return view(tx, ctx, row, warnings);
  });
  deps.sealer.nudge();
  return result;
}

export async function noticeRevisions(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
): Promise<{ revision: number; changeNote: string | null; createdAt: string; snapshot: Record<string, unknown> }[]> {
  const { db } = deps.database;
  await requireNotice(db, ctx, id, 'view');
  return (await repo.revisionsOf(db, id)).map((r) => ({
    revision: r.revision,
    changeNote: r.changeNote,
    createdAt: r.createdAt.toISOString(),
    snapshot: r.snapshot,
  }));
}
