import { eq } from 'drizzle-orm';
import { files } from '../schema.ts';
import type { DbOrTx } from '../tx.ts';

export type FileRow = typeof files.$inferSelect;
export type NewFile = typeof files.$inferInsert;

export async function insertFile(db: DbOrTx, f: NewFile): Promise<FileRow | undefined> {
  // The id is the upload's id: a second finish of the same upload inserts nothing.
  return (await db.insert(files).values(f).onConflictDoNothing().returning())[0];
}

export async function findFile(db: DbOrTx, id: string): Promise<FileRow | undefined> {
  return (await db.select().from(files).where(eq(files.id, id)).limit(1))[0];
}
