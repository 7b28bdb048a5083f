import { DomainError } from '../../domain/errors/domain-error.ts';
import { reviewDecision } from '../../domain/reminders/reminder-text.ts';
import { findNotice } from '../db/repositories/notice.repository.ts';
import * as repo from '../db/repositories/notification.repository.ts';
import type { DbOrTx } from '../db/tx.ts';
import type { Env } from '../env.ts';
import type { NotificationKind } from '../notify/channel.ts';
import { notifierFor } from '../notify/notifier.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

export interface NotificationView {
  id: number;
  kind: NotificationKind;
  title: string;
  body: string;
  unitId: number;
  unitName: string;
  noticeId: number | null;
  subjectUnitId: number | null;
  subjectUnitName: string | null;
  createdAt: string;
  readAt: string | null;
  /** Where in the app the message leads, if anywhere the addressee may open. */
  link: string | null;
}

export interface NotificationList {
  items: NotificationView[];
  total: number;
  unread: number;
}

/** Notifications are addressed to units: every account of the unit (any role) sees and reads them. */
const unitsOf = (ctx: RequestCtx): number[] => [...new Set(ctx.actor.grants.map((g) => g.unitId))];

function linkOf(n: repo.NotificationListRow): string | null {
  if (n.noticeId === null) return null;
  switch (n.kind) {
    case 'reminder':
    case 'manual':
    case 'returned':
    case 'accepted':
    case 'unlock':
      return n.noticeCollects ? `/notices/${n.noticeId}/report/${n.unitId}` : `/notices/${n.noticeId}`;
    case 'escalation':
      return null; // the superior need not see the notice itself
    default:
      return `/notices/${n.noticeId}`;
  }
}

const view = (n: repo.NotificationListRow): NotificationView => ({
  id: n.id,
  kind: n.kind as NotificationKind,
  title: n.title,
  body: n.body,
  unitId: n.unitId,
  unitName: n.unitName,
  noticeId: n.noticeId,
  subjectUnitId: n.subjectUnitId,
  subjectUnitName: n.subjectUnitName,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
  link: linkOf(n),
});

export async function listNotifications(
  deps: AppDeps,
  ctx: RequestCtx,
  q: { unreadOnly: boolean; limit: number; offset: number },
): Promise<NotificationList> {
  const { db } = deps.database;
  const units = unitsOf(ctx);
  const [rows, counts] = await Promise.all([repo.listForUnits(db, units, q), repo.countForUnits(db, units)]);
  return { items: rows.map(view), ...counts };
}

export async function notificationCounts(deps: AppDeps, ctx: RequestCtx): Promise<{ total: number; unread: number }> {
  return repo.countForUnits(deps.database.db, unitsOf(ctx));
}

export async function markNotificationRead(deps: AppDeps, ctx: RequestCtx, id: number): Promise<{ unread: number }> {
  const { db } = deps.database;
  const n = await repo.findNotification(db, id);
  const units = unitsOf(ctx);
  if (!n || !units.includes(n.unitId)) throw new DomainError('NOT_FOUND');
  await repo.markRead(db, units, ctx.actor.userId, id);
  return { unread: (await repo.countForUnits(db, units)).unread };
}

export async function markAllNotificationsRead(
  deps: AppDeps,
  ctx: RequestCtx,
): Promise<{ marked: number; unread: number }> {
  const { db } = deps.database;
  const units = unitsOf(ctx);
  const marked = await repo.markRead(db, units, ctx.actor.userId);
  return { marked, unread: (await repo.countForUnits(db, units)).unread };
}

/** Tells a unit its report was returned or accepted (called inside the review transaction). */
export async function notifyReportReviewed(
  tx: DbOrTx,
  env: Pick<Env, 'PUBLIC_BASE_URL'>,
  r: {
    action: 'submit' | 'return' | 'accept';
    unitId: number;
    noticeId: number;
    reason?: string | undefined;
    userId: number;
  },
): Promise<void> {
  if (r.action === 'submit') return;
  const notice = await findNotice(tx, r.noticeId);
  if (!notice) return;
  const kind = r.action === 'return' ? 'returned' : 'accepted';
  await notifierFor(env).notify(tx, {
    unitId: r.unitId,
    kind,
    ...reviewDecision(notice, kind, r.reason?.trim() || null),
    noticeId: notice.id,
    createdBy: r.userId,
    link: `/notices/${notice.id}/report/${r.unitId}`,
  });
}
