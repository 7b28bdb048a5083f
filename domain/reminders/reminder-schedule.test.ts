import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { isPending } from './remind.policy.ts';
import { automaticReminder, escalationNotice } from './reminder-text.ts';
import { addDays, lastWorkingDayOnOrBefore, reminderDue, reminderPlan, type WorkingDay } from './reminder-schedule.ts';

// The official calendar (国务院办公厅 holiday notices for 2024 and 2025), as the server passes it in.
const official: WorkingDay = (d) => chineseDays.isWorkday(d);
const plain: WorkingDay = (d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
const plan = (deadline: string, from: string, to: string, cal = official): string[] =>
  reminderPlan(deadline, from, to, cal).map((p) => `${p.date} ${p.slot}${p.copySuperior ? ' +cc' : ''}`);

describe('the calendar the schedule relies on', () => {
  it('knows the 2024 and 2025 National Day weeks and their make-up working days', () => {
    expect(official('2024-09-29')).toBe(true); // Sunday, make-up working day
    expect(official('2024-10-05')).toBe(false);
    expect(official('2024-10-08')).toBe(true);
    expect(official('2024-10-12')).toBe(true); // Saturday, make-up working day
    expect(official('2025-09-28')).toBe(true); // Sunday, make-up working day
    expect(official('2025-10-08')).toBe(false); // 2025: 10-01 … 10-08 off
    expect(official('2025-10-11')).toBe(true);
  });
  it('moves a day off back to the last working day, across a whole holiday week', () => {
    expect(lastWorkingDayOnOrBefore('2024-10-05', official)).toBe('2024-09-30');
    expect(lastWorkingDayOnOrBefore('2024-10-08', official)).toBe('2024-10-08');
    expect(lastWorkingDayOnOrBefore('2025-02-04', official)).toBe('2025-01-27'); // Spring Festival 2025
    expect(lastWorkingDayOnOrBefore('2024-09-29', official)).toBe('2024-09-29');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
  });
});

describe('reminders before the deadline', () => {
  it('sends 3 days before, 1 day before and on the day when all are working days', () => {
    expect(plan('2024-09-19', '2024-09-01', '2024-09-19', plain)).toEqual([
      '2024-09-16 before-3',
      '2024-09-18 before-1',
      '2024-09-19 due',
    ]);
  });

  it('deadline 2024-10-08: 10-05 and 10-07 fall in the holiday, both move to 09-30 and merge', () => {
    expect(plan('2024-10-08', '2024-09-20', '2024-10-08')).toEqual(['2024-09-30 before-1', '2024-10-08 due']);
    expect(reminderDue('2024-10-08', '2024-09-30', official)).toEqual({
      slot: 'before-1',
      daysLeft: 8,
      late: false,
      copySuperior: false,
    });
    // With weekends only, the same deadline would remind on 10-04 and 10-07, both in the holiday.
    expect(plan('2024-10-08', '2024-09-20', '2024-10-08', plain)).toEqual([
      '2024-10-04 before-3',
      '2024-10-07 before-1',
      '2024-10-08 due',
    ]);
  });

  it('deadline 2024-10-10: only the 3-days-before reminder moves (10-07 → 09-30)', () => {
    expect(plan('2024-10-10', '2024-09-20', '2024-10-10')).toEqual([
      '2024-09-30 before-3',
      '2024-10-09 before-1',
      '2024-10-10 due',
    ]);
  });

  it('deadline 2025-10-10 (holiday 10-01 … 10-08)', () => {
    expect(plan('2025-10-10', '2025-09-20', '2025-10-10')).toEqual([
      '2025-09-30 before-3',
      '2025-10-09 before-1',
      '2025-10-10 due',
    ]);
  });

  it('a deadline on a holiday: the on-the-day reminder moves before the holiday and absorbs the others', () => {
    expect(plan('2025-10-08', '2025-09-20', '2025-10-08')).toEqual(['2025-09-30 due']);
    expect(reminderDue('2025-10-08', '2025-09-30', official)).toMatchObject({ slot: 'due', daysLeft: 8 });
  });

  it('a make-up working day (Sunday 2024-09-29) is a working day for reminders', () => {
    expect(plan('2024-10-02', '2024-09-20', '2024-10-02')).toEqual(['2024-09-29 before-3', '2024-09-30 due']);
  });

  it('a weekend moves the 1-day-before reminder to Friday, where it merges with 3 days before', () => {
    expect(plan('2025-03-17', '2025-03-01', '2025-03-17')).toEqual(['2025-03-14 before-1', '2025-03-17 due']);
  });

  it('Spring Festival 2025: reminders for a 02-05 deadline go out on 01-27, before the break', () => {
    expect(plan('2025-02-05', '2025-01-15', '2025-02-05')).toEqual(['2025-01-27 before-1', '2025-02-05 due']);
  });

  it('nothing is due on other days, or long before the deadline', () => {
    expect(reminderDue('2024-10-08', '2024-09-27', official)).toBeNull();
    expect(reminderDue('2024-10-08', '2024-10-03', official)).toBeNull();
    expect(reminderDue('2099-10-10', '2024-10-08', official)).toBeNull();
  });
});

describe('reminders while late', () => {
  it('daily on working days, copying the superior from 1 day late; days off are skipped, not moved', () => {
    expect(plan('2024-10-08', '2024-10-09', '2024-10-15')).toEqual([
      '2024-10-09 late-1 +cc',
      '2024-10-10 late-2 +cc',
      '2024-10-11 late-3 +cc',
      '2024-10-12 late-4 +cc', // Saturday, make-up working day
      '2024-10-14 late-6 +cc',
      '2024-10-15 late-7 +cc',
    ]);
  });
  it('a Saturday deadline: reminded on Friday, and the first late reminder is Monday’s late-2', () => {
    expect(plan('2025-03-15', '2025-03-10', '2025-03-18')).toEqual([
      '2025-03-12 before-3',
      '2025-03-14 due',
      '2025-03-17 late-2 +cc',
      '2025-03-18 late-3 +cc',
    ]);
  });
  it('a deadline right before the holiday: nothing during it, then late-8 on the first working day', () => {
    expect(plan('2024-09-30', '2024-10-01', '2024-10-08')).toEqual(['2024-10-08 late-8 +cc']);
    expect(reminderDue('2024-09-30', '2024-10-08', official)).toEqual({
      slot: 'late-8',
      daysLeft: -8,
      late: true,
      copySuperior: true,
    });
  });
});

describe('reminder texts and who is pending', () => {
  const n = {
    title: '关于开展2024年质量月活动的通知',
    docNumber: '藏质标办〔2024〕2号',
    deadline: '2024-10-08',
    issuerName: '西藏自治区市场监督管理局',
  };
  it('says how many days are left or how late, in Chinese', () => {
    expect(
      automaticReminder(n, '拉萨市市场监督管理局', { slot: 'before-1', daysLeft: 8, late: false, copySuperior: false })
        .body,
    ).toContain('将于 2024年10月8日 截止，还有 8 天');
    expect(
      automaticReminder(n, '拉萨市市场监督管理局', { slot: 'due', daysLeft: 0, late: false, copySuperior: false }).body,
    ).toContain('今天（2024年10月8日）截止');
    const late = automaticReminder(n, '拉萨市市场监督管理局', {
      slot: 'late-2',
      daysLeft: -2,
      late: true,
      copySuperior: true,
    });
    expect(late).toEqual({
      title: '逾期未报：关于开展2024年质量月活动的通知',
      body: expect.stringContaining('已超过截止日期（2024年10月8日）2 天') as string,
    });
    expect(
      escalationNotice(n, '拉萨市市场监督管理局', { slot: 'late-2', daysLeft: -2, late: true, copySuperior: true })
        .title,
    ).toBe('下级单位逾期未报：拉萨市市场监督管理局');
  });
  it('counts a returned report as owed, a submitted or accepted one as done; without a form, signing is what is owed', () => {
    expect(isPending({ unitId: 1, reportStatus: null, signed: true }, true)).toBe(true);
    expect(isPending({ unitId: 1, reportStatus: 'returned', signed: true }, true)).toBe(true);
    expect(isPending({ unitId: 1, reportStatus: 'submitted', signed: false }, true)).toBe(false);
    expect(isPending({ unitId: 1, reportStatus: 'accepted', signed: false }, true)).toBe(false);
    expect(isPending({ unitId: 1, reportStatus: null, signed: false }, false)).toBe(true);
    expect(isPending({ unitId: 1, reportStatus: null, signed: true }, false)).toBe(false);
  });
});
