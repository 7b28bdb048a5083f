import { sql } from 'drizzle-orm';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { FormDefinition } from '../../domain/forms/form.ts';
import { addInto, counts, roundFigures, type RollupBy, type RollupStatusFilter } from '../../domain/rollup/rollup.ts';
import * as notices from '../db/repositories/notice.repository.ts';
import type { NoticeRow } from '../db/repositories/notice.repository.ts';
import { claimCached, readCached, storeCached } from '../db/repositories/rollup-cache.repository.ts';
import {
  expectedByKey,
  otherFormReports,
  sumsByKey,
  type KeyedCount,
  type KeyedSums,
} from '../db/repositories/rollup.repository.ts';
import { findByNoticeUnit } from '../db/repositories/report.repository.ts';
import { units } from '../db/schema.ts';
import type { DbOrTx } from '../db/tx.ts';
import { getForm } from './form.service.ts';
import { requireNotice } from './notice.service.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

export interface RollupColumnView {
  key: string;
  unitId: number;
  name: string;
  values: number[];
  covered: number;
  expected: number;
  /** The notice this unit passed on inside the cascade (its own roll-up, to drill down into), if any. */
  noticeId: number | null;
}
export interface RollupView {
  noticeId: number;
  by: RollupBy;
  status: RollupStatusFilter;
  /** The region drilled into (its units only), if any. */
  region: { unitId: number; name: string } | null;
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
  const rows = await db
    .select({ id: units.id, name: units.name, path: units.path })
    .from(units)
    .where(sql`${units.id} = any(${sql.param(ids)}::int[])`);
  return new Map(rows.map((r) => [r.id, r]));
}

/** Per unit, the notice it issued inside the cascade nearest the root (where a drill-down goes). */
async function noticesIssuedBelow(db: DbOrTx, root: NoticeRow, unitIds: number[]): Promise<Map<number, number>> {
  if (unitIds.length === 0) return new Map();
  const rows = await db.execute<{ id: number; issuer_unit_id: number }>(sql`
    select distinct on (n.issuer_unit_id) n.id, n.issuer_unit_id from notices n
    where n.path like ${`${root.path}%`} and n.id <> ${root.id} and n.issuer_unit_id = any(${sql.param(unitIds)}::int[])
    order by n.issuer_unit_id, n.depth, n.id`);
  return new Map(rows.rows.map((r) => [r.issuer_unit_id, r.id]));
}

export interface PreviousYearView {
  /** The same issuer's notice with a statistics table in the campaign a year earlier; null when there is none. */
  previous: {
    noticeId: number;
    year: number;
    title: string;
    docNumber: string | null;
    covered: number;
    expected: number;
    empty: boolean;
    totals: Record<string, number>;
  } | null;
  year: number;
}

/**
 * The previous year's roll-up of the equivalent notice (same issuing unit, a campaign one year
 * earlier, a statistics table), totals keyed by indicator code so different form versions compare.
 */
export async function previousYearRollup(
  deps: AppDeps,
  ctx: RequestCtx,
  noticeId: number,
  status: RollupStatusFilter,
): Promise<PreviousYearView> {
  const { db } = deps.database;
  const { notice: root } = await requireNotice(db, ctx, noticeId, 'view_signatures');
  const rows = await db.execute<{ id: number; year: number }>(sql`
    select n.id, c.year from notices n join campaigns c on c.id = n.campaign_id
    where n.issuer_unit_id = ${root.issuerUnitId} and n.form_code is not null and n.status = 'issued'
      and c.year = (select c0.year - 1 from campaigns c0 where c0.id = ${root.campaignId})
    order by (n.form_code = ${root.formCode ?? ''}) desc, n.depth, n.id limit 1`);
  const year = rows.rows[0]?.year ?? 0;
  const found = rows.rows[0];
  if (!found) {
    const cy = await db.execute<{ year: number }>(sql`select year from campaigns where id = ${root.campaignId}`);
    return { previous: null, year: (cy.rows[0]?.year ?? 1) - 1 };
  }
  const view = await rollup(deps, ctx, found.id, 'child', status);
  const prevNotice = await notices.findNotice(db, found.id);
  const totals: Record<string, number> = {};
  view.form?.indicators.forEach((ind, i) => {
    totals[ind.code] = view.total.values[i] ?? 0;
  });
  return {
    year,
    previous: {
      noticeId: found.id,
      year,
      title: prevNotice?.title ?? '',
      docNumber: prevNotice?.docNumber ?? null,
      covered: view.total.covered,
      expected: view.total.expected,
      empty: view.empty,
      totals,
    },
  };
}

interface RollupParts {
  sums: KeyedSums[];
  expected: KeyedCount[];
  excluded: number;
}

async function computeParts(
  db: DbOrTx,
  rootPath: string,
  by: RollupBy,
  status: RollupStatusFilter,
  form: { code: string; version: number; size: number } | null,
  within?: string,
): Promise<RollupParts> {
  const [sums, expected, excluded] = await Promise.all([
    sumsByKey(db, rootPath, by, status, form, within),
    expectedByKey(db, rootPath, by, within),
    form ? otherFormReports(db, rootPath, form.code, form.version) : 0,
  ]);
  return { sums, expected, excluded };
}

/**
 * The database sums, from the per-notice cache when no write has dropped them since (see
 * rollup-cache.repository.ts); names, the node's own report and the totals are always read live.
 */
async function cachedParts(
  deps: AppDeps,
  root: NoticeRow,
  by: RollupBy,
  status: RollupStatusFilter,
  form: { code: string; version: number; size: number } | null,
  region?: { id: number; path: string },
): Promise<RollupParts> {
  const { db } = deps.database;
  const variant = `${by}|${status}|${form ? `${form.code}@${form.version}` : '-'}${region ? `|r${region.id}` : ''}`;
  const hit = await readCached<RollupParts>(db, root.id, variant);
  if (hit) return hit;
  const token = await claimCached(db, root.id, variant);
  const parts = await computeParts(db, root.path, by, status, form, region?.path);
  if (token) await storeCached(db, root.id, variant, token, parts);
  return parts;
}

/**
 * Live roll-up of a notice's cascade, summed in the database: a report holds only its unit's own
 * figures; a child's column adds its own report and everything below the notices it forwarded; the
 * node's total adds its own report (to the notice above) and all of them. A unit reached through two
 * channels counts once, through the notice nearest the root.
 */
export async function rollup(
  deps: AppDeps,
  ctx: RequestCtx,
  noticeId: number,
  by: RollupBy,
  status: RollupStatusFilter,
  regionId?: number,
): Promise<RollupView> {
  const { db } = deps.database;
  const { notice: root } = await requireNotice(db, ctx, noticeId, 'view_signatures');

  const formCode = root.formCode ?? (await notices.subtree(db, root)).find((n) => n.formCode)?.formCode ?? null;
  const form = formCode ? await getForm(db, formCode) : null;
  const size = form?.indicators.length ?? 0;
  // Drilling into a region: only the units inside it, and no own column (the node's report is not the region's).
  const region = regionId ? (await unitInfo(db, [regionId])).get(regionId) : undefined;
  if (regionId && !region) throw new DomainError('UNIT_NOT_FOUND', { id: regionId });
  const { sums, expected, excluded } = await cachedParts(
    deps,
    root,
    by,
    status,
    form ? { code: form.code, version: form.version, size } : null,
    region && regionId ? { id: regionId, path: region.path } : undefined,
  );

  // Keys 'n<notice>' stand for the child that issued that notice.
  const childNotices = await notices.findNoticesByIds(db, [
    ...new Set([...sums, ...expected].filter((k) => k.key.startsWith('n')).map((k) => Number(k.key.slice(1)))),
  ]);
  const unitOfKey = (key: string): number =>
    key.startsWith('n')
      ? (childNotices.find((n) => n.id === Number(key.slice(1)))?.issuerUnitId ?? 0)
      : Number(key.slice(1));
  const columns = new Map<number, RollupColumnView>();
  const column = (unitId: number): RollupColumnView => {
    let c = columns.get(unitId);
    if (!c) {
      c = {
        key: String(unitId),
        unitId,
        name: '',
        values: Array.from({ length: size }, () => 0),
        covered: 0,
        expected: 0,
        noticeId: null,
      };
      columns.set(unitId, c);
    }
    return c;
  };
  for (const e of expected) column(unitOfKey(e.key)).expected += e.expected;
  for (const s of sums) {
    const c = column(unitOfKey(s.key));
    addInto(c.values, s.values);
    c.covered += s.covered;
  }
  const info = await unitInfo(db, [...columns.keys(), root.issuerUnitId]);
  const passedOn = await noticesIssuedBelow(db, root, [...columns.keys()]);
  for (const c of columns.values()) c.noticeId = passedOn.get(c.unitId) ?? null;

  // The office's own report to the notice above counts in 已报 and 应报 like a child's, with or without figures.
  const ownOwed =
    root.parentId !== null && !region
      ? ((await notices.recipientsOf(db, [root.parentId])).get(root.parentId) ?? []).some(
          (r) => r.unitId === root.issuerUnitId,
        )
      : false;
  const ownRow = ownOwed && root.parentId ? await findByNoticeUnit(db, root.parentId, root.issuerUnitId) : undefined;
  const ownCounted = ownRow !== undefined && counts(ownRow.status as 'draft', status);
  const own =
    ownCounted && form && ownRow.formCode === form.code ? roundFigures(ownRow.figures.map((v) => v ?? 0)) : null;
  const total = Array.from({ length: size }, () => 0);
  let covered = 0;
  for (const c of columns.values()) {
    addInto(total, c.values);
    covered += c.covered;
  }
  if (own) addInto(total, own);
  const list = [...columns.values()]
    .map((c) => ({ ...c, values: roundFigures(c.values), name: info.get(c.unitId)?.name ?? '' }))
    .sort((a, b) =>
      (info.get(a.unitId)?.path ?? '').localeCompare(info.get(b.unitId)?.path ?? '', 'en', { numeric: true }),
    );
  return {
    noticeId,
    by,
    status,
    region: region && regionId ? { unitId: regionId, name: region.name } : null,
    form: form
      ? { code: form.code, version: form.version, name: form.name, title: form.title, indicators: form.indicators }
      : null,
    total: {
      values: roundFigures(total),
      covered: covered + (ownCounted ? 1 : 0),
      expected: list.reduce((n, c) => n + c.expected, 0) + (ownOwed ? 1 : 0),
    },
    own: own ? { unitName: info.get(root.issuerUnitId)?.name ?? '', values: own } : null,
    columns: list,
    excluded,
    empty: covered === 0 && !ownCounted,
  };
}
