/*
 * How a table lands on paper, worked out before it is written: column widths and row heights in points, the page's
 * printable area, and from them the print scale and page breaks. The rules, for any form:
 *   - a table that fits one page at 55 % or more is fitted to that page (the office suite picks the exact scale);
 *   - else one that fits the page width at 55 % or more is fitted to the width and continues down further pages,
 *     with its header rows repeated and manual breaks between groups where a group would otherwise be split;
 *   - else it prints at 55 % and continues across further pages with its label columns repeated; each page's
 *     last column gets a manual break, so the title can be set over page 1's columns.
 * Measured against LibreOffice 7.4 (Debian, fonts-noto-cjk): a column of width w prints 6.0·w + 0.5 pt wide
 * (columns of width 4, 10 and 20 on a landscape page at 100 %).
 */

export const MIN_SCALE = 55;

export interface PageShape {
  orientation: 'portrait' | 'landscape';
  /** Printable area in points (paper less the margins). */
  widthPt: number;
  heightPt: number;
  marginsIn: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
}

const PAPER = { w: 595.3, h: 841.9 };
const MARGINS = { left: 0.5, right: 0.5, top: 0.6, bottom: 0.75, header: 0.3, footer: 0.35 };
const shape = (orientation: 'portrait' | 'landscape'): PageShape => {
  const [w, h] = orientation === 'portrait' ? [PAPER.w, PAPER.h] : [PAPER.h, PAPER.w];
  return {
    orientation,
    widthPt: w - (MARGINS.left + MARGINS.right) * 72,
    heightPt: h - (MARGINS.top + MARGINS.bottom) * 72,
    marginsIn: MARGINS,
  };
};
export const A4 = { portrait: shape('portrait'), landscape: shape('landscape') };

/** A column's width in points, from its width in the file's character units (calibrated, see the print tests). */
export const colPt = (width: number): number => width * 6.0 + 0.5;
/** The width in character units that gives a column of `pt` points. */
export const widthForPt = (pt: number): number => Math.ceil(((pt - 0.5) / 6.0) * 4) / 4;

/** The width of a text in points at a font size: CJK full width, ASCII about half. */
export function textPt(text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) < 0x2e80 ? 0.55 : 1;
  return w * size;
}

/** How many lines a text wraps onto in a cell `pt` points wide (a little kept back for the cell's padding). */
export function linesNeeded(text: string, size: number, pt: number): number {
  const room = Math.max(size, pt - 5);
  return Math.max(1, ...text.split('\n').map((part) => Math.ceil((textPt(part, size) + size * 0.3) / room)));
}

/** A row's height in points for `lines` lines of text. */
export const rowPt = (size: number, lines: number): number => lines * size * 1.3 + 4;

export interface PagePlan {
  /** null: fitted by the office suite (to one page, or to the page width); else the fixed scale in percent. */
  scale: number | null;
  onePage: boolean;
  /** 1-based columns after which a new page starts (empty when the table fits the width). */
  breaksAfter: number[];
  /** The last column printed on page 1. */
  firstPageLastCol: number;
  /** 1-based rows after which a new page starts. */
  rowBreaksAfter: number[];
}

export interface PlanOptions {
  /** Columns repeated on every page when the table continues across pages. */
  titleCols: number;
  /** Rows repeated on every page. */
  titleRows: number;
  /** Runs of rows (after the title rows) that should stay on one page, in order, as row counts. */
  keepTogether?: number[];
}

/** Estimates are kept this much on the safe side: LibreOffice's own measure differs by a few percent. */
const SAFETY = 1.02;

export function pagePlan(page: PageShape, widths: number[], heights: number[], opts: PlanOptions): PagePlan {
  const colsPt = widths.map(colPt);
  const totalW = colsPt.reduce((s, w) => s + w, 0) * SAFETY;
  const totalH = heights.reduce((s, h) => s + h, 0) * SAFETY;
  const wScale = page.widthPt / totalW;
  const hScale = page.heightPt / totalH;
  const min = MIN_SCALE / 100;
  const n = widths.length;

  if (Math.min(wScale, hScale) >= min)
    return { scale: null, onePage: true, breaksAfter: [], firstPageLastCol: n, rowBreaksAfter: [] };
  if (wScale >= min) {
    const scale = Math.min(1, wScale);
    return {
      scale: null,
      onePage: false,
      breaksAfter: [],
      firstPageLastCol: n,
      rowBreaksAfter: rowBreaks(page, heights, opts, scale),
    };
  }

  // Too wide: fixed minimum scale, columns packed page by page after the repeated label columns.
  const room = page.widthPt / min / SAFETY;
  const labelW = colsPt.slice(0, opts.titleCols).reduce((s, w) => s + w, 0);
  const breaksAfter: number[] = [];
  let used = labelW;
  for (let c = opts.titleCols; c < n; c++) {
    const w = colsPt[c] ?? 0;
    if (used + w > room && used > labelW) {
      breaksAfter.push(c); // c is the 1-based number of the previous column
      used = labelW;
    }
    used += w;
  }
  return {
    scale: MIN_SCALE,
    onePage: false,
    breaksAfter,
    firstPageLastCol: breaksAfter[0] ?? n,
    rowBreaksAfter: rowBreaks(page, heights, opts, min),
  };
}

/** Manual row breaks between the runs to keep together, where a run would cross the page's end. */
function rowBreaks(page: PageShape, heights: number[], opts: PlanOptions, scale: number): number[] {
  if (!opts.keepTogether?.length) return [];
  const titleH = heights.slice(0, opts.titleRows).reduce((s, h) => s + h, 0);
  const room = page.heightPt / scale / SAFETY - titleH;
  const breaks: number[] = [];
  let row = opts.titleRows; // rows written so far (1-based last row)
  let used = 0;
  for (const run of opts.keepTogether) {
    const h = heights.slice(row, row + run).reduce((s, x) => s + x, 0);
    if (used + h > room && used > 0 && h <= room) {
      breaks.push(row);
      used = 0;
    }
    used += h;
    row += run;
  }
  return breaks;
}
