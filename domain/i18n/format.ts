const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** 14:05, Beijing time. */
export function formatTimeCn(d: Date): string {
  return timeFormat.format(d);
}

/** 2024/10/08 14:05, Beijing time. */
export function formatDateTimeCn(d: Date): string {
  return dateTimeFormat.format(d);
}

const isoDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's calendar date in Asia/Shanghai, YYYY-MM-DD (deadlines are Beijing calendar dates). */
export function todayInShanghai(now: Date = new Date()): string {
  return isoDay.format(now);
}
