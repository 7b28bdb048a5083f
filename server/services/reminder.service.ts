import { DomainError } from '../../domain/errors/domain-error.ts';
import { todayInShanghai } from '../../domain/i18n/format.ts';
import { canRemind, isPending } from '../../domain/reminders/remind.policy.ts';
import { collects } from '../../domain/reports/required-parts.ts';
import { addDays, reminderDue } from '../../domain/reminders/reminder-schedule.ts';
import { automaticReminder, escalationNotice, manualReminder } from '../../domain/reminders/reminder-text.ts';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import * as notices from '../db/repositories/notice.repository.ts';
import * as repo from '../db/repositories/reminder.repository.ts';
import { notifierFor } from '../notify/notifier.ts';
import { remindersSent } from '../observability/metrics.ts';
import { officialWorkingDay } from '../notify/working-days.ts';
import { requireNotice } from './notice.service.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

/** How far ahead the sweep looks: 3 days before the deadline, plus the longest holiday a reminder may move back over. */
const LOOKAHEAD_DAYS = 3 + 31;

export interface SweepResult {
  today: string;
  notices: number;
  units: number;
  escalations: number;
  emails: number;
}

const linkFor = (noticeId: number, unitId: number, collectsReports: boolean): string =>
  collectsReports ? `/notices/${noticeId}/report/${unitId}` : `/notices/${noticeId}`;

/**
 * The automatic reminders due at `now` (Beijing date): for every issued notice with a deadline and a
 * statistics form in a campaign that is not archived, each recipient without a submitted or accepted
 * report gets today's slot once — reminders_sent makes a second run (or a second node) a no-op.
 * From 1 day late the unit's superior is copied on the e-mail, and gets an in-app escalation unless it
 * issued the notice itself (the issuer follows lateness on its completeness page).
 */
export async function sweepReminders(
  deps: Pick<AppDeps, 'database' | 'env' | 'sealer' | 'queue'>,
  now: Date,
): Promise<SweepResult> {
  const { db } = deps.database;
  const today = todayInShanghai(now);
  const result: SweepResult = { today, notices: 0, units: 0, escalations: 0, emails: 0 };
  const notifier = notifierFor(deps.env);
  for (const notice of await repo.noticesToRemind(db, addDays(today, LOOKAHEAD_DAYS))) {
    if (!notice.deadline) continue;
    const due = reminderDue(notice.deadline, today, officialWorkingDay);
    if (!due) continue;
    await db.transaction(async (tx) => {
      const pending = (await repo.recipientStates(tx, notice.id)).filter((r) => isPending(r, true));
      const fresh = await repo.claimSlot(
        tx,
        notice.id,
        pending.map((r) => r.unitId),
        due.slot,
        today,
      );
      if (fresh.size === 0) return;
      for (const unit of pending.filter((r) => fresh.has(r.unitId))) {
        const copy = due.copySuperior && unit.parentId !== null ? [unit.parentId] : [];
        const sent = await notifier.notify(tx, {
          unitId: unit.unitId,
          kind: 'reminder',
          ...automaticReminder(notice, unit.unitName, due),
          noticeId: notice.id,
          ccUnitIds: copy,
          link: linkFor(notice.id, unit.unitId, true),
        });
        result.emails += sent.emails;
        if (copy[0] !== undefined && copy[0] !== notice.issuerUnitId) {
          // In the app only: the superior is already in Cc of the unit's e-mail.
          await notifier.notify(
            tx,
            {
              unitId: copy[0],
              kind: 'escalation',
              ...escalationNotice(notice, unit.unitName, due),
              noticeId: notice.id,
              subjectUnitId: unit.unitId,
            },
            { inAppOnly: true },
          );
          result.escalations++;
        }
      }
      result.notices++;
      result.units += fresh.size;
      await appendAudit(tx, {
        actorUserId: null,
        actorName: 'system',
        unitId: notice.issuerUnitId,
        action: 'notice.remind_auto',
        objectType: 'notice',
        objectId: notice.id,
        summary: { slot: due.slot, date: today, units: [...fresh], copySuperior: due.copySuperior },
        ip: null,
      });
    });
  }
  if (result.units) {
    remindersSent.inc({ mode: 'auto' }, result.units);
    deps.sealer.nudge();
    deps.queue?.nudgeMail();
  }
  return result;
}

export interface RemindInput {
  unitIds?: number[] | undefined;
  message: string;
}
export interface RemindResult {
  units: number;
  emails: number;
  unitsWithoutEmail: number;
}

/**
 * A manual reminder (催报) from the issuing office. Without unitIds it goes to every recipient that
 * still owes something (a report for a notice with a form, else signing for it); named units may be
 * any recipients. Archived campaigns send nothing.
 */
export async function remindManually(
  deps: AppDeps,
  ctx: RequestCtx,
  noticeId: number,
  input: RemindInput,
): Promise<RemindResult> {
  const message = input.message.trim();
  if (!message) throw new DomainError('VALIDATION_FAILED', { summary: '请填写催报内容' });
  const result = await deps.database.db.transaction(async (tx) => {
    const { notice } = await requireNotice(tx, ctx, noticeId, 'view');
    if (!canRemind(ctx.actor, notice.issuerUnitId)) throw new DomainError('FORBIDDEN');
    if (notice.status !== 'issued') throw new DomainError('VALIDATION_FAILED', { summary: '通知尚未印发，不能催报' });
    const campaign = await notices.findCampaign(tx, notice.campaignId);
    if (campaign?.archived) throw new DomainError('CAMPAIGN_ARCHIVED');
    const states = await repo.recipientStates(tx, notice.id);
    const collecting = collects(notice);
    let targets = states.filter((r) => isPending(r, collecting));
    if (input.unitIds?.length) {
      const wanted = new Set(input.unitIds);
      targets = states.filter((r) => wanted.has(r.unitId));
      if (targets.length !== wanted.size)
        throw new DomainError('VALIDATION_FAILED', { summary: '所选单位不是该通知的主送单位' });
    }
    const notifier = notifierFor(deps.env);
    let emails = 0;
    let withoutEmail = 0;
    for (const unit of targets) {
      const sent = await notifier.notify(tx, {
        unitId: unit.unitId,
        kind: 'manual',
        ...manualReminder(notice, unit.unitName, message),
        noticeId: notice.id,
        createdBy: ctx.actor.userId,
        link: linkFor(notice.id, unit.unitId, collecting),
      });
      emails += sent.emails;
      if (!sent.emails) withoutEmail++;
    }
    if (targets.length) {
      await appendAudit(tx, {
        actorUserId: ctx.actor.userId,
        actorName: ctx.actor.username,
        unitId: notice.issuerUnitId,
        action: 'notice.remind',
        objectType: 'notice',
        objectId: notice.id,
        summary: { units: targets.map((r) => r.unitId), message },
        ip: ctx.ip,
      });
    }
    return { units: targets.length, emails, unitsWithoutEmail: withoutEmail };
  });
  deps.sealer.nudge();
  remindersSent.inc({ mode: 'manual' }, result.units);
  if (result.emails) deps.queue?.nudgeMail();
  return result;
}
