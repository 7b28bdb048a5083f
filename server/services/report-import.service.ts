import { DomainError, isDomainError } from '../../domain/errors/domain-error.ts';
import * as notices from '../db/repositories/notice.repository.ts';
import * as reports from '../db/repositories/report.repository.ts';
import { readStatsWorkbookIsolated } from '../documents/parse-isolated.ts';
import { normalizeLabel, type StatsImportProblem } from '../documents/stats-xlsx-reader.ts';
import { parseLimits } from './parse-limits.ts';
import { getForm } from './form.service.ts';
import { saveDraft, type ReportView } from './report.service.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

/**
 * Imports an uploaded 统计表 into the unit's draft. Whoever may edit the draft may import — the unit, or the issuing
 * office filling in on its behalf (代填报), which cannot view a draft and so cannot go through getReport.
 */
export async function importStatsXlsx(
  deps: AppDeps,
  ctx: RequestCtx,
  noticeId: number,
  unitId: number,
  version: number,
  buffer: Buffer,
): Promise<ReportView & { problems: StatsImportProblem[] }> {
  const { db } = deps.database;
  // saveDraft authorizes before it checks the figures' length, so an empty array asks "may I edit?" and writes nothing:
  // access is settled before the file or the unit's name is looked at.
  try {
    await saveDraft(deps, ctx, noticeId, unitId, { version, figures: [] });
  } catch (err) {
    if (!isDomainError(err) || err.code !== 'REPORT_FIGURES_LENGTH') throw err;
  }
  const existing = await reports.findByNoticeUnit(db, noticeId, unitId);
  const notice = await notices.findNotice(db, noticeId);
  const formCode = existing?.formCode ?? notice?.formCode;
  if (!formCode) throw new DomainError('REPORT_NO_FORM');
  const form = await getForm(db, formCode, existing?.formVersion ?? undefined);
  const unitName =
    (await notices.recipientsOf(db, [noticeId])).get(noticeId)?.find((r) => r.unitId === unitId)?.unitName ?? '';

  const read = await readStatsWorkbookIsolated(buffer, form, parseLimits(deps.env));
  // A re-typed table may leave the unit out; one that names another unit is refused.
  if (read.unitName && normalizeLabel(read.unitName) !== normalizeLabel(unitName)) {
    throw new DomainError('REPORT_XLSX_WRONG_UNIT', { found: read.unitName, expected: unitName });
  }
  const saved = await saveDraft(deps, ctx, noticeId, unitId, { version, figures: read.figures });
  return { ...saved, problems: read.problems };
}
