import { and, asc, desc, eq, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { auditLog, campaigns, forms, noticeRecipients, notices, reports, reportUnlockRequests, unitAliases, units, users } from '../schema.ts';
import type { Db } from '../database.ts';
import { statementName } from '../database.ts';
import type { DbOrTx } from '../tx.ts';
import { invalidateRollup } from './rollup-cache.repository.ts';

export type ReportRow = typeof reports.$inferSelect;
export type NewReport = typeof reports.$inferInsert;
export type UnlockRequestRow = typeof reportUnlockRequests.$inferSelect;

export async function findReport(db: DbOrTx, id: number): Promise<ReportRow | undefined> {
  return (await db.select().from(reports).where(eq(reports.id, id)).limit(1))[0];
}

export async function findByNoticeUnit(db: DbOrTx, noticeId: number, unitId: number): Promise<ReportRow | undefined> {
  return (await db.select().from(reports).where(and(eq(reports.noticeId, noticeId), eq(reports.unitId, unitId))).limit(1))[0];
}

export async function reportsOfNotice(db: DbOrTx, noticeId: number): Promise<ReportRow[]> {
  return db.select().from(reports).where(eq(reports.noticeId, noticeId));
}

/** Creates the draft, or does nothing when another request created it first. */
export async function insertReport(db: DbOrTx, r: NewReport): Promise<ReportRow | undefined> {
  return (await db.insert(reports).values(r).onConflictDoNothing().returning())[0];
}

/** Compare-and-set on version: a stale or concurrent write updates nothing. */
export async function updateReportVersioned(db: DbOrTx, id: number, version: number, patch: Partial<NewReport>): Promise<ReportRow | undefined> {
  const rows = await db.update(reports).set({ ...patch, version: sql`${reports.version} + 1`, updatedAt: new Date() })
    .where(and(eq(reports.id, id), eq(reports.version, version))).returning();
  // Status changes and a counted report's figures change the roll-ups above it (draft autosaves do not).
  const row = rows[0];
  if (row && (patch.status !== undefined || row.status !== 'draft')) await invalidateRollup(db, row.noticeId);
  return row;
}

/** The audit entry written together with a report write (unit and object id come from the written row). */
export interface ReportAudit { actorUserId: number; actorName: string; action: string; summary: Record<string, unknown>; ip: string | null }

// The write and its audit entry as one statement (a data-modifying CTE): atomic without a transaction and its two
// extra round trips, which is what the busiest path (autosave, submit) pays for. Same columns as appendAudit.
function auditOf(db: DbOrTx, written: { _: { alias: string } }, a: ReportAudit) {
  return db.$with('report_audit', {}).as(sql`insert into ${auditLog} (actor_user_id, actor_name, unit_id, action, object_type, object_id, summary, ip)
    select ${a.actorUserId}, ${a.actorName}, w.unit_id, ${a.action}, 'report', w.id::text, ${JSON.stringify(a.summary)}::jsonb, ${a.ip} from ${sql.identifier(written._.alias)} w`);
}

// Status changes and a counted report's figures drop the cached roll-ups above it (draft autosaves do not),
// in the same statement: a CTE runs only when referenced, hence the count in the final select's filter.
function droppedRollups(db: DbOrTx, written: { _: { alias: string } }, always: boolean) {
  return db.$with('dropped_rollups', {}).as(sql`select invalidate_rollup(w.notice_id) from ${sql.identifier(written._.alias)} w
    where ${always ? sql`true` : sql`w.status <> 'draft'`}`);
}
const runs = sql`(select count(*) from dropped_rollups) >= 0`;

/** insertReport with its audit entry; nothing (and no entry) when another request created the report first. */
export async function insertReportAudited(db: DbOrTx, r: NewReport, audit: ReportAudit): Promise<ReportRow | undefined> {
  const written = db.$with('written').as(db.insert(reports).values(r).onConflictDoNothing().returning());
  return (await db.with(written, auditOf(db, written, audit), droppedRollups(db, written, false)).select().from(written).where(runs))[0];
}

/** updateReportVersioned with its audit entry; nothing (and no entry) when the version is stale. */
export async function updateReportAudited(db: DbOrTx, id: number, version: number, patch: Partial<NewReport>, audit: ReportAudit): Promise<ReportRow | undefined> {
  const written = db.$with('written').as(db.update(reports).set({ ...patch, version: sql`${reports.version} + 1`, updatedAt: new Date() })
    .where(and(eq(reports.id, id), eq(reports.version, version))).returning());
  return (await db.with(written, auditOf(db, written, audit), droppedRollups(db, written, patch.status !== undefined)).select().from(written).where(runs))[0];
}

export async function reportsByIds(db: DbOrTx, ids: number[]): Promise<ReportRow[]> {
  return ids.length ? db.select().from(reports).where(inArray(reports.id, ids)) : [];
}

/** Everything a report's access check and checks need, in one query. */
export interface ReportContextRow {
  notice: { id: number; status: string; formCode: string | null; deadline: string | null; blockLate: boolean; issuerUnitId: number; campaignId: number };
  archived: boolean;
  /** Issuers of the notices above this one in the cascade. */
  aboveIssuerUnitIds: number[];
  /** The unit as a recipient of the notice (null: not addressed). */
  recipientUnitName: string | null;
  /** The newest version of the notice's form (a new report starts on it). */
  latestFormVersion: number | null;
  report: ReportRow | null;
}

function contextQuery(db: DbOrTx, unitId: SQLWrapper | number, where: SQL) {
  return db.select({
    notice: { id: notices.id, status: notices.status, formCode: notices.formCode, deadline: notices.deadline, blockLate: notices.blockLate, issuerUnitId: notices.issuerUnitId, campaignId: notices.campaignId },
    archived: campaigns.archived,
    aboveIssuerUnitIds: sql<number[]>`array(select a.issuer_unit_id from ${notices} a where a.id = any(string_to_array(trim(both '/' from ${notices.path}), '/')::int[]) and a.id <> ${notices.id})`,
    recipientUnitName: units.name,
    latestFormVersion: sql<number | null>`(select max(f.version) from ${forms} f where f.code = ${notices.formCode})`,
    report: reports,
  }).from(notices)
    .innerJoin(campaigns, eq(campaigns.id, notices.campaignId))
    .leftJoin(reports, and(eq(reports.noticeId, notices.id), eq(reports.unitId, unitId)))
    .leftJoin(noticeRecipients, and(eq(noticeRecipients.noticeId, notices.id), eq(noticeRecipients.unitId, unitId)))
    .leftJoin(units, eq(units.id, noticeRecipients.unitId))
    .where(where).limit(1);
}

async function contextWhere(db: DbOrTx, unitId: SQL | number, where: SQL): Promise<ReportContextRow | undefined> {
  return (await contextQuery(db, unitId, where))[0];
}

const preparedContext = new WeakMap<Db, ReturnType<typeof prepareContext>>();
const prepareContext = (db: Db) => contextQuery(db, sql.placeholder('unitId'), eq(notices.id, sql.placeholder('noticeId'))).prepare(statementName(db, 'report_context_by_notice_unit'));

/** contextByNoticeUnit outside a transaction, built once per database (autosave asks it on every save). */
export async function contextByNoticeUnitOnPool(db: Db, noticeId: number, unitId: number): Promise<ReportContextRow | undefined> {
  let q = preparedContext.get(db);
  if (!q) { q = prepareContext(db); preparedContext.set(db, q); }
  return (await q.execute({ noticeId, unitId }))[0];
}

/** The notice (with its campaign, cascade issuers and the unit's recipient row) and the unit's report, if any. */
export function contextByNoticeUnit(db: DbOrTx, noticeId: number, unitId: number): Promise<ReportContextRow | undefined> {
  return contextWhere(db, unitId, eq(notices.id, noticeId));
}

/** The same, found from the report's id. */
export async function contextByReport(db: DbOrTx, reportId: number): Promise<ReportContextRow | undefined> {
  const found = await contextWhere(db, sql`(select r2.unit_id from ${reports} r2 where r2.id = ${reportId})`,
    sql`${notices.id} = (select r3.notice_id from ${reports} r3 where r3.id = ${reportId})`);
  return found?.report ? found : undefined;
}

const preparedByReport = new WeakMap<Db, ReturnType<typeof prepareByReport>>();
const prepareByReport = (db: Db) => contextQuery(db, sql`(select r2.unit_id from ${reports} r2 where r2.id = ${sql.placeholder('reportId')})`,
  sql`${notices.id} = (select r3.notice_id from ${reports} r3 where r3.id = ${sql.placeholder('reportId')})`).prepare(statementName(db, 'report_context_by_report'));

/** contextByReport outside a transaction, built once per database (every submit, return and accept asks it). */
export async function contextByReportOnPool(db: Db, reportId: number): Promise<ReportContextRow | undefined> {
  let q = preparedByReport.get(db);
  if (!q) { q = prepareByReport(db); preparedByReport.set(db, q); }
  const found = (await q.execute({ reportId }))[0];
  return found?.report ? found : undefined;
}

// Unlock requests ------------------------------------------------------------------------------

export async function insertUnlockRequest(db: DbOrTx, r: typeof reportUnlockRequests.$inferInsert): Promise<UnlockRequestRow | undefined> {
  // The partial unique index keeps one pending request per report; a second one inserts nothing.
  return (await db.insert(reportUnlockRequests).values(r).onConflictDoNothing().returning())[0];
}

export async function findUnlockRequest(db: DbOrTx, id: number): Promise<UnlockRequestRow | undefined> {
  return (await db.select().from(reportUnlockRequests).where(eq(reportUnlockRequests.id, id)).limit(1))[0];
}

export async function pendingUnlockOf(db: DbOrTx, reportId: number): Promise<UnlockRequestRow | undefined> {
  return (await db.select().from(reportUnlockRequests)
    .where(and(eq(reportUnlockRequests.reportId, reportId), eq(reportUnlockRequests.status, 'pending'))).limit(1))[0];
}

/** Decides a pending request; nothing when it was decided meanwhile. */
export async function decideUnlockRequest(db: DbOrTx, id: number, patch: { status: 'approved' | 'rejected'; decidedBy: number; decisionNote: string | null }): Promise<UnlockRequestRow | undefined> {
  return (await db.update(reportUnlockRequests).set({ ...patch, decidedAt: new Date() })
    .where(and(eq(reportUnlockRequests.id, id), eq(reportUnlockRequests.status, 'pending'))).returning())[0];
}

export interface UnlockRequestListRow extends UnlockRequestRow { unitId: number; unitName: string; noticeId: number; requestedByName: string; decidedByName: string | null }

/** The unlock requests on one notice's reports (or one report's), newest first. */
export async function unlockRequests(db: DbOrTx, by: { noticeId: number } | { reportId: number }): Promise<UnlockRequestListRow[]> {
  const decider = sql<string | null>`(select d.display_name from ${users} d where d.id = ${reportUnlockRequests.decidedBy})`;
  const rows = await db.select({ r: reportUnlockRequests, unitId: reports.unitId, unitName: units.name, noticeId: reports.noticeId, requestedByName: users.displayName, decidedByName: decider })
    .from(reportUnlockRequests)
    .innerJoin(reports, eq(reports.id, reportUnlockRequests.reportId))
    .innerJoin(units, eq(units.id, reports.unitId))
    .innerJoin(users, eq(users.id, reportUnlockRequests.requestedBy))
    .where('noticeId' in by ? eq(reports.noticeId, by.noticeId) : eq(reports.id, by.reportId))
    .orderBy(desc(reportUnlockRequests.createdAt), desc(reportUnlockRequests.id));
  return rows.map((x) => ({ ...x.r, unitId: x.unitId, unitName: x.unitName, noticeId: x.noticeId, requestedByName: x.requestedByName, decidedByName: x.decidedByName }));
}

/** The units' reports on notices (for inbox lists): status per (notice, unit). */
export async function statusesOf(db: DbOrTx, pairs: { noticeId: number; unitId: number }[]): Promise<Map<string, { id: number; status: string; late: boolean }>> {
  const map = new Map<string, { id: number; status: string; late: boolean }>();
  if (pairs.length === 0) return map;
  const rows = await db.select({ id: reports.id, noticeId: reports.noticeId, unitId: reports.unitId, status: reports.status, late: reports.late }).from(reports)
    .where(and(inArray(reports.noticeId, [...new Set(pairs.map((p) => p.noticeId))]), inArray(reports.unitId, [...new Set(pairs.map((p) => p.unitId))])))
    .orderBy(asc(reports.id));
  for (const r of rows) map.set(`${r.noticeId}:${r.unitId}`, { id: r.id, status: r.status, late: r.late });
  return map;
}

// Bulk import: whose table is it? ---------------------------------------------------------------

export async function aliasesOfUnits(db: DbOrTx, unitIds: number[]): Promise<{ unitId: number; name: string }[]> {
  return unitIds.length ? db.select({ unitId: unitAliases.unitId, name: unitAliases.name }).from(unitAliases).where(inArray(unitAliases.unitId, unitIds)) : [];
}

/** Of the names, those that name an active unit (or alias) below the path: known units that are simply not addressed. */
export async function unitsNamedUnder(db: DbOrTx, rootPath: string, names: string[]): Promise<string[]> {
  const wanted = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  if (wanted.length === 0) return [];
  const rows = await db.execute<{ name: string }>(sql`
    select u.name from ${units} u where u.active and u.path like ${`${rootPath}%`} and u.name = any(${sql.param(wanted)}::text[])
    union
    select a.name from ${unitAliases} a join ${units} u on u.id = a.unit_id where u.active and u.path like ${`${rootPath}%`} and a.name = any(${sql.param(wanted)}::text[])`);
  return rows.rows.map((r) => r.name);
}
