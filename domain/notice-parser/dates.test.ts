import { describe, it, expect } from 'vitest';
import { chineseNumber, cutoffDate, datesBefore, findFullDates, findPeriod, standaloneDate } from './dates.ts';

const dateBefore = (sentence: string, year: number | null) => datesBefore(sentence, year)[0] ?? null;

describe('dates', () => {
  it('reads written, ISO and Chinese-numeral dates', () => {
    expect(standaloneDate('2024年8月26日')).toBe('2024-08-26');
    expect(standaloneDate('2024-08-26')).toBe('2024-08-26');
    expect(standaloneDate('二〇〇八年九月十八日')).toBe('2008-09-18');
    expect(standaloneDate('二〇二四年十月三十一日')).toBe('2024-10-31');
    expect(standaloneDate('2024年2月30日')).toBeNull();
    expect(findFullDates('于2024年7月26日印发，2024/9/1起施行').map((d) => d.iso)).toEqual([
      '2024-07-26',
      '2024-09-01',
    ]);
  });

  it('converts Chinese numerals', () => {
    expect(chineseNumber('十')).toBe(10);
    expect(chineseNumber('十八')).toBe(18);
    expect(chineseNumber('二十一')).toBe(21);
    expect(chineseNumber('二〇二四')).toBe(2024);
  });

  it('gives a deadline without a year the document year', () => {
    expect(dateBefore('请于10月8日前将活动总结报送', 2024)?.iso).toBe('2024-10-08');
    expect(dateBefore('请于2025年1月5日之前报送', 2024)?.iso).toBe('2025-01-05');
    expect(dateBefore('10月12日前将总结材料报送', null)).toBeNull();
    expect(cutoffDate('投稿截止日期：9月30日', 2024)).toBe('2024-09-30');
  });

  it("finds every dated clause in order, 月底 meaning the month's last day", () => {
    expect(datesBefore('请于9月5日前报送方案，10月底前报送总结', 2025).map((d) => d.iso)).toEqual([
      '2025-09-05',
      '2025-10-31',
    ]);
    expect(dateBefore('请于2月底前报送', 2024)?.iso).toBe('2024-02-29');
    expect(datesBefore('请于13月底前报送', 2024)).toEqual([]);
  });

  it('reads activity periods, a month meaning its first and last day', () => {
    expect(findPeriod('9月1日至9月30日', 2024)).toEqual({ start: '2024-09-01', end: '2024-09-30' });
    expect(findPeriod('2024年9月1日至10月15日', null)).toEqual({ start: '2024-09-01', end: '2024-10-15' });
    expect(findPeriod('5-12月', 2024)).toEqual({ start: '2024-05-01', end: '2024-12-31' });
    expect(findPeriod('2024年9月', null)).toEqual({ start: '2024-09-01', end: '2024-09-30' });
    expect(findPeriod('2024年2月', null)).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(findPeriod('9月上旬', 2024)).toBeNull();
  });

  it('reads a deadline with a weekday or a time of day before 前', () => {
    expect(dateBefore('请于2025年10月10日（星期五）前报送', null)?.iso).toBe('2025-10-10');
    expect(dateBefore('务必于10月10日下班前报送', 2025)?.iso).toBe('2025-10-10');
    expect(dateBefore('请于10月9日下午5点前报送', 2023)?.iso).toBe('2023-10-09');
  });

  it('gives a bare month (9月份) the year of the document', () => {
    expect(findPeriod('9月份', 2025)).toEqual({ start: '2025-09-01', end: '2025-09-30' });
    expect(findPeriod('9月份', null)).toBeNull();
  });
});
