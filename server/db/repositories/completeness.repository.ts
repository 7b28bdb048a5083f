import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { ProgressGroup, ProgressStatus } from '../../../domain/reports/completeness.ts';
import { noticeRecipients, notices, reports, units, users, type ReportSignature } from '../schema.ts';
import type { DbOrTx } from '../tx.ts';

const statusOf = sql<ProgressStatus>`coalesce(${reports.status}, 'not_started')`;
const reportOn = and(eq(reports.noticeId, noticeRecipients.noticeId), eq(reports.unitId, noticeRecipients.unitId));

/** Recipients per notice and report state, counted in the database (a national notice stays a few rows). */
export async function progressGroups(
  db: DbOrTx,
  noticeIds: number[],
  /** Only these recipient units (a viewer's own, on a superior's notice); all when absent. */
  onlyUnitIds?: number[],
): Promise<Map<number, ProgressGroup[]>> {
  const map = new Map<number, ProgressGroup[]>();
  if (noticeIds.length === 0 || onlyUnitIds?.length === 0) return map;
  const rows = await db
    .select({
      noticeId: noticeRecipients.noticeId,
      status: statusOf,
      late: sql<boolean>`coalesce(${reports.late}, false)`,
      count: sql<number>`count(*)`.mapWith(Number),
    })
    .from(noticeRecipients)
    .leftJoin(reports, reportOn)
    .where(
      and(
        inArray(noticeRecipients.noticeId, noticeIds),
        onlyUnitIds ? inArray(noticeRecipients.unitId, onlyUnitIds) : undefined,
      ),
    )
    .groupBy(noticeRecipients.noticeId, statusOf, sql`coalesce(${reports.late}, false)`);
  for (const r of rows)
    map.set(r.noticeId, [...(map.get(r.noticeId) ?? []), { status: r.status, late: r.late, count: r.count }]);
  return map;
}

export interface RecipientProgressRow {
  noticeId: number;
  unitId: number;
  unitName: string;
  status: ProgressStatus;
  late: boolean;
  onBehalf: boolean;
  submittedAt: Date | null;
  reportId: number | null;
  signature: ReportSignature | null;
}

const progressColumns = {
  noticeId: noticeRecipients.noticeId,
  unitId: noticeRecipients.unitId,
  unitName: units.name,
  status: statusOf,
  late: sql<boolean>`coalesce(${reports.late}, false)`,
  onBehalf: sql<boolean>`coalesce(${reports.onBehalf}, false)`,
  submittedAt: reports.submittedAt,
  reportId: reports.id,
  signature: reports.signature,
};

/** One notice's recipients, each with its report's state, in tree order. */
export async function recipientProgress(db: DbOrTx, noticeId: number): Promise<RecipientProgressRow[]> {
  return db
    .select(progressColumns)
    .from(noticeRecipients)
    .innerJoin(units, eq(units.id, noticeRecipients.unitId))
    .leftJoin(reports, reportOn)
    .where(eq(noticeRecipients.noticeId, noticeId))
    .orderBy(asc(units.path));
}

/**
 * 逾期榜 rows: on the notices whose deadline has passed, recipients that still owe their report, plus
 * reports that came in late; the longest overdue first. `limit` keeps a national board bounded.
 */
export async function lateRows(
  db: DbOrTx,
  noticeIds: number[],
  today: string,
  limit: number,
): Promise<{ rows: (RecipientProgressRow & { deadline: string })[]; total: number }> {
  if (noticeIds.length === 0) return { rows: [], total: 0 };
  const owed = sql`(${reports.id} is null or ${reports.status} in ('draft', 'returned'))`;
  const where = and(
    inArray(noticeRecipients.noticeId, noticeIds),
    sql`${notices.deadline} is not null`,
    sql`((${notices.deadline} < ${today} and ${owed}) or (${reports.late} and ${reports.status} in ('submitted', 'accepted')))`,
  );
  const base = db
    .select({ ...progressColumns, deadline: sql<string>`${notices.deadline}` })
    .from(noticeRecipients)
    .innerJoin(notices, eq(notices.id, noticeRecipients.noticeId))
    .innerJoin(units, eq(units.id, noticeRecipients.unitId))
    .leftJoin(reports, reportOn);
  const [rows, total] = await Promise.all([
    base
      .where(where)
      .orderBy(sql`${owed} desc`, asc(notices.deadline), asc(notices.depth), asc(units.path))
      .limit(limit),
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(noticeRecipients)
      .innerJoin(notices, eq(notices.id, noticeRecipients.noticeId))
      .leftJoin(reports, reportOn)
      .where(where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

export interface ContactPerson {
  name: string;
  phone: string | null;
  email: string | null;
}
export interface UnitContactRow {
  phone: string | null;
  email: string | null;
  people: ContactPerson[];
}

/** Whom to call about a unit's report: the unit's own phone and e-mail and its active accounts that have either. */
export async function unitContacts(db: DbOrTx, unitIds: number[]): Promise<Map<number, UnitContactRow>> {
  const map = new Map<number, UnitContactRow>();
  if (unitIds.length === 0) return map;
  const ids = [...new Set(unitIds)];
  const [unitRows, people] = await Promise.all([
    db
      .select({ id: units.id, phone: units.contactPhone, email: units.contactEmail })
      .from(units)
      .where(inArray(units.id, ids)),
    db
      .select({ unitId: users.unitId, name: users.displayName, phone: users.phone, email: users.email })
      .from(users)
      .where(
        and(
          inArray(users.unitId, ids),
          eq(users.active, true),
          sql`(${users.phone} is not null or ${users.email} is not null)`,
        ),
      )
      .orderBy(asc(users.id)),
  ]);
  for (const u of unitRows) map.set(u.id, { phone: u.phone, email: u.email, people: [] });
  for (const p of people) map.get(p.unitId)?.people.push({ name: p.name, phone: p.phone, email: p.email });
  return map;
}
