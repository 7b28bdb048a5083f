// Every time on screen is Asia/Shanghai time, whatever the browser's zone.
const formatter = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(formatter.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year ?? ''}-${parts.month ?? ''}-${parts.day ?? ''} ${parts.hour ?? ''}:${parts.minute ?? ''}:${parts.second ?? ''}`;
}

/** Today in Shanghai as YYYY-MM-DD (deadlines are calendar dates there). */
export function todayInShanghai(now: Date = new Date()): string {
  return formatDateTime(now.toISOString()).slice(0, 10);
}

/** Whole days from today to a YYYY-MM-DD date (negative: past). */
export function daysUntil(date: string, today: string = todayInShanghai()): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
