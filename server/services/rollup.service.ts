import { sql } from 'drizzle-orm';
import type { FormDefinition } from '../../domain/forms/form.ts';
import { addInto, counts, roundFigures, type RollupBy, type RollupStatusFilter } from '../../domain/rollup/rollup.ts';
import * as notices from '../db/repositories/notice.repository.ts';
import { expectedByKey, otherFormReports, sumsByKey } from '../db/repositories/rollup.repository.ts';
import { findByNoticeUnit } from '../db/repositories/report.repository.ts';
import { units } from '../db/schema.ts';
import type { DbOrTx } from '../db/tx.ts';
import { getForm } from './form.service.ts';
import { requireNotice } from './notice.service.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

export interface RollupColumnView { key: string; unitId: number; name: string; values: number[]; covered: number; expected: number }
export interface RollupView {
  noticeId: number; by: RollupBy; status: RollupStatusFilter;
  form: { code: string; version: number; name: string; title: string; indicators: FormDefinition['indicators'] } | null;
  total: { values: number[]; covered: number; expected: number };
  own: { unitName: string; values: number[] } | null;
  columns: RollupColumnView[];
  /** Reports on another form layout, left out of the sums (and said so). */
  excluded: number;
  /** No report counts yet: the UI says so instead of showing zeros as data. */
  empty: boolean;
}

async function unitInfo(db: DbOrTx, ids: number[]): Promise<Map<number, { name: string; path: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: units.id, name: units.name, path: units.path }).from(units).where(sql`${units.id} = any(${sql.param(ids)}::int[])`);
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Live roll-up of a notice's cascade, summed in the database: a report holds only its unit's own
 * figures; a child's column adds its own report and everything below the notices it forwarded; the
 * node's total adds its own report (to the notice above) and all of them. A unit reached through two
 * channels counts once, through the notice nearest the root.
 */
export async function rollup(deps: AppDeps, ctx: RequestCtx, noticeId: number, by: RollupBy, status: RollupStatusFilter): Promise<RollupView> {
  const { db } = deps.database;
  const { notice: root } = await requireNotice(db, ctx, noticeId, 'view_signatures');

  const formCode = root.formCode ?? (await notices.subtree(db, root)).find((n) => n.formCode)?.formCode ?? null;
  const form = formCode ? await getForm(db, formCode) : null;
  const size = form?.indicators.length ?? 0;
  const [sums, expected, excluded] = form
    ? await Promise.all([sumsByKey(db, root.path, by, status, form.code, form.version, size), expectedByKey(db, root.path, by), otherFormReports(db, root.path, form.code, form.version)])
    : [[], await expectedByKey(db, root.path, by), 0];

  // Keys 'n<notice>' stand for the child that issued that notice.
  const childNotices = await notices.findNoticesByIds(db, [...new Set([...sums, ...expected].filter((k) => k.key.startsWith('n')).map((k) => Number(k.key.slice(1))))]);
  const unitOfKey = (key: string): number => (key.startsWith('n') ? childNotices.find((n) => n.id === Number(key.slice(1)))?.issuerUnitId ?? 0 : Number(key.slice(1)));
  const columns = new Map<number, RollupColumnView>();
  const column = (unitId: number): RollupColumnView => {
    let c = columns.get(unitId);
    if (!c) { c = { key: String(unitId), unitId, name: '', values: Array.from({ length: size }, () => 0), covered: 0, expected: 0 }; columns.set(unitId, c); }
    return c;
  };
  for (const e of expected) column(unitOfKey(e.key)).expected += e.expected;
  for (const s of sums) { const c = column(unitOfKey(s.key)); addInto(c.values, s.values); c.covered += s.covered; }
  const info = await unitInfo(db, [...columns.keys(), root.issuerUnitId]);

  const ownRow = root.parentId && form ? await findByNoticeUnit(db, root.parentId, root.issuerUnitId) : undefined;
  const own = ownRow && counts(ownRow.status as 'draft', status) && ownRow.formCode === form?.code ? roundFigures(ownRow.figures.map((v) => v ?? 0)) : null;
  const total = Array.from({ length: size }, () => 0);
  let covered = 0;
  for (const c of columns.values()) { addInto(total, c.values); covered += c.covered; }
  if (own) addInto(total, own);
  const list = [...columns.values()]
    .map((c) => ({ ...c, values: roundFigures(c.values), name: info.get(c.unitId)?.name ?? '' }))
    .sort((a, b) => (info.get(a.unitId)?.path ?? '').localeCompare(info.get(b.unitId)?.path ?? '', 'en', { numeric: true }));
  return {
    noticeId, by, status,
    form: form ? { code: form.code, version: form.version, name: form.name, title: form.title, indicators: form.indicators } : null,
    total: { values: roundFigures(total), covered: covered + (own ? 1 : 0), expected: list.reduce((n, c) => n + c.expected, 0) },
    own: own ? { unitName: info.get(root.issuerUnitId)?.name ?? '', values: own } : null,
    columns: list, excluded, empty: covered === 0 && !own,
  };
}

