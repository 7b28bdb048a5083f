import type { FormDefinition, Indicator } from '../../../../domain/forms/form.ts';
import { BUILTIN_FORMS } from '../../../../domain/forms/quality-month-2024.form.ts';
import type { Figure } from './reports.api.ts';

/** The built-in definition of a form (no form API yet): null when this client does not know it. */
export function builtinForm(code: string | null | undefined, version?: number): FormDefinition | null {
  return BUILTIN_FORMS.find((f) => f.code === code && (version === undefined || f.version === version)) ?? null;
}

/** One printed row: a figure, or two when the form prints them on one row (播放…次 with 总时长). */
export interface TableRow {
  /** Indices into the form's indicators, in printed order. */
  figures: number[];
  group: string[];
  /** Group cells this row opens, with how many rows they span; an empty slot means the cell is covered from above. */
  groupCells: ({ label: string; rowSpan: number } | null)[];
}

/** The printed layout: rows in indicator order, group labels spanning the rows they head. */
export function tableRows(form: FormDefinition): TableRow[] {
  const rows: TableRow[] = [];
  const at = new Map(form.indicators.map((ind, i) => [ind.code, i]));
  form.indicators.forEach((ind, i) => {
    if (ind.sameRowAs !== undefined && at.has(ind.sameRowAs)) return;
    const partners = form.indicators.flatMap((o, j) => (o.sameRowAs === ind.code ? [j] : []));
    rows.push({ figures: [i, ...partners], group: ind.group, groupCells: [] });
  });
  const depth = groupDepth(form);
  rows.forEach((row, r) => {
    for (let level = 0; level < depth; level++) {
      const label = row.group[level];
      if (label === undefined) break;
      const samePrefix = (other: TableRow | undefined): boolean =>
        !!other && row.group.slice(0, level + 1).every((g, k) => other.group[k] === g);
      if (samePrefix(rows[r - 1])) {
        row.groupCells.push(null);
        continue;
      }
      let span = 1;
      while (samePrefix(rows[r + span])) span++;
      row.groupCells.push({ label, rowSpan: span });
    }
  });
  return rows;
}

export const groupDepth = (form: FormDefinition): number => Math.max(0, ...form.indicators.map((i) => i.group.length));

const FULL_WIDTH = /[０-９．－，]/g;

/** A cell as typed → a number, null when blank, or undefined when it is not a number. */
export function parseFigure(text: string): Figure | undefined {
  const t = text.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s,]/g, '');
  if (t === '') return null;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return undefined;
  return Number(t);
}

export const figureText = (v: Figure | undefined): string => (v === null || v === undefined ? '' : String(v));

const integer = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
const decimal2 = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Chinese number formatting: thousands separators; 万元 with two decimals. */
export function formatFigure(ind: Indicator | undefined, v: Figure | undefined): string {
  if (v === null || v === undefined) return '';
  if (ind?.type === 'decimal2') return decimal2.format(v);
  return Number.isInteger(v) ? integer.format(v) : String(v);
}

/** Splits a block copied from Excel or WPS (tabs between cells, newlines between rows) into cell texts, row by row. */
export function pastedCells(text: string): string[] | null {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const cells = lines.flatMap((line) => line.split('\t'));
  return cells.length > 1 ? cells.map((c) => c.trim()) : null;
}
