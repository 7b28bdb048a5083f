import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { campaigns, noticeRecipients, noticeRevisions, notices, units } from '../schema.ts';
import type { DbOrTx } from '../tx.ts';
import { invalidateRollup } from './rollup-cache.repository.ts';

export type NoticeRow = typeof notices.$inferSelect;
export type NewNotice = typeof notices.$inferInsert;
export type CampaignRow = typeof campaigns.$inferSelect;

export async function insertCampaign(db: DbOrTx, c: typeof campaigns.$inferInsert): Promise<CampaignRow> {
  const rows = await db.insert(campaigns).values(c).returning();
  if (!rows[0]) throw new Error('insert returned no row');
  return rows[0];
}

export async function findCampaign(db: DbOrTx, id: number): Promise<CampaignRow | undefined> {
  return (await db.select().from(campaigns).where(eq(campaigns.id, id)).limit(1))[0];
}

export async function listCampaigns(db: DbOrTx): Promise<CampaignRow[]> {
  return db
    .select()
    .from(campaigns)
    .orderBy(sql`${campaigns.year} desc`, asc(campaigns.id));
}

export async function insertNotice(db: DbOrTx, n: NewNotice): Promise<NoticeRow> {
  const rows = await db.insert(notices).values(n).returning();
  if (!rows[0]) throw new Error('insert returned no row');
  return rows[0];
}

export async function findNotice(db: DbOrTx, id: number): Promise<NoticeRow | undefined> {
  return (await db.select().from(notices).where(eq(notices.id, id)).limit(1))[0];
}

export async function findNoticesByIds(db: DbOrTx, ids: number[]): Promise<NoticeRow[]> {
  return ids.length ? db.select().from(notices).where(inArray(notices.id, ids)) : [];
}

export async function findByDocNumber(db: DbOrTx, docNumber: string): Promise<NoticeRow[]> {
  return db.select().from(notices).where(eq(notices.docNumber, docNumber));
}

export async function findByTitle(db: DbOrTx, title: string): Promise<NoticeRow[]> {
  return db.select().from(notices).where(eq(notices.title, title));
}

export async function findIssuerDocNumber(
  db: DbOrTx,
  issuerUnitId: number,
  docNumber: string,
  exceptId?: number,
): Promise<NoticeRow | undefined> {
  const conds: SQL[] = [eq(notices.issuerUnitId, issuerUnitId), eq(notices.docNumber, docNumber)];
  if (exceptId !== undefined) conds.push(sql`${notices.id} <> ${exceptId}`);
  return (
    await db
      .select()
      .from(notices)
      .where(and(...conds))
      .limit(1)
  )[0];
}

export async function childrenByIssuer(db: DbOrTx, parentId: number, issuerUnitIds: number[]): Promise<NoticeRow[]> {
  return issuerUnitIds.length
    ? db
        .select()
        .from(notices)
        .where(and(eq(notices.parentId, parentId), inArray(notices.issuerUnitId, issuerUnitIds)))
    : [];
}

export async function updateNoticeVersioned(
  db: DbOrTx,
  id: number,
  version: number,
  patch: Partial<NewNotice>,
): Promise<NoticeRow | undefined> {
  const rows = await db
    .update(notices)
    .set({ ...patch, version: sql`${notices.version} + 1`, updatedAt: new Date() })
    .where(and(eq(notices.id, id), eq(notices.version, version)))
    .returning();
  return rows[0];
}

export async function setRecipients(db: DbOrTx, noticeId: number, unitIds: number[]): Promise<void> {
  await db.delete(noticeRecipients).where(eq(noticeRecipients.noticeId, noticeId));
  if (unitIds.length) await db.insert(noticeRecipients).values(unitIds.map((unitId) => ({ noticeId, unitId })));
  // Recipients are the roll-ups' 应报 counts.
  await invalidateRollup(db, noticeId);
}

export interface RecipientRow {
  noticeId: number;
  unitId: number;
  unitName: string;
  readAt: Date | null;
  signedAt: Date | null;
}

export async function recipientsOf(db: DbOrTx, noticeIds: number[]): Promise<Map<number, RecipientRow[]>> {
  const map = new Map<number, RecipientRow[]>();
  if (noticeIds.length === 0) return map;
  const rows = await db
    .select({
      noticeId: noticeRecipients.noticeId,
      unitId: noticeRecipients.unitId,
      unitName: units.name,
      readAt: noticeRecipients.readAt,
      signedAt: noticeRecipients.signedAt,
    })
    .from(noticeRecipients)
    .innerJoin(units, eq(units.id, noticeRecipients.unitId))
    .where(inArray(noticeRecipients.noticeId, noticeIds))
    .orderBy(asc(units.path));
  for (const r of rows) map.set(r.noticeId, [...(map.get(r.noticeId) ?? []), r]);
  return map;
}

/**
 * A unit that acts on a notice (reports on it, issues a forward or plan of it) has received it: read and signed
 * from then, if it never pressed 签收, so 签收 agrees with what happened.
 */
export async function markActed(db: DbOrTx, noticeId: number, unitId: number, userId: number): Promise<void> {
  await db.execute(sql`
    update notice_recipients set signed_at = now(), signed_by = ${userId}, read_at = coalesce(read_at, now())
    where notice_id = ${noticeId} and unit_id = ${unitId} and signed_at is null`);
}

/** Every recipient that forwarded a notice or reported on it counts as signed from then (the demo's history). */
export async function signActedRecipients(db: DbOrTx): Promise<void> {
  await db.execute(sql`
    update notice_recipients r set signed_at = s.at, read_at = coalesce(r.read_at, s.at)
    from (
      select r2.notice_id, r2.unit_id, least(
        (select min(coalesce(c.issued_at, c.created_at)) from notices c
          where c.parent_id = r2.notice_id and c.issuer_unit_id = r2.unit_id and c.status = 'issued'),
        (select min(coalesce(rep.submitted_at, rep.created_at)) from reports rep
          where rep.notice_id = r2.notice_id and rep.unit_id = r2.unit_id and rep.status <> 'draft')
      ) as at
      from notice_recipients r2 where r2.signed_at is null
    ) s
    where r.notice_id = s.notice_id and r.unit_id = s.unit_id and s.at is not null`);
}

export async function markRecipient(
  db: DbOrTx,
  noticeId: number,
  unitIds: number[],
  patch: { readAt?: Date; signedAt?: Date; signedBy?: number },
): Promise<number> {
  if (unitIds.length === 0) return 0;
  const conds = [eq(noticeRecipients.noticeId, noticeId), inArray(noticeRecipients.unitId, unitIds)];
  if (patch.signedAt) conds.push(isNull(noticeRecipients.signedAt));
  else if (patch.readAt) conds.push(isNull(noticeRecipients.readAt));
  const rows = await db
    .update(noticeRecipients)
    .set(patch)
    .where(and(...conds))
    .returning();
  return rows.length;
}

/** Issued notices addressed to any of the units, newest first. */
export async function inbox(
  db: DbOrTx,
  unitIds: number[],
): Promise<(NoticeRow & { recipientUnitId: number; readAt: Date | null; signedAt: Date | null; archived: boolean })[]> {
  if (unitIds.length === 0) return [];
  const rows = await db
    .select({
      n: notices,
      recipientUnitId: noticeRecipients.unitId,
      readAt: noticeRecipients.readAt,
      signedAt: noticeRecipients.signedAt,
      archived: campaigns.archived,
    })
    .from(noticeRecipients)
    .innerJoin(notices, eq(notices.id, noticeRecipients.noticeId))
    .innerJoin(campaigns, eq(campaigns.id, notices.campaignId))
    .where(and(inArray(noticeRecipients.unitId, unitIds), eq(notices.status, 'issued')))
    .orderBy(sql`${notices.issuedAt} desc nulls last`, sql`${notices.id} desc`);
  return rows.map((r) => ({
    ...r.n,
    recipientUnitId: r.recipientUnitId,
    readAt: r.readAt,
    signedAt: r.signedAt,
    archived: r.archived,
  }));
}

/** Notices issued by the units (drafts included), newest first. */
export async function issuedBy(db: DbOrTx, unitIds: number[]): Promise<NoticeRow[]> {
  return unitIds.length
    ? db
        .select()
        .from(notices)
        .where(inArray(notices.issuerUnitId, unitIds))
        .orderBy(sql`${notices.id} desc`)
    : [];
}

/** The whole cascade below (and including) a notice, in path order. */
export async function subtree(db: DbOrTx, root: NoticeRow): Promise<NoticeRow[]> {
  return db
    .select()
    .from(notices)
    .where(sql`${notices.path} like ${`${root.path}%`}`)
    .orderBy(asc(notices.depth), asc(notices.id));
}

export async function signedCounts(
  db: DbOrTx,
  noticeIds: number[],
): Promise<Map<number, { recipients: number; signed: number }>> {
  const map = new Map<number, { recipients: number; signed: number }>();
  if (noticeIds.length === 0) return map;
  const rows = await db
    .select({
      noticeId: noticeRecipients.noticeId,
      recipients: sql<number>`count(*)`.mapWith(Number),
      signed: sql<number>`count(${noticeRecipients.signedAt})`.mapWith(Number),
    })
    .from(noticeRecipients)
    .where(inArray(noticeRecipients.noticeId, noticeIds))
    .groupBy(noticeRecipients.noticeId);
  for (const r of rows) map.set(r.noticeId, { recipients: r.recipients, signed: r.signed });
  return map;
}

export async function unitNames(db: DbOrTx, ids: number[]): Promise<Map<number, { name: string; path: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: units.id, name: units.name, path: units.path })
    .from(units)
    .where(inArray(units.id, ids));
  return new Map(rows.map((r) => [r.id, { name: r.name, path: r.path }]));
}

/** Issued notices whose key arrangements name any of the units, in any role. */
export async function naming(db: DbOrTx, unitIds: number[]): Promise<NoticeRow[]> {
  if (unitIds.length === 0) return [];
  return db
    .select()
    .from(notices)
    .where(
      and(
        eq(notices.status, 'issued'),
        sql`exists (
    select 1 from jsonb_array_elements(${notices.arrangements}) a
    cross join lateral jsonb_array_elements(coalesce(a->'lead','[]'::jsonb) || coalesce(a->'responsible','[]'::jsonb)
      || coalesce(a->'cooperating','[]'::jsonb) || coalesce(a->'implementing','[]'::jsonb)) u
    where (u->>'unitId')::int = any(${sql.param(unitIds)}::int[]))`,
      ),
    )
    .orderBy(sql`${notices.deadline} nulls last`, asc(notices.id));
}

export async function insertRevision(db: DbOrTx, r: typeof noticeRevisions.$inferInsert): Promise<void> {
  await db.insert(noticeRevisions).values(r);
}

export async function revisionsOf(db: DbOrTx, noticeId: number): Promise<(typeof noticeRevisions.$inferSelect)[]> {
  return db
    .select()
    .from(noticeRevisions)
    .where(eq(noticeRevisions.noticeId, noticeId))
    .orderBy(asc(noticeRevisions.revision));
}

/** A corrected notice is unread again for every recipient (signatures stay). */
export async function markUnread(db: DbOrTx, noticeId: number): Promise<void> {
  await db.update(noticeRecipients).set({ readAt: null }).where(eq(noticeRecipients.noticeId, noticeId));
}

export async function updateCampaignVersioned(
  db: DbOrTx,
  id: number,
  version: number,
  patch: Partial<typeof campaigns.$inferInsert>,
): Promise<CampaignRow | undefined> {
  const rows = await db
    .update(campaigns)
    .set({ ...patch, version: sql`${campaigns.version} + 1`, updatedAt: new Date() })
    .where(and(eq(campaigns.id, id), eq(campaigns.version, version)))
    .returning();
  return rows[0];
}

export async function noticesOfCampaignBy(
  db: DbOrTx,
  campaignId: number,
  issuerUnitIds: number[],
): Promise<NoticeRow[]> {
  return issuerUnitIds.length
    ? db
        .select()
        .from(notices)
        .where(and(eq(notices.campaignId, campaignId), inArray(notices.issuerUnitId, issuerUnitIds)))
        .orderBy(asc(notices.id))
    : [];
}

/** Which of the notices the units have already answered with a notice of their own. */
export async function answeredBy(
  db: DbOrTx,
  parentIds: number[],
  issuerUnitIds: number[],
): Promise<{ parentId: number | null; issuerUnitId: number }[]> {
  if (parentIds.length === 0 || issuerUnitIds.length === 0) return [];
  return db
    .selectDistinct({ parentId: notices.parentId, issuerUnitId: notices.issuerUnitId })
    .from(notices)
    .where(and(inArray(notices.parentId, parentIds), inArray(notices.issuerUnitId, issuerUnitIds)));
}

/** One unit's recipient row of a notice (reports check just this, not the whole list). */
export async function recipientOf(db: DbOrTx, noticeId: number, unitId: number): Promise<RecipientRow | undefined> {
  const rows = await db
    .select({
      noticeId: noticeRecipients.noticeId,
      unitId: noticeRecipients.unitId,
      unitName: units.name,
      readAt: noticeRecipients.readAt,
      signedAt: noticeRecipients.signedAt,
    })
    .from(noticeRecipients)
    .innerJoin(units, eq(units.id, noticeRecipients.unitId))
    .where(and(eq(noticeRecipients.noticeId, noticeId), eq(noticeRecipients.unitId, unitId)))
    .limit(1);
  return rows[0];
}

/** A notice of the issuer with this title and date (a date of null matches null): a received notice without 文号 already recorded. */
export async function findIssuerTitleDate(
  db: DbOrTx,
  issuerUnitId: number,
  title: string,
  issuedOn: string | null,
): Promise<NoticeRow | undefined> {
  const date = issuedOn === null ? isNull(notices.issuedOn) : eq(notices.issuedOn, issuedOn);
  return (
    await db
      .select()
      .from(notices)
      .where(and(eq(notices.issuerUnitId, issuerUnitId), eq(notices.title, title), date))
      .limit(1)
  )[0];
}
