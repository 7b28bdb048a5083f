import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { activities, attachments, files, typicalCases, users } from '../schema.ts';
import type { DbOrTx } from '../tx.ts';
import type { FileRow } from './file.repository.ts';

export type AttachmentRow = typeof attachments.$inferSelect;
export type NewAttachment = typeof attachments.$inferInsert;
export type OwnerType = 'report' | 'notice' | 'campaign' | 'activity' | 'case';
export type AttachmentRole = 'photo' | 'video' | 'stamped_copy' | 'attachment' | 'original' | 'poster' | 'file';

export interface AttachmentWithFile {
  attachment: AttachmentRow;
  file: FileRow;
  createdByName: string | null;
}

export async function insertAttachment(db: DbOrTx, a: NewAttachment): Promise<AttachmentRow> {
  const rows = await db.insert(attachments).values(a).returning();
  if (!rows[0]) throw new Error('insert returned no row');
  return rows[0];
}

export async function findAttachment(db: DbOrTx, id: number): Promise<AttachmentWithFile | undefined> {
  return (
    await db
      .select({ attachment: attachments, file: files, createdByName: users.displayName })
      .from(attachments)
      .innerJoin(files, eq(files.id, attachments.fileId))
      .leftJoin(users, eq(users.id, attachments.createdBy))
      .where(eq(attachments.id, id))
      .limit(1)
  )[0];
}

export async function attachmentsOf(
  db: DbOrTx,
  ownerType: OwnerType,
  ownerIds: number[],
  roles?: AttachmentRole[],
): Promise<AttachmentWithFile[]> {
  if (!ownerIds.length) return [];
  return db
    .select({ attachment: attachments, file: files, createdByName: users.displayName })
    .from(attachments)
    .innerJoin(files, eq(files.id, attachments.fileId))
    .leftJoin(users, eq(users.id, attachments.createdBy))
    .where(
      and(
        eq(attachments.ownerType, ownerType),
        inArray(attachments.ownerId, ownerIds),
        roles?.length ? inArray(attachments.role, roles) : undefined,
      ),
    )
    .orderBy(asc(attachments.ownerId), asc(attachments.sortOrder), asc(attachments.id));
}

/** The attachments that reference a file (to decide who may read it). */
export async function attachmentsOfFile(db: DbOrTx, fileId: string): Promise<AttachmentRow[]> {
  return db.select().from(attachments).where(eq(attachments.fileId, fileId)).orderBy(asc(attachments.id)).limit(50);
}

export async function countOf(
  db: DbOrTx,
  ownerType: OwnerType,
  ownerId: number,
): Promise<{ count: number; maxSort: number }> {
  const rows = await db
    .select({
      count: sql<number>`count(*)::int`,
      maxSort: sql<number>`coalesce(max(${attachments.sortOrder}), 0)::int`,
    })
    .from(attachments)
    .where(and(eq(attachments.ownerType, ownerType), eq(attachments.ownerId, ownerId)));
  return rows[0] ?? { count: 0, maxSort: 0 };
}

export async function updateAttachment(
  db: DbOrTx,
  id: number,
  patch: { caption?: string | null; takenOn?: string | null; sortOrder?: number },
): Promise<AttachmentRow | undefined> {
  return (await db.update(attachments).set(patch).where(eq(attachments.id, id)).returning())[0];
}

export async function deleteAttachment(db: DbOrTx, id: number): Promise<void> {
  await db.delete(attachments).where(eq(attachments.id, id));
}

/** Where an activity or a typical case belongs: its notice and unit. */
export async function ownerNoticeUnit(
  db: DbOrTx,
  ownerType: 'activity' | 'case',
  id: number,
): Promise<{ noticeId: number; unitId: number } | undefined> {
  const table = ownerType === 'activity' ? activities : typicalCases;
  return (
    await db.select({ noticeId: table.noticeId, unitId: table.unitId }).from(table).where(eq(table.id, id)).limit(1)
  )[0];
}

export interface CascadeMediaRow {
  attachmentId: number;
  ownerType: 'report' | 'activity';
  role: string;
  caption: string | null;
  takenOn: string | null;
  createdAt: Date;
  fileId: string;
  originalName: string;
  storageKey: string;
  kind: string;
  size: number;
  unitId: number;
  unitName: string;
  unitPath: string;
  activityTitle: string | null;
}

/**
 * Photos and videos of a notice's cascade (`notices.path LIKE prefix%`) as the roll-up counts it: one report
 * per unit (the channel nearest the root), submitted or accepted (or accepted only); with the activities
 * registered by those units under the same notice.
 */
export async function cascadeMedia(db: DbOrTx, rootPath: string, statuses: string[]): Promise<CascadeMediaRow[]> {
  const rows = await db.execute<Record<string, unknown>>(sql`
    with picked as (
      select distinct on (r.unit_id) r.id as report_id, r.unit_id, r.notice_id, r.status
      from reports r join notices n on n.id = r.notice_id
      where n.path like ${`${rootPath}%`}
      order by r.unit_id, n.depth, n.id
    ), counted as (select * from picked where status = any(${sql.param(statuses)}::text[]))
    select a.id as attachment_id, a.owner_type, a.role, a.caption, a.taken_on::text as taken_on, a.created_at, a.sort_order,
      f.id as file_id, f.original_name, f.storage_key, f.kind, f.size, u.id as unit_id, u.name as unit_name, u.path as unit_path,
      null::text as activity_title, 0 as activity_order, 0 as activity_id
    from counted c
      join attachments a on a.owner_type = 'report' and a.owner_id = c.report_id and a.role in ('photo', 'video')
      join files f on f.id = a.file_id join units u on u.id = c.unit_id
    union all
    select a.id, a.owner_type, a.role, a.caption, a.taken_on::text, a.created_at, a.sort_order,
      f.id, f.original_name, f.storage_key, f.kind, f.size, u.id, u.name, u.path,
      act.title, act.sort_order, act.id
    from counted c
      join activities act on act.notice_id = c.notice_id and act.unit_id = c.unit_id
      join attachments a on a.owner_type = 'activity' and a.owner_id = act.id and a.role in ('photo', 'video')
      join files f on f.id = a.file_id join units u on u.id = c.unit_id
    order by unit_path, unit_id, activity_order, activity_id, sort_order, attachment_id`);
  return rows.rows.map((r) => ({
    attachmentId: Number(r.attachment_id),
    ownerType: r.owner_type as 'report' | 'activity',
    role: String(r.role),
    caption: r.caption as string | null,
    takenOn: r.taken_on as string | null,
    createdAt: new Date(r.created_at as string | Date),
    fileId: String(r.file_id),
    originalName: String(r.original_name),
    storageKey: String(r.storage_key),
    kind: String(r.kind),
    size: Number(r.size),
    unitId: Number(r.unit_id),
    unitName: String(r.unit_name),
    unitPath: String(r.unit_path),
    activityTitle: r.activity_title as string | null,
  }));
}
