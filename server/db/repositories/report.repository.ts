import { and, asc, desc, eq, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import {
  auditLog,
  campaigns,
  forms,
  noticeRecipients,
  notices,
  reports,
  reportUnlockRequests,
  unitAliases,
  units,
  users,
  type ReportSignature,
} from '../schema.ts';
import type { WithSubqueryWithSelection } from 'drizzle-orm/pg-core';
import { builtOnce, statementName } from '../database.ts';
import { currentRequestId } from '../../observability/request-context.ts';
import type { DbOrTx } from '../tx.ts';

export type ReportRow = typeof reports.$inferSelect;
export type NewReport = typeof reports.$inferInsert;
export type UnlockRequestRow = typeof reportUnlockRequests.$inferSelect;

export async function findReport(db: DbOrTx, id: number): Promise<ReportRow | undefined> {
  return (await db.select().from(reports).where(eq(reports.id, id)).limit(1))[0];
}

export async function findByNoticeUnit(db: DbOrTx, noticeId: number, unitId: number): Promise<ReportRow | undefined> {
  return (
    await db
      .select()
      .from(reports)
      .where(and(eq(reports.noticeId, noticeId), eq(reports.unitId, unitId)))
      .limit(1)
  )[0];
}

export async function reportsOfNotice(db: DbOrTx, noticeId: number): Promise<ReportRow[]> {
  return db.select().from(reports).where(eq(reports.noticeId, noticeId));
}

/** Creates the draft, or does nothing when another request created it first. */
export async function insertReport(db: DbOrTx, r: NewReport): Promise<ReportRow | undefined> {
  return (await db.insert(reports).values(r).onConflictDoNothing().returning())[0];
}

/** The audit entry written together with a report write (unit and object id come from the written row). */
export interface ReportAudit {
  actorUserId: number;
  actorName: string;
  action: string;
  summary: Record<string, unknown>;
  ip: string | null;
}

// The request id comes from the request's context (request-context.ts), as in appendAudit.
type AuditValues = { [K in keyof ReportAudit | 'requestId']: unknown };
const auditValues = (a: ReportAudit): AuditValues => ({
  ...a,
  summary: JSON.stringify(a.summary),
  requestId: currentRequestId(),
});
const ph = (name: string): SQL => sql`${sql.placeholder(name)}`;
const auditPlaceholders: AuditValues = {
  actorUserId: ph('actorUserId'),
  actorName: ph('actorName'),
  action: ph('action'),
  summary: ph('auditSummary'),
  ip: ph('ip'),
  requestId: ph('requestId'),
};
const auditParams = (a: ReportAudit) => ({
  actorUserId: a.actorUserId,
  actorName: a.actorName,
  action: a.action,
  auditSummary: JSON.stringify(a.summary),
  ip: a.ip,
  requestId: currentRequestId(),
});

// The write and its audit entry as one statement (a data-modifying CTE): atomic without a transaction and its two
// extra round trips, which is what the busiest path (autosave, submit) pays for. Same columns as appendAudit.
function auditOf(db: DbOrTx, written: { _: { alias: string } }, a: AuditValues) {
  return db.$with('report_audit', {})
    .as(sql`insert into ${auditLog} (actor_user_id, actor_name, unit_id, action, object_type, object_id, summary, ip, request_id)
    select ${a.actorUserId}::int, ${a.actorName}::text, w.unit_id, ${a.action}::text, 'report', w.id::text, ${a.summary}::jsonb, ${a.ip}::text, ${a.requestId}::text from ${sql.identifier(written._.alias)} w`);
}

// Status changes and a counted report's figures drop the cached roll-ups above it (draft autosaves do not),
// in the same statement: a CTE runs only when referenced, hence the count in the final select's filter.
function droppedRollups(db: DbOrTx, written: { _: { alias: string } }, always: boolean) {
  return db.$with('dropped_rollups', {})
    .as(sql`select invalidate_rollup(w.notice_id) from ${sql.identifier(written._.alias)} w
    where ${always ? sql`true` : sql`w.status <> 'draft'`}`);
}
const runs = sql`(select count(*) from dropped_rollups) >= 0`;

/** The written row, after its audit entry and the roll-up drop: one statement. */
function audited(
  db: DbOrTx,
  written: WithSubqueryWithSelection<typeof reports._.columns, 'written'>,
  audit: AuditValues,
  always: boolean,
) {
  return db
    .with(written, auditOf(db, written, audit), droppedRollups(db, written, always))
    .select()
    .from(written)
    .where(runs);
}

/** Compare-and-set on version, with its audit entry: a stale or concurrent write updates nothing (and writes no entry). */
export async function updateReportAudited(
  db: DbOrTx,
  id: number,
  version: number,
  patch: Partial<NewReport>,
  audit: ReportAudit,
): Promise<ReportRow | undefined> {
  const written = db.$with('written').as(
    db
      .update(reports)
      .set({ ...patch, version: sql`${reports.version} + 1`, updatedAt: new Date() })
      .where(and(eq(reports.id, id), eq(reports.version, version)))
      .returning(),
  );
  return (await audited(db, written, auditValues(audit), patch.status !== undefined))[0];
}

// Autosave and submit: the same writes in a fixed shape, prepared once per handle (planning these statements
// cost PostgreSQL more than running them, and building them cost the server more than both).

/** A draft's fields as typed; undefined keeps what is stored (on insert: nothing). */
export interface DraftFields {
  figures: (number | null)[];
  summary?: string | null | undefined;
  explanation?: string | null | undefined;
  signature?: ReportSignature | null | undefined;
  updatedBy: number;
  onBehalf: boolean;
}

const keptUnless = (flag: string, value: SQL, column: SQLWrapper): SQL =>
  sql`case when ${ph(flag)}::boolean then ${value} else ${column} end`;

const draftInserts = new WeakMap<DbOrTx, ReturnType<typeof buildDraftInsert>>();
function buildDraftInsert(db: DbOrTx) {
  const written = db.$with('written').as(
    db
      .insert(reports)
      .values({
        noticeId: ph('noticeId'),
        unitId: ph('unitId'),
        formCode: ph('formCode'),
        formVersion: ph('formVersion'),
        figures: sql`${ph('figures')}::numeric[]`,
        summary: ph('summary'),
        explanation: ph('explanation'),
        signature: sql`${ph('signature')}::jsonb`,
        updatedBy: ph('updatedBy'),
        onBehalf: ph('onBehalf'),
      })
      .onConflictDoNothing()
      .returning(),
  );
  return audited(db, written, auditPlaceholders, false).prepare(statementName(db, 'report_draft_insert'));
}

/** Creates the draft with its audit entry; nothing (and no entry) when another request created it first. */
export async function insertDraft(
  db: DbOrTx,
  key: { noticeId: number; unitId: number; formCode: string; formVersion: number },
  f: DraftFields,
  audit: ReportAudit,
): Promise<ReportRow | undefined> {
  return (
    await builtOnce(draftInserts, db, buildDraftInsert).execute({
      ...key,
      figures: f.figures,
      summary: f.summary ?? null,
      explanation: f.explanation ?? null,
      signature: f.signature ? JSON.stringify(f.signature) : null,
      updatedBy: f.updatedBy,
      onBehalf: f.onBehalf,
      ...auditParams(audit),
    })
  )[0];
}

const draftUpdates = new WeakMap<DbOrTx, ReturnType<typeof buildDraftUpdate>>();
function buildDraftUpdate(db: DbOrTx) {
  const written = db.$with('written').as(
    db
      .update(reports)
      .set({
        figures: sql`${ph('figures')}::numeric[]`,
        summary: keptUnless('setSummary', sql`${ph('summary')}::text`, reports.summary),
        explanation: keptUnless('setExplanation', sql`${ph('explanation')}::text`, reports.explanation),
        signature: keptUnless('setSignature', sql`${ph('signature')}::jsonb`, reports.signature),
        updatedBy: ph('updatedBy'),
        onBehalf: ph('onBehalf'),
        version: sql`${reports.version} + 1`,
        updatedAt: ph('now'),
      })
      .where(and(eq(reports.id, sql.placeholder('id')), eq(reports.version, sql.placeholder('version'))))
      .returning(),
  );
  return audited(db, written, auditPlaceholders, false).prepare(statementName(db, 'report_draft_update'));
}

/** Saves the draft over version `version` with its audit entry; nothing (and no entry) when the version is stale. */
export async function updateDraft(
  db: DbOrTx,
  id: number,
  version: number,
  f: DraftFields,
  audit: ReportAudit,
): Promise<ReportRow | undefined> {
  return (
    await builtOnce(draftUpdates, db, buildDraftUpdate).execute({
      id,
      version,
      figures: f.figures,
      updatedBy: f.updatedBy,
      onBehalf: f.onBehalf,
      now: new Date(),
      setSummary: f.summary !== undefined,
      summary: f.summary ?? null,
      setExplanation: f.explanation !== undefined,
      explanation: f.explanation ?? null,
      setSignature: f.signature !== undefined,
      signature: f.signature ? JSON.stringify(f.signature) : null,
      ...auditParams(audit),
    })
  )[0];
}

const submits = new WeakMap<DbOrTx, ReturnType<typeof buildSubmit>>();
function buildSubmit(db: DbOrTx) {
  const written = db.$with('written').as(
    db
      .update(reports)
      .set({
        status: 'submitted',
        submittedAt: ph('now'),
        submittedBy: ph('submittedBy'),
        late: ph('late'),
        onBehalf: ph('onBehalf'),
        returnReason: null,
        figureComments: null,
        version: sql`${reports.version} + 1`,
        updatedAt: ph('now'),
      })
      .where(and(eq(reports.id, sql.placeholder('id')), eq(reports.version, sql.placeholder('version'))))
      .returning(),
  );
  return audited(db, written, auditPlaceholders, true).prepare(statementName(db, 'report_submit'));
}

/** Submits version `version` (the reviewer's comments and return reason answered) with its audit entry; nothing when stale. */
export async function submitReport(
  db: DbOrTx,
  id: number,
  version: number,
  s: { submittedBy: number; late: boolean; onBehalf: boolean },
  audit: ReportAudit,
): Promise<ReportRow | undefined> {
  return (
    await builtOnce(submits, db, buildSubmit).execute({ id, version, ...s, now: new Date(), ...auditParams(audit) })
  )[0];
}

export async function reportsByIds(db: DbOrTx, ids: number[]): Promise<ReportRow[]> {
  return ids.length ? db.select().from(reports).where(inArray(reports.id, ids)) : [];
}

/** Everything a report's access check and checks need, in one query. */
export interface ReportContextRow {
  notice: {
    id: number;
    status: string;
    formCode: string | null;
    deadline: string | null;
    blockLate: boolean;
    issuerUnitId: number;
    campaignId: number;
  };
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
  return db
    .select({
      notice: {
        id: notices.id,
        status: notices.status,
        formCode: notices.formCode,
        deadline: notices.deadline,
        blockLate: notices.blockLate,
        issuerUnitId: notices.issuerUnitId,
        campaignId: notices.campaignId,
      },
      archived: campaigns.archived,
      aboveIssuerUnitIds: sql<
        number[]
      >`array(select a.issuer_unit_id from ${notices} a where a.id = any(string_to_array(trim(both '/' from ${notices.path}), '/')::int[]) and a.id <> ${notices.id})`,
      recipientUnitName: units.name,
      latestFormVersion: sql<number | null>`(select max(f.version) from ${forms} f where f.code = ${notices.formCode})`,
      report: reports,
    })
    .from(notices)
    .innerJoin(campaigns, eq(campaigns.id, notices.campaignId))
    .leftJoin(reports, and(eq(reports.noticeId, notices.id), eq(reports.unitId, unitId)))
    .leftJoin(noticeRecipients, and(eq(noticeRecipients.noticeId, notices.id), eq(noticeRecipients.unitId, unitId)))
    .leftJoin(units, eq(units.id, noticeRecipients.unitId))
    .where(where)
    .limit(1);
}

const contextsByNoticeUnit = new WeakMap<DbOrTx, ReturnType<typeof buildContextByNoticeUnit>>();
const buildContextByNoticeUnit = (db: DbOrTx) =>
  contextQuery(db, sql.placeholder('unitId'), eq(notices.id, sql.placeholder('noticeId'))).prepare(
    statementName(db, 'report_context_by_notice_unit'),
  );

/** The notice (with its campaign, cascade issuers and the unit's recipient row) and the unit's report, if any. */
export async function contextByNoticeUnit(
  db: DbOrTx,
  noticeId: number,
  unitId: number,
): Promise<ReportContextRow | undefined> {
  return (await builtOnce(contextsByNoticeUnit, db, buildContextByNoticeUnit).execute({ noticeId, unitId }))[0];
}

const contextsByReport = new WeakMap<DbOrTx, ReturnType<typeof buildContextByReport>>();
const buildContextByReport = (db: DbOrTx) =>
  contextQuery(
    db,
    sql`(select r2.unit_id from ${reports} r2 where r2.id = ${sql.placeholder('reportId')})`,
    sql`${notices.id} = (select r3.notice_id from ${reports} r3 where r3.id = ${sql.placeholder('reportId')})`,
  ).prepare(statementName(db, 'report_context_by_report'));

/** The same, found from the report's id. */
export async function contextByReport(db: DbOrTx, reportId: number): Promise<ReportContextRow | undefined> {
  const found = (await builtOnce(contextsByReport, db, buildContextByReport).execute({ reportId }))[0];
  return found?.report ? found : undefined;
}

// Unlock requests ------------------------------------------------------------------------------

export async function insertUnlockRequest(
  db: DbOrTx,
  r: typeof reportUnlockRequests.$inferInsert,
): Promise<UnlockRequestRow | undefined> {
  // The partial unique index keeps one pending request per report; a second one inserts nothing.
  return (await db.insert(reportUnlockRequests).values(r).onConflictDoNothing().returning())[0];
}

export async function findUnlockRequest(db: DbOrTx, id: number): Promise<UnlockRequestRow | undefined> {
  return (await db.select().from(reportUnlockRequests).where(eq(reportUnlockRequests.id, id)).limit(1))[0];
}

export async function pendingUnlockOf(db: DbOrTx, reportId: number): Promise<UnlockRequestRow | undefined> {
  return (
    await db
      .select()
      .from(reportUnlockRequests)
      .where(and(eq(reportUnlockRequests.reportId, reportId), eq(reportUnlockRequests.status, 'pending')))
      .limit(1)
  )[0];
}

/** Decides a pending request; nothing when it was decided meanwhile. */
export async function decideUnlockRequest(
  db: DbOrTx,
  id: number,
  patch: { status: 'approved' | 'rejected'; decidedBy: number; decisionNote: string | null },
): Promise<UnlockRequestRow | undefined> {
  return (
    await db
      .update(reportUnlockRequests)
      .set({ ...patch, decidedAt: new Date() })
      .where(and(eq(reportUnlockRequests.id, id), eq(reportUnlockRequests.status, 'pending')))
      .returning()
  )[0];
}

export interface UnlockRequestListRow extends UnlockRequestRow {
  unitId: number;
  unitName: string;
  noticeId: number;
  requestedByName: string;
  decidedByName: string | null;
}

/** The unlock requests on one notice's reports (or one report's), newest first. */
export async function unlockRequests(
  db: DbOrTx,
  by: { noticeId: number } | { reportId: number },
): Promise<UnlockRequestListRow[]> {
  const decider = sql<
    string | null
  >`(select d.display_name from ${users} d where d.id = ${reportUnlockRequests.decidedBy})`;
  const rows = await db
    .select({
      r: reportUnlockRequests,
      unitId: reports.unitId,
      unitName: units.name,
      noticeId: reports.noticeId,
      requestedByName: users.displayName,
      decidedByName: decider,
    })
    .from(reportUnlockRequests)
    .innerJoin(reports, eq(reports.id, reportUnlockRequests.reportId))
    .innerJoin(units, eq(units.id, reports.unitId))
    .innerJoin(users, eq(users.id, reportUnlockRequests.requestedBy))
    .where('noticeId' in by ? eq(reports.noticeId, by.noticeId) : eq(reports.id, by.reportId))
    .orderBy(desc(reportUnlockRequests.createdAt), desc(reportUnlockRequests.id));
  return rows.map((x) => ({
    ...x.r,
    unitId: x.unitId,
    unitName: x.unitName,
    noticeId: x.noticeId,
    requestedByName: x.requestedByName,
    decidedByName: x.decidedByName,
  }));
}

/** The units' reports on notices (for inbox lists): status per (notice, unit). */
export async function statusesOf(
  db: DbOrTx,
  pairs: { noticeId: number; unitId: number }[],
): Promise<Map<string, { id: number; status: string; late: boolean }>> {
  const map = new Map<string, { id: number; status: string; late: boolean }>();
  if (pairs.length === 0) return map;
  const rows = await db
    .select({
      id: reports.id,
      noticeId: reports.noticeId,
      unitId: reports.unitId,
      status: reports.status,
      late: reports.late,
    })
    .from(reports)
    .where(
      and(
        inArray(reports.noticeId, [...new Set(pairs.map((p) => p.noticeId))]),
        inArray(reports.unitId, [...new Set(pairs.map((p) => p.unitId))]),
      ),
    )
    .orderBy(asc(reports.id));
  for (const r of rows) map.set(`${r.noticeId}:${r.unitId}`, { id: r.id, status: r.status, late: r.late });
  return map;
}

// Bulk import: whose table is it? ---------------------------------------------------------------

export async function aliasesOfUnits(db: DbOrTx, unitIds: number[]): Promise<{ unitId: number; name: string }[]> {
  return unitIds.length
    ? db
        .select({ unitId: unitAliases.unitId, name: unitAliases.name })
        .from(unitAliases)
        .where(inArray(unitAliases.unitId, unitIds))
    : [];
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
