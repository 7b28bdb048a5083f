/** 2024-09-07 → 2024年9月7日. */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${m[1] ?? ''}年${String(Number(m[2]))}月${String(Number(m[3]))}日`;
}

/** A date range as people write it: 2024年9月7日至8日, 2024年9月28日至10月3日, or one day. */
export function chineseRange(start: string | null, end: string | null): string | null {
  if (!start) return end ? chineseDate(end) : null;
  if (!end || end === start) return chineseDate(start);
  const [sy, sm] = start.split('-');
  const [ey, em, ed] = end.split('-');
  if (sy !== ey) return `${chineseDate(start)}至${chineseDate(end)}`;
  if (sm !== em) return `${chineseDate(start)}至${String(Number(em))}月${String(Number(ed))}日`;
  return `${chineseDate(start)}至${String(Number(ed))}日`;
}
