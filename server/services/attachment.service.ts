import { DomainError } from '../../domain/errors/domain-error.ts';
import { isCalendarDate } from '../../domain/notices/cascade-rules.ts';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import * as repo from '../db/repositories/attachment.repository.ts';
import type { AttachmentRole, OwnerType } from '../db/repositories/attachment.repository.ts';
import { findFile, type FileRow } from '../db/repositories/file.repository.ts';
import type { DbOrTx } from '../db/tx.ts';
import { canReadOwner, resolveOwner, type OwnerAccess } from './attachment-access.ts';
import { fileView, type FileView } from './file.service.ts';
import { KIND_LABEL, type FileKind } from '../documents/file-types.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

export type { AttachmentRole, OwnerType };

/** Which roles each owner takes. */
export const OWNER_ROLES: Record<OwnerType, readonly AttachmentRole[]> = {
  // A report's 'file' is a part the notice names itself (活动方案, 需求表…), its label as the caption.
  report: ['photo', 'video', 'stamped_copy', 'file'],
  notice: ['attachment', 'original'],
  campaign: ['poster', 'file'],
  activity: ['photo', 'video'],
  case: ['photo', 'video'],
};

const ROLE_LABEL: Record<AttachmentRole, string> = {
  photo: '图片',
  video: '视频',
  stamped_copy: '盖章扫描件',
  attachment: '附件',
  original: '原始公文',
  poster: '宣传海报',
  file: '文件',
};

/** What a role accepts: a kind, or PDF for scans. */
function roleAccepts(role: AttachmentRole, f: FileRow): { ok: boolean; allowed: string } {
  const kind = f.kind as FileKind;
  switch (role) {
    case 'photo':
    case 'poster':
      return { ok: kind === 'image', allowed: '图片' };
    case 'video':
      return { ok: kind === 'video', allowed: '视频' };
    case 'stamped_copy':
      return { ok: kind === 'image' || f.mimeType === 'application/pdf', allowed: 'PDF 或图片' };
    case 'attachment':
    case 'file':
    case 'original':
      return { ok: true, allowed: '' };
  }
}

export const MAX_PER_OWNER = 200;

export interface AttachmentView {
  id: number;
  ownerType: OwnerType;
  ownerId: number;
  role: AttachmentRole;
  caption: string | null;
  takenOn: string | null;
  sortOrder: number;
  createdAt: string;
  createdByName: string | null;
  file: FileView;
}

export const attachmentView = (a: repo.AttachmentWithFile): AttachmentView => ({
  id: a.attachment.id,
  ownerType: a.attachment.ownerType as OwnerType,
  ownerId: a.attachment.ownerId,
  role: a.attachment.role as AttachmentRole,
  caption: a.attachment.caption,
  takenOn: a.attachment.takenOn,
  sortOrder: a.attachment.sortOrder,
  createdAt: a.attachment.createdAt.toISOString(),
  createdByName: a.createdByName,
  file: fileView(a.file),
});

function checkRole(ownerType: OwnerType, role: AttachmentRole): void {
  if (!OWNER_ROLES[ownerType].includes(role))
    throw new DomainError('VALIDATION_FAILED', { summary: `${ROLE_LABEL[role]}不能用于此处` });
}

function checkTakenOn(takenOn: string | null | undefined): void {
  if (takenOn && !isCalendarDate(takenOn)) throw new DomainError('NOTICE_DATE_INVALID', { date: takenOn });
}

function audit(
  ctx: RequestCtx,
  owner: OwnerAccess,
  action: string,
  summary: Record<string, unknown>,
): Parameters<typeof appendAudit>[1] {
  return {
    actorUserId: ctx.actor.userId || null,
    actorName: ctx.actor.username,
    unitId: owner.unitId,
    action,
    objectType: owner.ownerType,
    objectId: owner.ownerId,
    summary,
    ip: ctx.ip,
  };
}

export async function listAttachments(
  deps: AppDeps,
  ctx: RequestCtx,
  ownerType: OwnerType,
  ownerId: number,
  roles?: AttachmentRole[],
): Promise<{ items: AttachmentView[]; canEdit: boolean }> {
  const { db } = deps.database;
  const owner = await resolveOwner(db, ctx, ownerType, ownerId);
  const rows = await repo.attachmentsOf(db, ownerType, [ownerId], roles);
  return { items: rows.map(attachmentView), canEdit: !owner.editError };
}

export interface AttachInput {
  ownerType: OwnerType;
  ownerId: number;
  role: AttachmentRole;
  fileId: string;
  caption?: string | null | undefined;
  takenOn?: string | null | undefined;
}

/** May the actor use this file? Their own upload, or a file they can already read through another attachment. */
async function usableFile(db: DbOrTx, ctx: RequestCtx, fileId: string): Promise<FileRow> {
  const f = await findFile(db, fileId);
  if (!f) throw new DomainError('FILE_NOT_FOUND');
  if (f.uploadedBy === ctx.actor.userId) return f;
  for (const a of await repo.attachmentsOfFile(db, fileId)) {
    if (await canReadOwner(db, ctx, a.ownerType as OwnerType, a.ownerId)) return f;
  }
  throw new DomainError('FILE_NOT_FOUND');
}

/** Attaches a stored file to an owner (the generic entry point other services use too). */
export async function attach(deps: AppDeps, ctx: RequestCtx, input: AttachInput, db?: DbOrTx): Promise<AttachmentView> {
  checkRole(input.ownerType, input.role);
  checkTakenOn(input.takenOn);
  const run = async (tx: DbOrTx): Promise<AttachmentView> => {
    const owner = await resolveOwner(tx, ctx, input.ownerType, input.ownerId);
    if (owner.editError) throw owner.editError;
    const f = await usableFile(tx, ctx, input.fileId);
    const accepts = roleAccepts(input.role, f);
    if (!accepts.ok)
      throw new DomainError('ATTACHMENT_ROLE_INVALID', {
        name: f.originalName,
        kindLabel: KIND_LABEL[f.kind as FileKind],
        roleLabel: ROLE_LABEL[input.role],
        allowed: accepts.allowed,
      });
    const { count, maxSort } = await repo.countOf(tx, input.ownerType, input.ownerId);
    if (count >= MAX_PER_OWNER) throw new DomainError('ATTACHMENT_TOO_MANY', { max: MAX_PER_OWNER });
    const a = await repo.insertAttachment(tx, {
      ownerType: input.ownerType,
      ownerId: input.ownerId,
      role: input.role,
      fileId: f.id,
      caption: input.caption?.trim() || null,
      takenOn: input.takenOn ?? null,
      sortOrder: maxSort + 1,
      createdBy: ctx.actor.userId || null,
    });
    await appendAudit(
      tx,
      audit(ctx, owner, 'attachment.add', {
        attachmentId: a.id,
        role: a.role,
        fileId: f.id,
        name: f.originalName,
        caption: a.caption,
      }),
    );
    const full = await repo.findAttachment(tx, a.id);
    if (!full) throw new Error('attachment vanished');
    return attachmentView(full);
  };
  const result = db ? await run(db) : await deps.database.db.transaction(run);
  deps.sealer.nudge();
  return result;
}

async function editable(
  db: DbOrTx,
  ctx: RequestCtx,
  id: number,
): Promise<{ found: repo.AttachmentWithFile; owner: OwnerAccess }> {
  const found = await repo.findAttachment(db, id);
  if (!found) throw new DomainError('ATTACHMENT_NOT_FOUND');
  let owner: OwnerAccess;
  try {
    owner = await resolveOwner(db, ctx, found.attachment.ownerType as OwnerType, found.attachment.ownerId);
  } catch (err) {
    if (err instanceof DomainError && err.kind === 'not_found') throw new DomainError('ATTACHMENT_NOT_FOUND');
    throw err;
  }
  if (owner.editError) throw owner.editError;
  return { found, owner };
}

export async function updateAttachment(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
  patch: { caption?: string | null | undefined; takenOn?: string | null | undefined },
): Promise<AttachmentView> {
  checkTakenOn(patch.takenOn);
  const result = await deps.database.db.transaction(async (tx) => {
    const { found, owner } = await editable(tx, ctx, id);
    const set: { caption?: string | null; takenOn?: string | null } = {};
    if (patch.caption !== undefined) set.caption = patch.caption?.trim() || null;
    if (patch.takenOn !== undefined) set.takenOn = patch.takenOn || null;
    if (Object.keys(set).length) {
      await repo.updateAttachment(tx, id, set);
      await appendAudit(
        tx,
        audit(ctx, owner, 'attachment.update', {
          attachmentId: id,
          before: { caption: found.attachment.caption, takenOn: found.attachment.takenOn },
          after: set,
        }),
      );
    }
    const full = await repo.findAttachment(tx, id);
    if (!full) throw new DomainError('ATTACHMENT_NOT_FOUND');
    return attachmentView(full);
  });
  deps.sealer.nudge();
  return result;
}

export async function detach(deps: AppDeps, ctx: RequestCtx, id: number): Promise<void> {
  await deps.database.db.transaction(async (tx) => {
    const { found, owner } = await editable(tx, ctx, id);
    await repo.deleteAttachment(tx, id);
    // The file itself stays (audit trail, other references); only the link goes.
    await appendAudit(
      tx,
      audit(ctx, owner, 'attachment.remove', {
        attachmentId: id,
        role: found.attachment.role,
        fileId: found.file.id,
        name: found.file.originalName,
      }),
    );
  });
  deps.sealer.nudge();
}

/** New order of an owner's attachments (ids first to last; others keep their place after them). */
export async function reorderAttachments(
  deps: AppDeps,
  ctx: RequestCtx,
  ownerType: OwnerType,
  ownerId: number,
  ids: number[],
): Promise<AttachmentView[]> {
  const result = await deps.database.db.transaction(async (tx) => {
    const owner = await resolveOwner(tx, ctx, ownerType, ownerId);
    if (owner.editError) throw owner.editError;
    const rows = await repo.attachmentsOf(tx, ownerType, [ownerId]);
    const known = new Set(rows.map((r) => r.attachment.id));
    const unknown = ids.filter((i) => !known.has(i));
    if (unknown.length) throw new DomainError('ATTACHMENT_NOT_FOUND', { ids: unknown });
    const order = [...new Set(ids), ...rows.map((r) => r.attachment.id).filter((i) => !ids.includes(i))];
    for (const [i, aid] of order.entries()) await repo.updateAttachment(tx, aid, { sortOrder: i + 1 });
    await appendAudit(tx, audit(ctx, owner, 'attachment.reorder', { order }));
    return (await repo.attachmentsOf(tx, ownerType, [ownerId])).map(attachmentView);
  });
  deps.sealer.nudge();
  return result;
}

/** A file the actor may read: their own upload, or one attached to something they can see. */
export async function requireReadableFile(deps: AppDeps, ctx: RequestCtx, fileId: string): Promise<FileRow> {
  return usableFile(deps.database.db, ctx, fileId);
}

/** A campaign poster, for anyone (the public side). */
export async function publicPoster(deps: AppDeps, attachmentId: number): Promise<FileRow> {
  const found = await repo.findAttachment(deps.database.db, attachmentId);
  if (found?.attachment.ownerType !== 'campaign' || found.attachment.role !== 'poster')
    throw new DomainError('ATTACHMENT_NOT_FOUND');
  return found.file;
}
