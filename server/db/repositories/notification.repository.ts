import { and, count, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { mailOutbox, notifications, roleGrants, units, users } from '../schema.ts';
import type { DbOrTx } from '../tx.ts';

export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotification = typeof notifications.$inferInsert;
export type MailRow = typeof mailOutbox.$inferSelect;

export async function insertNotification(db: DbOrTx, n: NewNotification): Promise<NotificationRow> {
  const rows = await db.insert(notifications).values(n).returning();
  const row = rows[0];
  if (!row) throw new Error('notification insert returned nothing');
  return row;
}

export async function insertMail(db: DbOrTx, m: typeof mailOutbox.$inferInsert): Promise<MailRow> {
  const rows = await db.insert(mailOutbox).values(m).returning();
  const row = rows[0];
  if (!row) throw new Error('mail insert returned nothing');
  return row;
}

/**
 * Where a unit's mail goes: its reporters' and admins' own addresses and the unit's contact address
 * (active accounts only, each address once).
 */
export async function mailAddressesOf(db: DbOrTx, unitId: number): Promise<string[]> {
  const people = await db
    .selectDistinct({ email: users.email })
    .from(users)
    .innerJoin(roleGrants, eq(roleGrants.userId, users.id))
    .where(
      and(
        eq(roleGrants.unitId, unitId),
        inArray(roleGrants.role, ['reporter', 'admin']),
        eq(users.active, true),
        sql`coalesce(${users.email}, '') <> ''`,
      ),
    );
  const unit = await db.select({ email: units.contactEmail }).from(units).where(eq(units.id, unitId));
  const all = [...people.map((p) => p.email), unit[0]?.email].flatMap((e) => (e?.trim() ? [e.trim()] : []));
  const seen = new Set<string>();
  return all.filter((e) => !seen.has(e.toLowerCase()) && seen.add(e.toLowerCase()));
}

export interface NotificationListRow extends NotificationRow {
  unitName: string;
  subjectUnitName: string | null;
  noticeCollects: boolean;
}

export async function listForUnits(
  db: DbOrTx,
  unitIds: number[],
  opts: { unreadOnly: boolean; limit: number; offset: number },
): Promise<NotificationListRow[]> {
  if (unitIds.length === 0) return [];
  const subject = sql<string | null>`(select s.name from units s where s.id = ${notifications.subjectUnitId})`;
  const collecting = sql<boolean>`coalesce((select n.form_code is not null or jsonb_array_length(n.required_reports) > 0 from notices n where n.id = ${notifications.noticeId}), false)`;
  return db
    .select({ ...notificationColumns, unitName: units.name, subjectUnitName: subject, noticeCollects: collecting })
    .from(notifications)
    .innerJoin(units, eq(units.id, notifications.unitId))
    .where(and(inArray(notifications.unitId, unitIds), opts.unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(opts.limit)
    .offset(opts.offset);
}

const notificationColumns = {
  id: notifications.id,
  unitId: notifications.unitId,
  noticeId: notifications.noticeId,
  subjectUnitId: notifications.subjectUnitId,
  kind: notifications.kind,
  title: notifications.title,
  body: notifications.body,
  createdBy: notifications.createdBy,
  readAt: notifications.readAt,
  readBy: notifications.readBy,
  createdAt: notifications.createdAt,
};

export async function countForUnits(db: DbOrTx, unitIds: number[]): Promise<{ total: number; unread: number }> {
  if (unitIds.length === 0) return { total: 0, unread: 0 };
  const rows = await db
    .select({
      total: count(),
      unread: sql<number>`count(*) filter (where ${notifications.readAt} is null)`.mapWith(Number),
    })
    .from(notifications)
    .where(inArray(notifications.unitId, unitIds));
  return rows[0] ?? { total: 0, unread: 0 };
}

/** Marks unread notifications of these units read; `id` narrows it to one. Returns how many changed. */
export async function markRead(db: DbOrTx, unitIds: number[], userId: number, id?: number): Promise<number> {
  if (unitIds.length === 0) return 0;
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date(), readBy: userId })
    .where(
      and(
        inArray(notifications.unitId, unitIds),
        isNull(notifications.readAt),
        id === undefined ? undefined : eq(notifications.id, id),
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}

export async function findNotification(db: DbOrTx, id: number): Promise<NotificationRow | undefined> {
  const rows = await db.select().from(notifications).where(eq(notifications.id, id));
  return rows[0];
}

/**
 * Claims mail rows due for an attempt and counts the attempt at once, so another node (or a sweep that
 * overlaps) skips them. A row is due when it is pending or failed, below the attempt limit, and its
 * back-off has passed: attempt k+1 waits until created_at + base × (2^k − 1).
 */
export async function claimDueMail(
  db: DbOrTx,
  now: Date,
  opts: { maxAttempts: number; backoffSeconds: number; limit: number },
): Promise<MailRow[]> {
  const due = sql`${mailOutbox.createdAt} + make_interval(secs => ${opts.backoffSeconds}::double precision * (power(2, ${mailOutbox.attempts}) - 1)) <= ${now.toISOString()}::timestamptz`;
  const ids = db
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(and(inArray(mailOutbox.status, ['pending', 'failed']), lt(mailOutbox.attempts, opts.maxAttempts), due))
    .orderBy(mailOutbox.id)
    .limit(opts.limit)
    .for('update', { skipLocked: true });
  return db
    .update(mailOutbox)
    .set({ attempts: sql`${mailOutbox.attempts} + 1` })
    .where(inArray(mailOutbox.id, ids))
    .returning();
}

export async function finishMail(
  db: DbOrTx,
  id: number,
  patch: {
    status: 'sent' | 'logged' | 'failed';
    error?: string | null;
    messageId?: string | null;
    sentAt?: Date | null;
  },
): Promise<void> {
  await db.update(mailOutbox).set(patch).where(eq(mailOutbox.id, id));
}
