const timeFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});

/** 14:05, Beijing time. */
export function formatTimeCn(d: Date): string {
  return timeFormat.format(d);
}

/** 2024/10/08 14:05, Beijing time. */
export function formatDateTimeCn(d: Date): string {
  return dateTimeFormat.format(d);
}
