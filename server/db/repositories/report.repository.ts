import { and, eq, inArray, sql } from 'drizzle-orm';
import { reports } from '../schema.ts';
import type { DbOrTx } from '../tx.ts';

export type ReportRow = typeof reports.$inferSelect;
export type NewReport = typeof reports.$inferInsert;

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
  return rows[0];
}

export async function reportsByIds(db: DbOrTx, ids: number[]): Promise<ReportRow[]> {
  return ids.length ? db.select().from(reports).where(inArray(reports.id, ids)) : [];
}
