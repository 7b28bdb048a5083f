import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { ReportStatus } from '../../../domain/reports/report.policy.ts';
import { activities, campaigns, noticeRecipients, notices, reports, units } from '../schema.ts';
import type { DbOrTx } from '../tx.ts';

export type ActivityRow = typeof activities.$inferSelect;
export type NewActivity = typeof activities.$inferInsert;

/** What deciding access to a unit's activities, cases and progress on a notice needs, in one query. */
export interface NarrativeContextRow {
  notice: {
    id: number;
    status: string;
    formCode: string | null;
    requiredReports: string[];
    issuerUnitId: number;
    path: string;
    arrangementTitles: string[];
  };
  campaignYear: number;
  archived: boolean;
  aboveIssuerUnitIds: number[];
  /** The unit's name when the notice is addressed to it; null otherwise. */
  recipientUnitName: string | null;
  report: { status: ReportStatus; onBehalf: boolean } | null;
}

export async function narrativeContext(
  db: DbOrTx,
  noticeId: number,
  unitId: number,
): Promise<NarrativeContextRow | undefined> {
  const rows = await db
    .select({
      notice: {
        id: notices.id,
        status: notices.status,
        formCode: notices.formCode,
        requiredReports: notices.requiredReports,
        issuerUnitId: notices.issuerUnitId,
        path: notices.path,
        arrangementTitles: sql<
          string[]
        >`coalesce((select array_agg(a->>'title') from jsonb_array_elements(${notices.arrangements}) a), '{}')`,
      },
      campaignYear: campaigns.year,
      archived: campaigns.archived,
      aboveIssuerUnitIds: sql<
        number[]
      >`array(select a.issuer_unit_id from ${notices} a where a.id = any(string_to_array(trim(both '/' from ${notices.path}), '/')::int[]) and a.id <> ${notices.id})`,
      recipientUnitName: units.name,
      reportStatus: reports.status,
      reportOnBehalf: reports.onBehalf,
    })
    .from(notices)
    .innerJoin(campaigns, eq(campaigns.id, notices.campaignId))
    .leftJoin(reports, and(eq(reports.noticeId, notices.id), eq(reports.unitId, unitId)))
    .leftJoin(noticeRecipients, and(eq(noticeRecipients.noticeId, notices.id), eq(noticeRecipients.unitId, unitId)))
    .leftJoin(units, eq(units.id, noticeRecipients.unitId))
    .where(eq(notices.id, noticeId))
    .limit(1);
  const r = rows[0];
  if (!r) return undefined;
  return {
    notice: r.notice,
    campaignYear: r.campaignYear,
    archived: r.archived,
    aboveIssuerUnitIds: r.aboveIssuerUnitIds.map(Number),
    recipientUnitName: r.recipientUnitName,
    report:
      r.reportStatus === null ? null : { status: r.reportStatus as ReportStatus, onBehalf: r.reportOnBehalf ?? false },
  };
}

const ORDER = [asc(activities.sortOrder), sql`${activities.startOn} asc nulls last`, asc(activities.id)];

export function listActivities(db: DbOrTx, noticeId: number, unitId: number): Promise<ActivityRow[]> {
  return db
    .select()
    .from(activities)
    .where(and(eq(activities.noticeId, noticeId), eq(activities.unitId, unitId)))
    .orderBy(...ORDER);
}

export async function findActivity(db: DbOrTx, id: number): Promise<ActivityRow | undefined> {
  return (await db.select().from(activities).where(eq(activities.id, id)).limit(1))[0];
}

export async function insertActivity(db: DbOrTx, a: NewActivity): Promise<ActivityRow> {
  const row = (await db.insert(activities).values(a).returning())[0];
  if (!row) throw new Error('insert activity returned nothing');
  return row;
}

export async function insertActivitiesBulk(db: DbOrTx, rows: NewActivity[]): Promise<void> {
  if (rows.length) await db.insert(activities).values(rows);
}

/** The next sort position at the end of a unit's list. */
export async function nextActivitySort(db: DbOrTx, noticeId: number, unitId: number): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`coalesce(max(${activities.sortOrder}), 0) + 1`.mapWith(Number) })
    .from(activities)
    .where(and(eq(activities.noticeId, noticeId), eq(activities.unitId, unitId)));
  return rows[0]?.n ?? 1;
}

/** Compare-and-set on version: nothing when someone else changed it first. */
export async function updateActivityVersioned(
  db: DbOrTx,
  id: number,
  version: number,
  patch: Partial<NewActivity>,
): Promise<ActivityRow | undefined> {
  return (
    await db
      .update(activities)
      .set({ ...patch, version: sql`${activities.version} + 1`, updatedAt: new Date() })
      .where(and(eq(activities.id, id), eq(activities.version, version)))
      .returning()
  )[0];
}

export async function deleteActivityVersioned(db: DbOrTx, id: number, version: number): Promise<boolean> {
  return (
    (
      await db
        .delete(activities)
        .where(and(eq(activities.id, id), eq(activities.version, version)))
        .returning({ id: activities.id })
    ).length > 0
  );
}

export interface DigestActivityRow {
  unitId: number;
  title: string;
  startOn: string | null;
  endOn: string | null;
  place: string | null;
  audience: string | null;
  participants: number | null;
}

/** The activities registered in a notice's cascade by the given units, in each unit's own order. */
export function activitiesOfUnitsInCascade(
  db: DbOrTx,
  noticePath: string,
  unitIds: number[],
  visible: SQL | undefined,
): Promise<DigestActivityRow[]> {
  if (!unitIds.length) return Promise.resolve([]);
  return db
    .select({
      unitId: activities.unitId,
      title: activities.title,
      startOn: activities.startOn,
      endOn: activities.endOn,
      place: activities.place,
      audience: activities.audience,
      participants: activities.participants,
    })
    .from(activities)
    .innerJoin(notices, eq(notices.id, activities.noticeId))
    .where(and(sql`${notices.path} like ${`${noticePath}%`}`, inArray(activities.unitId, unitIds), visible))
    .orderBy(asc(notices.depth), ...ORDER);
}

export interface ChildUnitRow {
  id: number;
  name: string;
  kind: string;
  sortOrder: number;
}

/** A unit's active children in the tree's order (division code order for regions). */
export function activeChildren(db: DbOrTx, parentId: number): Promise<ChildUnitRow[]> {
  return db
    .select({ id: units.id, name: units.name, kind: units.kind, sortOrder: units.sortOrder })
    .from(units)
    .where(and(eq(units.parentId, parentId), eq(units.active, true)))
    .orderBy(asc(units.sortOrder), asc(units.name), asc(units.id));
}
