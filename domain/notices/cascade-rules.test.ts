import { describe, expect, it } from 'vitest';
import { checkChildDeadline, checkChildForm, isCalendarDate, normaliseNoticeDocNumber } from './cascade-rules.ts';

describe('document numbers', () => {
  it('normalises brackets to 〔〕 and accepts （） [] and mismatched ones', () => {
    expect(normaliseNoticeDocNumber('藏质协字（2024）14号')).toBe('藏质协字〔2024〕14号');
    expect(normaliseNoticeDocNumber('藏质标办[2024]2号')).toBe('藏质标办〔2024〕2号');
    expect(normaliseNoticeDocNumber('湘市监办发〔2024)22号')).toBe('湘市监办发〔2024〕22号');
    expect(normaliseNoticeDocNumber('国市监质发〔2024〕74号')).toBe('国市监质发〔2024〕74号');
  });
  it('rejects text that is not one whole number', () => {
    expect(normaliseNoticeDocNumber('74号')).toBeNull();
    expect(normaliseNoticeDocNumber('关于开展质量月的通知')).toBeNull();
    expect(normaliseNoticeDocNumber('国市监质发〔2024〕74号 和 藏质标办〔2024〕2号')).toBeNull();
  });
});

describe('deadline inheritance', () => {
  it('refuses a child deadline after the parent’s', () => {
    expect(checkChildDeadline('2024-10-10', '2024-10-11')).toEqual({
      ok: false,
      code: 'NOTICE_DEADLINE_AFTER_PARENT',
      parentDeadline: '2024-10-10',
    });
  });
  it('warns when less than two days earlier, including the same day', () => {
    expect(checkChildDeadline('2024-10-10', '2024-10-10')).toEqual({
      ok: true,
      warning: { code: 'DEADLINE_MARGIN_SHORT', days: 0 },
    });
    expect(checkChildDeadline('2024-10-10', '2024-10-09')).toEqual({
      ok: true,
      warning: { code: 'DEADLINE_MARGIN_SHORT', days: 1 },
    });
    expect(checkChildDeadline('2024-10-10', '2024-10-08')).toEqual({ ok: true });
  });
  it('accepts anything when either side has no deadline (the national notice has none)', () => {
    expect(checkChildDeadline(null, '2024-10-10')).toEqual({ ok: true });
    expect(checkChildDeadline('2024-10-10', null)).toEqual({ ok: true });
  });
  it('works across month ends', () => {
    expect(checkChildDeadline('2024-10-01', '2024-09-30')).toMatchObject({ ok: true, warning: { days: 1 } });
  });
});

describe('form inheritance and dates', () => {
  it('keeps the parent’s form, and lets a child add one where the parent has none', () => {
    expect(checkChildForm('quality-month-2024', 'quality-month-2024')).toBe(true);
    expect(checkChildForm('quality-month-2024', null)).toBe(false);
    expect(checkChildForm(null, 'quality-month-2024')).toBe(true);
  });
  it('knows impossible dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-13-01')).toBe(false);
  });
});
