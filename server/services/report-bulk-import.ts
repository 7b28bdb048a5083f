import { DomainError, isDomainError } from '../../domain/errors/domain-error.ts';
import type { ReportStatus } from '../../domain/reports/report.policy.ts';
import * as notices from '../db/repositories/notice.repository.ts';
import * as reports from '../db/repositories/report.repository.ts';
import { getForm } from './form.service.ts';
import { requireNotice } from './notice.service.ts';
import { saveDraftIn, transitionIn } from './report.service.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';
import { readStatsSheetsIsolated } from '../documents/parse-isolated.ts';
import { normalizeLabel, type StatsImportProblem } from '../documents/stats-xlsx-reader.ts';
import { parseLimits } from './parse-limits.ts';

export const BULK_MAX_TABLES = 500;

/** What happened to one uploaded table. */
export type BulkOutcome =
  'imported' | 'submitted' | 'unit_unknown' | 'not_recipient' | 'table_error' | 'locked' | 'duplicate';

export interface BulkImportRow {
  /** The file, and the sheet when a workbook holds one table per sheet. */
  file: string;
  sheet: string | null;
  /** The unit as the table names it, and the recipient it was matched to. */
  unitName: string | null;
  unitId: number | null;
  outcome: BulkOutcome;
  message: string;
  problems: StatsImportProblem[];
  reportId: number | null;
  status: ReportStatus | null;
}

export interface BulkImportResult {
  rows: BulkImportRow[];
  imported: number;
  submitted: number;
  failed: number;
}

export interface UploadedTable {
  fileName: string;
  buffer: Buffer;
}

// Sheet names that say nothing about the unit (Excel's and WPS's defaults, our own export's).
const GENERIC_SHEET = /^(sheet\d*|工作表\d*|统计表|表\d*)$/i;
const stem = (fileName: string): string => fileName.replace(/\.[^.]+$/, '').trim();

interface Recipient {
  unitId: number;
  unitName: string;
}

/**
 * An office imports tables it collected offline — one .xlsx per unit, or a workbook with a sheet per unit. Each
 * table's unit is read from its 填报单位 line, else its sheet or file name, and matched to a recipient of the
 * notice; each good table becomes that unit's draft filled in on its behalf (代填报), or is submitted when asked.
 * Every unit is written in its own transaction, so a failed one leaves nothing behind; the answer lists each table.
 */
export async function bulkImportStats(
  deps: AppDeps,
  ctx: RequestCtx,
  noticeId: number,
  files: UploadedTable[],
  submit: boolean,
): Promise<BulkImportResult> {
  const { db } = deps.database;
  const { notice } = await requireNotice(db, ctx, noticeId, 'view_signatures');
  if (!ctx.actor.grants.some((g) => g.unitId === notice.issuerUnitId && (g.role === 'admin' || g.role === 'reviewer')))
    throw new DomainError('FORBIDDEN');
  if (notice.status !== 'issued') throw new DomainError('NOTICE_NOT_FOUND');
  if (!notice.formCode) throw new DomainError('REPORT_NO_FORM');
  if ((await notices.findCampaign(db, notice.campaignId))?.archived) throw new DomainError('CAMPAIGN_ARCHIVED');
  if (files.length === 0) throw new DomainError('REPORT_BULK_EMPTY');
  const form = await getForm(db, notice.formCode);

  const recipients = (await notices.recipientsOf(db, [noticeId])).get(noticeId) ?? [];
  const byName = new Map<string, Recipient>();
  for (const r of recipients) byName.set(normalizeLabel(r.unitName), r);
  for (const a of await reports.aliasesOfUnits(
    db,
    recipients.map((r) => r.unitId),
  )) {
    const r = recipients.find((x) => x.unitId === a.unitId);
    if (r) byName.set(normalizeLabel(a.name), r);
  }
  const existing = new Map((await reports.reportsOfNotice(db, noticeId)).map((r) => [r.unitId, r]));
  const issuer = (await notices.unitNames(db, [notice.issuerUnitId])).get(notice.issuerUnitId);

  // Read every file first: which tables there are and whom they name.
  interface Table {
    file: string;
    sheet: string | null;
    figures: (number | null)[];
    problems: StatsImportProblem[];
    candidates: string[];
    named: string | null;
  }
  const tables: Table[] = [];
  const rows: BulkImportRow[] = [];
  const fail = (
    t: { file: string; sheet: string | null },
    unitName: string | null,
    outcome: BulkOutcome,
    message: string,
    problems: StatsImportProblem[] = [],
    unitId: number | null = null,
  ): void => {
    rows.push({
      file: t.file,
      sheet: t.sheet,
      unitName,
      unitId,
      outcome,
      message,
      problems,
      reportId: null,
      status: null,
    });
  };
  for (const f of files) {
    try {
      const sheets = await readStatsSheetsIsolated(f.buffer, form, parseLimits(deps.env));
      for (const s of sheets) {
        const sheetName = GENERIC_SHEET.test(s.sheetName.trim()) ? null : s.sheetName.trim();
        tables.push({
          file: f.fileName,
          sheet: sheets.length > 1 ? s.sheetName : null,
          figures: s.figures,
          problems: s.problems,
          named: s.unitName,
          // The table's own 填报单位 line decides; without it the sheet's name, then the file's.
          candidates: s.unitName
            ? [s.unitName]
            : [...(sheetName ? [sheetName] : []), ...(sheets.length === 1 ? [stem(f.fileName)] : [])],
        });
      }
    } catch (err) {
      if (!isDomainError(err)) throw err;
      fail({ file: f.fileName, sheet: null }, null, 'table_error', err.message);
    }
  }
  if (tables.length > BULK_MAX_TABLES) throw new DomainError('REPORT_BULK_TOO_MANY', { max: BULK_MAX_TABLES });

  const unmatched = tables.flatMap((t) =>
    t.candidates.some((c) => byName.has(normalizeLabel(c))) ? [] : t.candidates,
  );
  const inBranch = new Set(
    (issuer ? await reports.unitsNamedUnder(db, issuer.path, unmatched) : []).map(normalizeLabel),
  );
  const seen = new Map<number, string>();
  let imported = 0;
  let submitted = 0;

  for (const t of tables) {
    const shown = t.named ?? t.candidates[0] ?? null;
    const recipient = t.candidates.map((c) => byName.get(normalizeLabel(c))).find((r) => r !== undefined);
    if (!recipient) {
      const known = t.candidates.find((c) => inBranch.has(normalizeLabel(c)));
      if (known) fail(t, known, 'not_recipient', `“${known}”不是本通知的填报单位`);
      else
        fail(
          t,
          shown,
          'unit_unknown',
          shown
            ? `找不到名为“${shown}”的填报单位，请核对表中的填报单位名称`
            : '表中没有填报单位，工作表或文件名也不是填报单位的名称',
        );
      continue;
    }
    const where = (x: Table): string => (x.sheet ? `${x.file}（${x.sheet}）` : x.file);
    const first = seen.get(recipient.unitId);
    if (first) {
      fail(t, recipient.unitName, 'duplicate', `与 ${first} 是同一单位，只导入第一份`, [], recipient.unitId);
      continue;
    }
    seen.set(recipient.unitId, where(t));
    if (t.problems.length) {
      fail(
        t,
        recipient.unitName,
        'table_error',
        `表格有 ${t.problems.length} 处问题，未导入`,
        t.problems,
        recipient.unitId,
      );
      continue;
    }
    const before = existing.get(recipient.unitId);
    if (before && (before.status === 'accepted' || before.status === 'submitted')) {
      fail(
        t,
        recipient.unitName,
        'locked',
        before.status === 'accepted' ? '报表已审核通过，不能覆盖' : '报表已提交待审核，不能覆盖；如需修改请先退回',
        [],
        recipient.unitId,
      );
      continue;
    }
    if (before && (before.formCode !== form.code || before.formVersion !== form.version)) {
      fail(t, recipient.unitName, 'table_error', '该单位的报表使用其他版本的统计表，请单独导入', [], recipient.unitId);
      continue;
    }
    try {
      const view = await db.transaction(async (tx) => {
        const saved = await saveDraftIn(
          deps,
          tx,
          ctx,
          noticeId,
          recipient.unitId,
          { version: before?.version ?? 0, figures: t.figures },
          { import: where(t) },
        );
        return submit && saved.id !== null ? transitionIn(deps, tx, ctx, saved.id, saved.version, 'submit') : saved;
      });
      if (view.status === 'submitted') submitted++;
      else imported++;
      rows.push({
        file: t.file,
        sheet: t.sheet,
        unitName: recipient.unitName,
        unitId: recipient.unitId,
        outcome: view.status === 'submitted' ? 'submitted' : 'imported',
        message: view.status === 'submitted' ? '已代填报并提交' : '已代填报为草稿',
        problems: [],
        reportId: view.id,
        status: view.status,
      });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      const cells =
        err.code === 'REPORT_INVALID' && Array.isArray(err.details.cells)
          ? (err.details.cells as { label: string; message: string }[]).map((c) => ({
              cell: '',
              message: `${c.label}：${c.message}`,
            }))
          : [];
      fail(
        t,
        recipient.unitName,
        err.code === 'REPORT_LOCKED' ? 'locked' : 'table_error',
        err.message,
        cells,
        recipient.unitId,
      );
    }
  }
  deps.sealer.nudge();
  const order = new Map(files.map((f, i) => [f.fileName, i]));
  rows.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
  return { rows, imported, submitted, failed: rows.length - imported - submitted };
}
