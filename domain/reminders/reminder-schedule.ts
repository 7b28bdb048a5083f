/**
 * When a unit that has not reported is reminded (催报), relative to a notice's deadline.
 *
 * Nominal slots: 3 days before, 1 day before, on the deadline, then every day while late.
 * Dates are Beijing calendar dates (YYYY-MM-DD); whether a day is a working day comes from the
 * official holiday calendar, passed in as a predicate so this module stays pure.
 *
 * Holiday rules:
 * - A slot up to the deadline whose day is not a working day moves to the last working day before it
 *   (make-up working days such as 2024-09-29 count as working days). Moving is monotonic, so slots
 *   never swap order; slots that land on the same day merge into one reminder named after the most
 *   urgent of them (e.g. deadline 2024-10-08: before-3 = 10-05 and before-1 = 10-07 both move to 09-30).
 * - Late reminders are not moved: on a day off none is sent, and the next working day sends its own
 *   (late-N counts calendar days after the deadline). From 1 day late the unit's superior is copied.
 * - A slot is only ever due on its own day; a missed day is not sent later (a stale "3 days left" helps
 *   nobody, and the next slot follows within days).
 */

export type WorkingDay = (isoDate: string) => boolean;

export type ReminderSlot = 'before-3' | 'before-1' | 'due' | `late-${number}`;

export interface DueReminder {
  slot: ReminderSlot;
  /** Calendar days from today to the deadline; negative when late. */
  daysLeft: number;
  late: boolean;
  /** The unit's superior is copied (from 1 day late). */
  copySuperior: boolean;
}

export interface PlannedReminder {
  date: string;
  slot: ReminderSlot;
  copySuperior: boolean;
}

const DAY_MS = 86_400_000;
/** Longest run of days off to look back over (Spring Festival and National Day are 8–9 days). */
const MAX_DAYS_OFF = 31;

const dayNumber = (iso: string): number =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export function addDays(iso: string, days: number): string {
  return isoOf(dayNumber(iso) + days);
}

export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The day itself when it is a working day, else the last working day before it. */
export function lastWorkingDayOnOrBefore(iso: string, isWorkingDay: WorkingDay): string {
  for (let i = 0; i <= MAX_DAYS_OFF; i++) {
    const d = addDays(iso, -i);
    if (isWorkingDay(d)) return d;
  }
  return iso; // a calendar without working days is broken; keep the nominal day
}

/** Slots up to the deadline, most urgent first (it wins when slots merge). */
const EARLY_SLOTS: readonly { slot: ReminderSlot; offset: number }[] = [
  { slot: 'due', offset: 0 },
  { slot: 'before-1', offset: -1 },
  { slot: 'before-3', offset: -3 },
];

/** The reminder due on `today` for a deadline, or null. */
export function reminderDue(deadline: string, today: string, isWorkingDay: WorkingDay): DueReminder | null {
  const daysLeft = daysBetween(today, deadline);
  if (daysLeft < 0) {
    if (!isWorkingDay(today)) return null;
    return { slot: `late-${-daysLeft}`, daysLeft, late: true, copySuperior: true };
  }
  if (daysLeft > 3 + MAX_DAYS_OFF) return null;
  for (const { slot, offset } of EARLY_SLOTS) {
    if (lastWorkingDayOnOrBefore(addDays(deadline, offset), isWorkingDay) === today) {
      return { slot, daysLeft, late: false, copySuperior: false };
    }
  }
  return null;
}

/** Every reminder from `from` through `to` (inclusive), for display and tests. */
export function reminderPlan(deadline: string, from: string, to: string, isWorkingDay: WorkingDay): PlannedReminder[] {
  const plan: PlannedReminder[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const due = reminderDue(deadline, d, isWorkingDay);
    if (due) plan.push({ date: d, slot: due.slot, copySuperior: due.copySuperior });
  }
  return plan;
}
