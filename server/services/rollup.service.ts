import { inArray } from 'drizzle-orm';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { FormDefinition } from '../../domain/forms/form.ts';
import { canOnNotice } from '../../domain/notices/notice.policy.ts';
import { addInto, counts, dedupeByUnit, rollupColumns, roundFigures, type RollupBy, type RollupReport, type RollupStatusFilter } from '../../domain/rollup/rollup.ts';
import { pathIds } from '../../domain/units/unit.ts';
import * as notices from '../db/repositories/notice.repository.ts';
import { reports, units } from '../db/schema.ts';
import type { DbOrTx } from '../db/tx.ts';
import { getForm } from './form.service.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

export interface RollupColumnView { key: string; unitId: number; name: string; values: number[]; covered: number; expected: number }
export interface RollupView {
  noticeId: number; by: RollupBy; status: RollupStatusFilter;
  form: { code: string; version: number; name: string; title: string; indicators: FormDefinition['indicators'] } | null;
  total: { values: number[]; covered: number; expected: number };
  own: { unitName: string; values: number[] } | null;
  columns: RollupColumnView[];
  /** No report counts yet: the UI says so instead of showing zeros as data. */
  empty: boolean;
}

interface UnitInfo { id: number; name: string; path: string; level: string | null }

async function unitInfo(db: DbOrTx, ids: number[]): Promise<Map<number, UnitInfo>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: units.id, name: units.name, path: units.path, level: units.level }).from(units).where(inArray(units.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The figures of a report in the roll-up form's indicator order (a child form may add indicators). */
function aligner(target: FormDefinition, source: FormDefinition): (figures: (number | null)[]) => (number | null)[] {
  if (source === target) return (f) => f;
  const at = new Map(source.indicators.map((ind, i) => [ind.code, i]));
  return (f) => target.indicators.map((ind) => { const i = at.get(ind.code); return i === undefined ? null : f[i] ?? null; });
}

/**
 * Live roll-up of a notice's cascade: each report holds only its unit's own figures, a child's column
 * adds its own report and everything below the notices it forwarded; the total adds all of them.
 */
export async function rollup(deps: AppDeps, ctx: RequestCtx, noticeId: number, by: RollupBy, status: RollupStatusFilter): Promise<RollupView> {
  const { db } = deps.database;
  const root = await notices.findNotice(db, noticeId);
  if (!root) throw new DomainError('NOTICE_NOT_FOUND');
  const above = await notices.findNoticesByIds(db, pathIds(root.path).filter((id) => id !== root.id));
  const rootRecipients = (await notices.recipientsOf(db, [root.id])).get(root.id) ?? [];
  const resource = { issuerUnitId: root.issuerUnitId, status: root.status === 'issued' ? 'issued' as const : 'draft' as const, recipientUnitIds: rootRecipients.map((r) => r.unitId), ancestorIssuerUnitIds: above.map((n) => n.issuerUnitId) };
  if (!canOnNotice(ctx.actor, 'view_signatures', resource)) throw canOnNotice(ctx.actor, 'view', resource) ? new DomainError('FORBIDDEN') : new DomainError('NOTICE_NOT_FOUND');

  const tree = await notices.subtree(db, root);
  const byId = new Map(tree.map((n) => [n.id, n]));
  const formCode = root.formCode ?? tree.find((n) => n.formCode)?.formCode ?? null;
  const parent = root.parentId ? await notices.findNotice(db, root.parentId) : undefined;
  const rows = await db.select().from(reports).where(inArray(reports.noticeId, [...tree.map((n) => n.id), ...(parent ? [parent.id] : [])]));
  const recipients = await notices.recipientsOf(db, tree.map((n) => n.id));

  const form = formCode ? await getForm(db, formCode) : null;
  const size = form?.indicators.length ?? 0;
  const forms = new Map<string, FormDefinition>();
  const align = async (code: string, version: number): Promise<(f: (number | null)[]) => (number | null)[]> => {
    if (!form) return (f) => f;
    const key = `${code}@${version}`;
    let src = forms.get(key);
    if (!src) { src = code === form.code && version === form.version ? form : await getForm(db, code, version); forms.set(key, src); }
    return aligner(form, src);
  };
  const inTree: RollupReport[] = [];
  let ownReport: RollupReport | undefined;
  for (const r of rows) {
    const n = byId.get(r.noticeId) ?? (parent?.id === r.noticeId ? parent : undefined);
    if (!n) continue;
    const rep: RollupReport = { unitId: r.unitId, noticeId: r.noticeId, noticePath: n.path, status: r.status as RollupReport['status'], figures: (await align(r.formCode, r.formVersion))(r.figures) };
    if (n.id === parent?.id) { if (r.unitId === root.issuerUnitId) ownReport = rep; } else inTree.push(rep);
  }

  // Expected units: every recipient in the cascade, once.
  const expected = new Map<number, number>();
  for (const n of tree) for (const rc of recipients.get(n.id) ?? []) if (!expected.has(rc.unitId)) expected.set(rc.unitId, n.id);
  const info = await unitInfo(db, [...new Set([...expected.keys(), ...inTree.map((r) => r.unitId), ...tree.map((n) => n.issuerUnitId)])]);

  // Key of a unit reporting under a notice: the child of the root it came through, or its region.
  const childOf = (noticePath: string, unitId: number): number | null => {
    if (noticePath === root.path) return unitId;
    const childNoticeId = pathIds(noticePath.slice(root.path.length - 1))[0];
    return childNoticeId === undefined ? null : byId.get(childNoticeId)?.issuerUnitId ?? null;
  };
  let regionOf: (unitId: number) => number | null = () => null;
  if (by !== 'child') {
    const ancestorIds = [...new Set([...info.values()].flatMap((u) => pathIds(u.path)))];
    const ancestors = await unitInfo(db, ancestorIds);
    for (const [id, u] of ancestors) info.set(id, u);
    regionOf = (unitId) => {
      const u = info.get(unitId);
      return u ? pathIds(u.path).find((id) => ancestors.get(id)?.level === by) ?? null : null;
    };
  }
  const keyOf = (noticePath: string, unitId: number): string | null => {
    const k = by === 'child' ? childOf(noticePath, unitId) : regionOf(unitId);
    return k === null ? null : String(k);
  };
  const expectedKeys = [...expected.entries()].map(([unitId, nid]) => ({ unitId, key: keyOf(byId.get(nid)?.path ?? root.path, unitId) }));
  const cols = rollupColumns(inTree, expectedKeys, (r) => keyOf(r.noticePath, r.unitId), size, status);

  const counted = dedupeByUnit(inTree).filter((r) => counts(r.status, status));
  const total = Array.from({ length: size }, () => 0);
  for (const r of counted) addInto(total, r.figures);
  const own = ownReport && counts(ownReport.status, status) ? roundFigures(ownReport.figures.map((v) => v ?? 0)) : null;
  if (own) addInto(total, own);
  const columns = [...cols.values()]
    .map((c) => ({ ...c, values: roundFigures(c.values), unitId: Number(c.key), name: info.get(Number(c.key))?.name ?? '' }))
    .sort((a, b) => (info.get(a.unitId)?.path ?? '').localeCompare(info.get(b.unitId)?.path ?? '', 'en', { numeric: true }));
  return {
    noticeId, by, status,
    form: form ? { code: form.code, version: form.version, name: form.name, title: form.title, indicators: form.indicators } : null,
    total: { values: roundFigures(total), covered: counted.length + (own ? 1 : 0), expected: expected.size },
    own: own ? { unitName: info.get(root.issuerUnitId)?.name ?? '', values: own } : null,
    columns, empty: counted.length === 0 && !own,
  };
}
