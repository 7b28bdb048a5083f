import type { FormDefinition } from '../../domain/forms/form.ts';
import { COMPLETENESS_LABEL, indicatorLabel, type StatsColumn, type StatsCompleteness } from './stats-xlsx.ts';

/** Every field quoted (names contain commas and quotes in the wild), quotes doubled. */
const field = (v: string): string => `"${v.replace(/"/g, '""')}"`;

/**
 * A text cell (a unit, indicator or group name) that a spreadsheet would read as a formula gets a leading
 * apostrophe (OWASP CSV injection): = + - @ tab CR. Figures are written as numbers and never pass here.
 */
export function csvText(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/**
 * The roll-up as CSV, the same columns as the .xlsx (group labels, 指标, 合计, one column per child or
 * region) with the 已报/应报 row last. UTF-8 with a BOM and CRLF so Excel on Windows opens it as Chinese.
 */
export function statsCsv(form: FormDefinition, columns: StatsColumn[], completeness: StatsCompleteness[]): Buffer {
  const depth = Math.max(0, ...form.indicators.map((i) => i.group.length));
  const groupHeaders = Array.from({ length: depth }, (_, i) => (i === 0 ? '类别' : `类别${i + 1}`));
  const lines: string[][] = [[...groupHeaders, '指标', ...columns.map((c) => csvText(c.header))]];
  form.indicators.forEach((ind, i) => {
    const groups = Array.from({ length: depth }, (_, g) => csvText(ind.group[g] ?? ''));
    const cells = columns.map((c) => {
      const v = c.values[i];
      if (v === null || v === undefined || !Number.isFinite(v)) return '';
      return ind.type === 'decimal2' ? v.toFixed(2) : String(Math.round(v));
    });
    lines.push([...groups, csvText(indicatorLabel(ind)), ...cells]);
  });
  const byHeader = new Map(completeness.map((c) => [c.header, c]));
  lines.push([
    ...groupHeaders.map(() => ''),
    COMPLETENESS_LABEL,
    ...columns.map((c) => {
      const k = byHeader.get(c.header);
      return k ? `${k.covered}/${k.expected}` : '';
    }),
  ]);
  const text = lines.map((l) => l.map(field).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
