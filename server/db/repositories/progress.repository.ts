import { and, asc, eq, sql } from 'drizzle-orm';
import { progressReports } from '../schema.ts';
import type { DbOrTx } from '../tx.ts';

export type ProgressRow = typeof progressReports.$inferSelect;
export type NewProgress = typeof progressReports.$inferInsert;

/** Oldest first: the reports read as a diary of the month. */
export function listProgress(db: DbOrTx, noticeId: number, unitId: number): Promise<ProgressRow[]> {
  return db
    .select()
    .from(progressReports)
    .where(and(eq(progressReports.noticeId, noticeId), eq(progressReports.unitId, unitId)))
    .orderBy(asc(progressReports.reportedOn), asc(progressReports.id));
}

export async function findProgress(db: DbOrTx, id: number): Promise<ProgressRow | undefined> {
  return (await db.select().from(progressReports).where(eq(progressReports.id, id)).limit(1))[0];
}

export async function insertProgress(db: DbOrTx, p: NewProgress): Promise<ProgressRow> {
  const row = (await db.insert(progressReports).values(p).returning())[0];
  if (!row) throw new Error('insert progress returned nothing');
  return row;
}

export async function updateProgressVersioned(
  db: DbOrTx,
  id: number,
  version: number,
  patch: Partial<NewProgress>,
): Promise<ProgressRow | undefined> {
  return (
    await db
      .update(progressReports)
      .set({ ...patch, version: sql`${progressReports.version} + 1`, updatedAt: new Date() })
      .where(and(eq(progressReports.id, id), eq(progressReports.version, version)))
      .returning()
  )[0];
}

export async function deleteProgressVersioned(db: DbOrTx, id: number, version: number): Promise<boolean> {
  return (
    (
      await db
        .delete(progressReports)
        .where(and(eq(progressReports.id, id), eq(progressReports.version, version)))
        .returning({ id: progressReports.id })
    ).length > 0
  );
}
