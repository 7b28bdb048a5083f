import { and, eq } from 'drizzle-orm';
import { attachments } from '../schema.ts';
import type { DbOrTx } from '../tx.ts';

/** Photos go with the activity or case they belong to (the stored files stay for the media clean-up). */
export async function deleteAttachmentsOf(db: DbOrTx, ownerType: 'activity' | 'case', ownerId: number): Promise<void> {
  await db.delete(attachments).where(and(eq(attachments.ownerType, ownerType), eq(attachments.ownerId, ownerId)));
}
