import { DomainError } from '../../domain/errors/domain-error.ts';
import { todayInShanghai } from '../../domain/i18n/format.ts';
import { defaultLayout, type RollupBy, type RollupStatusFilter, type StatsLayout } from '../../domain/rollup/rollup.ts';
import { findNotice, unitNames } from '../db/repositories/notice.repository.ts';
import { getForm } from './form.service.ts';
import { getReport } from './report.service.ts';
import { rollup, type RollupView } from './rollup.service.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';
import { statsCsv } from '../documents/stats-csv.ts';
import { chineseDate, statsWorkbook, type StatsWorkbookOptions } from '../documents/stats-xlsx.ts';

export const TOTAL_HEADER = '合计';
/** The office's own report, a column of its own so that 合计 is the sum of the printed columns. */
export const OWN_HEADER = '本级';

export type RollupFormat = 'xlsx' | 'csv';
export const ROLLUP_MIME: Record<RollupFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/**
 * The roll-up as a file: the printed table (.xlsx) or the same columns as CSV — 合计 then one column
 * per child or region, with 已报/应报. Access as for the roll-up itself (403/404, never an empty file);
 * a roll-up nothing counts in yet is refused rather than written as zeros.
 */
export interface RollupFileRequest {
  by: RollupBy;
  status: RollupStatusFilter;
  format: RollupFormat;
  /** A region drilled into on screen: the file holds that region's units only, and says so. */
  region?: number | undefined;
  /** Indicators as rows or units as rows; by default units as rows above 12 units (.xlsx only; CSV has a row per unit). */
  layout?: StatsLayout | undefined;
}

export async function rollupFile(
  deps: AppDeps,
  ctx: RequestCtx,
  noticeId: number,
  req: RollupFileRequest,
  onRow?: StatsWorkbookOptions['onRow'],
): Promise<{ file: Buffer; view: RollupView; fileName: string }> {
  const { by, status, format } = req;
  const view = await rollup(deps, ctx, noticeId, by, status, req.region);
  if (!view.form) throw new DomainError('REPORT_NO_FORM');
  if (view.empty) throw new DomainError('ROLLUP_EMPTY', { status });
  const notice = await findNotice(deps.database.db, noticeId);
  const issuer = notice
    ? ((await unitNames(deps.database.db, [notice.issuerUnitId])).get(notice.issuerUnitId)?.name ?? '')
    : '';
  const own = view.own ? [{ header: OWN_HEADER, values: view.own.values }] : [];
  const columns = [
    { header: TOTAL_HEADER, values: view.total.values },
    ...own,
    ...view.columns.map((c) => ({ header: c.name, values: c.values })),
  ];
  const completeness = [
    { header: TOTAL_HEADER, covered: view.total.covered, expected: view.total.expected },
    ...(view.own ? [{ header: OWN_HEADER, covered: 1, expected: 1 }] : []),
    ...view.columns.map((c) => ({ header: c.name, covered: c.covered, expected: c.expected })),
  ];
  const form = { ...view.form, rules: [] };
  const scope = view.region ? `·${view.region.name}` : '';
  const file =
    format === 'csv'
      ? statsCsv(form, columns, completeness)
      : await statsWorkbook(form, {
          unitLine: `${issuer}（汇总${scope}）`,
          dateLine: chineseDate(todayInShanghai()),
          columns,
          completeness,
          layout: req.layout ?? defaultLayout(view.columns.length),
          ...(onRow && { onRow }),
        });
  return {
    file,
    view,
    fileName: `${issuer}-${view.form.name}-汇总${view.region ? `-${view.region.name}` : ''}.${format}`,
  };
}

/** The roll-up as the printed table: 合计 then one column per child or region, with 已报/应报. */
export async function rollupWorkbook(
  deps: AppDeps,
  ctx: RequestCtx,
  noticeId: number,
  by: RollupBy,
  status: RollupStatusFilter,
  region?: number,
  layout?: StatsLayout,
): Promise<{ file: Buffer; view: RollupView; fileName: string }> {
  return rollupFile(deps, ctx, noticeId, { by, status, format: 'xlsx', region, layout });
}

/** One unit's table as printed; getReport applies the access rules first (no file for a 404). */
export async function reportWorkbook(
  deps: AppDeps,
  ctx: RequestCtx,
  noticeId: number,
  unitId: number,
): Promise<{ file: Buffer; fileName: string }> {
  const report = await getReport(deps, ctx, noticeId, unitId);
  if (!report.form) throw new DomainError('REPORT_NO_FORM');
  const form = await getForm(deps.database.db, report.form.code, report.form.version);
  const file = await statsWorkbook(form, {
    unitLine: report.unitName,
    dateLine: chineseDate(report.signature?.date ?? null),
    columns: [{ header: '数值', values: report.figures }],
    signature: report.signature,
  });
  return { file, fileName: `${report.unitName}-${form.name}.xlsx` };
}
