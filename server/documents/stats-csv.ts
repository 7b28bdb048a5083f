import type { FormDefinition } from '../../domain/forms/form.ts';
import {
  COVERED_LABEL,
  EXPECTED_LABEL,
  indicatorLabel,
  type StatsColumn,
  type StatsCompleteness,
} from './stats-xlsx.ts';

/** Every field quoted (names contain commas and quotes in the wild), quotes doubled. */
const field = (v: string): string => `"${v.replace(/"/g, '""')}"`;
/**
 * A text cell (a unit, indicator or group name) that a spreadsheet would read as a formula gets a leading
 * apostrophe (OWASP CSV injection): = + - @ tab CR. Figures are written as numbers and never pass here.
 */
export const csvText = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** An indicator's column header: its groups and label, e.g. 宣传活动·领导参与情况·省部级. */
export const csvHeader = (ind: FormDefinition['indicators'][number]): string =>
  csvText([...ind.group, indicatorLabel(ind)].join('·'));

/**
 * The roll-up as CSV for machines and people: one row per unit (合计 and 本级 first, as in the .xlsx), the unit's
 * name, 已报 and 应报 as two numbers, then one numeric column per indicator headed with its groups and label. No
 * cell reads as a date ("1/1") or a formula. UTF-8 with a BOM and CRLF so Excel on Windows opens it as Chinese.
 */
export function statsCsv(form: FormDefinition, columns: StatsColumn[], completeness: StatsCompleteness[]): Buffer {
  const byHeader = new Map(completeness.map((c) => [c.header, c]));
  const lines: string[][] = [['单位', COVERED_LABEL, EXPECTED_LABEL, ...form.indicators.map(csvHeader)]];
  for (const col of columns) {
    const k = byHeader.get(col.header);
    const cells = form.indicators.map((ind, i) => {
      const v = col.values[i];
      if (v === null || v === undefined || !Number.isFinite(v)) return '';
      return ind.type === 'decimal2' ? v.toFixed(2) : String(Math.round(v));
    });
    lines.push([csvText(col.header), k ? String(k.covered) : '', k ? String(k.expected) : '', ...cells]);
  }
  const text = lines.map((l) => l.map(field).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
