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
  key: { noticeId: number; unitId: number; formCode: string | null; formVersion: number | null },
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
    requiredReports: string[];
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
        requiredReports: notices.requiredReports,
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

/** What a unit's report holds beyond its row, for the required-parts check (one round trip). */
export async function partCounts(
  db: DbOrTx,
  noticeId: number,
  unitId: number,
  reportId: number | null,
): Promise<{ progress: number; cases: number; photos: number; videos: number; stamped: number; fileLabels: string[] }> {
  const rid = reportId ?? 0;
  const rows = await db.execute<{
    progress: number;
    cases: number;
    photos: number;
    videos: number;
    stamped: number;
    file_labels: string[] | null;
  }>(sql`
    select
      (select count(*)::int from progress_reports p where p.notice_id = ${noticeId} and p.unit_id = ${unitId}) as progress,
      (select count(*)::int from typical_cases c where c.notice_id = ${noticeId} and c.unit_id = ${unitId}) as cases,
      (select count(*)::int from attachments a where a.role = 'photo' and (
         (a.owner_type = 'report' and a.owner_id = ${rid})
         or (a.owner_type = 'activity' and a.owner_id in (select id from activities x where x.notice_id = ${noticeId} and x.unit_id = ${unitId}))
         or (a.owner_type = 'case' and a.owner_id in (select id from typical_cases x where x.notice_id = ${noticeId} and x.unit_id = ${unitId})))) as photos,
      (select count(*)::int from attachments a where a.owner_type = 'report' and a.owner_id = ${rid} and a.role = 'video') as videos,
      (select count(*)::int from attachments a where a.owner_type = 'report' and a.owner_id = ${rid} and a.role = 'stamped_copy') as stamped,
      (select array_agg(coalesce(a.caption, '')) from attachments a where a.owner_type = 'report' and a.owner_id = ${rid} and a.role = 'file') as file_labels`);
  const r = rows.rows[0];
  return {
    progress: r?.progress ?? 0,
    cases: r?.cases ?? 0,
    photos: r?.photos ?? 0,
    videos: r?.videos ?? 0,
    stamped: r?.stamped ?? 0,
    fileLabels: r?.file_labels ?? [],
  };
}

export interface ReviewQueueRow {
  kind: 'review' | 'unlock';
  reportId: number;
  noticeId: number;
  noticeTitle: string;
  docNumber: string | null;
  deadline: string | null;
  unitId: number;
  unitName: string;
  at: Date;
  late: boolean;
}

/**
 * What waits for the issuing offices' decision: submitted reports (待审核) and pending unlock requests on the
 * notices these units issued, in campaigns still running, oldest first.
 */
export async function reviewQueue(db: DbOrTx, issuerUnitIds: number[], limit: number): Promise<ReviewQueueRow[]> {
  if (issuerUnitIds.length === 0) return [];
  const ids = sql.param(issuerUnitIds);
  const rows = await db.execute<{
    kind: 'review' | 'unlock';
    report_id: number;
    notice_id: number;
    notice_title: string;
    doc_number: string | null;
    deadline: string | null;
    unit_id: number;
    unit_name: string;
    at: Date | string;
    late: boolean;
  }>(sql`
    select * from (
      select 'review' as kind, r.id as report_id, n.id as notice_id, n.title as notice_title, n.doc_number,
             n.deadline::text as deadline, u.id as unit_id, u.name as unit_name, r.submitted_at as at, r.late
      from reports r join notices n on n.id = r.notice_id join campaigns c on c.id = n.campaign_id
      join units u on u.id = r.unit_id
      where r.status = 'submitted' and n.issuer_unit_id = any(${ids}::int[]) and not c.archived
      union all
      select 'unlock', r.id, n.id, n.title, n.doc_number, n.deadline::text, u.id, u.name, q.created_at, false
      from report_unlock_requests q join reports r on r.id = q.report_id join notices n on n.id = r.notice_id
      join campaigns c on c.id = n.campaign_id join units u on u.id = r.unit_id
      where q.status = 'pending' and n.issuer_unit_id = any(${ids}::int[]) and not c.archived
    ) x order by x.at, x.report_id limit ${limit}`);
  return rows.rows.map((r) => ({
    kind: r.kind,
    reportId: r.report_id,
    noticeId: r.notice_id,
    noticeTitle: r.notice_title,
    docNumber: r.doc_number,
    deadline: r.deadline,
    unitId: r.unit_id,
    unitName: r.unit_name,
    at: new Date(r.at),
    late: r.late,
  }));
}

/**
 * Reports for units that saved activities, cases or progress on an issued notice without a statistics table
 * and have none: submitted (accepted in an archived campaign), dated at the last saved item. The demo's 2024
 * campaign is loaded this way; migration 0008 did the same once for existing data.
 */
export async function reportsForSavedItems(db: DbOrTx): Promise<void> {
  await db.execute(sql`
    insert into reports (notice_id, unit_id, form_code, form_version, figures, status, submitted_at, accepted_at, created_at, updated_at)
    select x.notice_id, x.unit_id, null, null, '{}'::numeric[],
           case when c.archived then 'accepted' else 'submitted' end, x.at, case when c.archived then x.at end, x.at, x.at
    from (
      select i.notice_id, i.unit_id, max(i.at) as at from (
        select notice_id, unit_id, updated_at as at from activities
        union all select notice_id, unit_id, updated_at from typical_cases
        union all select notice_id, unit_id, updated_at from progress_reports
      ) i group by i.notice_id, i.unit_id
    ) x
    join notices n on n.id = x.notice_id and n.form_code is null and n.status = 'issued'
    join campaigns c on c.id = n.campaign_id
    on conflict (notice_id, unit_id) do nothing`);
}
