import { and, asc, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { notices, typicalCases, units } from '../schema.ts';
import type { DbOrTx } from '../tx.ts';

export type CaseRow = typeof typicalCases.$inferSelect;
export type NewCase = typeof typicalCases.$inferInsert;

export function listCases(db: DbOrTx, noticeId: number, unitId: number): Promise<CaseRow[]> {
  return db
    .select()
    .from(typicalCases)
    .where(and(eq(typicalCases.noticeId, noticeId), eq(typicalCases.unitId, unitId)))
    .orderBy(asc(typicalCases.id));
}

export async function findCase(db: DbOrTx, id: number): Promise<CaseRow | undefined> {
  return (await db.select().from(typicalCases).where(eq(typicalCases.id, id)).limit(1))[0];
}

export async function insertCase(db: DbOrTx, c: NewCase): Promise<CaseRow> {
  const row = (await db.insert(typicalCases).values(c).returning())[0];
  if (!row) throw new Error('insert case returned nothing');
  return row;
}

export async function updateCaseVersioned(
  db: DbOrTx,
  id: number,
  version: number,
  patch: Partial<NewCase>,
): Promise<CaseRow | undefined> {
  return (
    await db
      .update(typicalCases)
      .set({ ...patch, version: sql`${typicalCases.version} + 1`, updatedAt: new Date() })
      .where(and(eq(typicalCases.id, id), eq(typicalCases.version, version)))
      .returning()
  )[0];
}

export async function deleteCaseVersioned(db: DbOrTx, id: number, version: number): Promise<boolean> {
  return (
    (
      await db
        .delete(typicalCases)
        .where(and(eq(typicalCases.id, id), eq(typicalCases.version, version)))
        .returning({ id: typicalCases.id })
    ).length > 0
  );
}

export interface RecommendedCaseRow extends CaseRow {
  unitName: string;
}

/** Cases an office recommended upward (推荐上报) from the notices below the given one in its cascade. */
export function recommendedBy(db: DbOrTx, officeUnitId: number, noticePath: string): Promise<RecommendedCaseRow[]> {
  return db
    .select({ ...getTableColumns(typicalCases), unitName: units.name })
    .from(typicalCases)
    .innerJoin(notices, eq(notices.id, typicalCases.noticeId))
    .innerJoin(units, eq(units.id, typicalCases.unitId))
    .where(and(eq(typicalCases.recommendedByUnitId, officeUnitId), sql`${notices.path} like ${`${noticePath}%`}`))
    .orderBy(desc(typicalCases.recommendedAt), asc(typicalCases.id));
}
