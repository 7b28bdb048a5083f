import { and, asc, eq, isNotNull, lte, sql } from 'drizzle-orm';
import { campaigns, noticeRecipients, notices, remindersSent, reports, units } from '../schema.ts';
import type { DbOrTx } from '../tx.ts';

export type ReminderNoticeRow = typeof notices.$inferSelect;

/**
 * Notices the automatic reminders look at: issued, with a deadline, collecting reports, in a campaign
 * that is not archived, and whose deadline is close enough for a reminder (`latestDeadline`).
 */
export async function noticesToRemind(db: DbOrTx, latestDeadline: string): Promise<ReminderNoticeRow[]> {
  const rows = await db
    .select({ notice: notices })
    .from(notices)
    .innerJoin(campaigns, eq(campaigns.id, notices.campaignId))
    .where(
      and(
        eq(notices.status, 'issued'),
        isNotNull(notices.deadline),
        // Notices that collect reports: a statistics table or any other required part.
        sql`(${notices.formCode} is not null or jsonb_array_length(${notices.requiredReports}) > 0)`,
        eq(campaigns.archived, false),
        lte(notices.deadline, latestDeadline),
      ),
    )
    .orderBy(asc(notices.id));
  return rows.map((r) => r.notice);
}

export interface RecipientStateRow {
  unitId: number;
  unitName: string;
  parentId: number | null;
  reportStatus: string | null;
  signed: boolean;
}

/** The active recipients of a notice with their report status and whether they signed for it. */
export async function recipientStates(db: DbOrTx, noticeId: number): Promise<RecipientStateRow[]> {
  return db
    .select({
      unitId: noticeRecipients.unitId,
      unitName: units.name,
      parentId: units.parentId,
      reportStatus: reports.status,
      signed: sql<boolean>`${noticeRecipients.signedAt} is not null`,
    })
    .from(noticeRecipients)
    .innerJoin(units, and(eq(units.id, noticeRecipients.unitId), eq(units.active, true)))
    .leftJoin(
      reports,
      and(eq(reports.noticeId, noticeRecipients.noticeId), eq(reports.unitId, noticeRecipients.unitId)),
    )
    .where(eq(noticeRecipients.noticeId, noticeId))
    .orderBy(asc(units.path));
}

/** Records a reminder slot for these units; returns the units it was new for (the others had it already). */
export async function claimSlot(
  db: DbOrTx,
  noticeId: number,
  unitIds: number[],
  slot: string,
  sentOn: string,
): Promise<Set<number>> {
  if (unitIds.length === 0) return new Set();
  const rows = await db
    .insert(remindersSent)
    .values(unitIds.map((unitId) => ({ noticeId, unitId, slot, sentOn })))
    .onConflictDoNothing()
    .returning({ unitId: remindersSent.unitId });
  return new Set(rows.map((r) => r.unitId));
}
