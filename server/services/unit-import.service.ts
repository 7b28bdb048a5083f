import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { subtreeRootsFor } from '../../domain/policies/unit.policy.ts';
import {
  planUnitImport,
  UNIT_IMPORT_COLUMNS,
  type ExistingUnit,
  type UnitImportRow,
} from '../../domain/units/unit-import.ts';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import * as repo from '../db/repositories/unit.repository.ts';
import { unitAliases, units } from '../db/schema.ts';
import type { DbOrTx } from '../db/tx.ts';
import { regionByCode } from './divisions.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';
import { importTemplate } from '../documents/import-template.ts';
import { readSpreadsheetIsolated } from '../documents/parse-isolated.ts';
import { parseLimits } from './parse-limits.ts';

type Column = keyof typeof UNIT_IMPORT_COLUMNS;
const REQUIRED: Column[] = ['name', 'parent', 'kind'];
const MAX_ROWS = 5000;

/** Finds each column by its printed label (tolerating extra words and spaces). */
export function columnIndexes<C extends string>(
  header: string[],
  labels: Record<C, string>,
): Partial<Record<C, number>> {
  const norm = (s: string): string => s.replace(/\s+/g, '');
  const result: Partial<Record<C, number>> = {};
  for (const [key, label] of Object.entries(labels) as [C, string][]) {
    const i = header.findIndex((h) => norm(h) === label || norm(h).includes(label));
    if (i >= 0) result[key] = i;
  }
  return result;
}

async function loadContext(
  db: DbOrTx,
  rows: UnitImportRow[],
  roots: string[],
): Promise<Parameters<typeof planUnitImport>[1]> {
  const parentNames = [...new Set(rows.map((r) => r.parent.trim()).filter((p) => p && !/^\d{6}$/.test(p)))];
  const codes = [
    ...new Set(rows.flatMap((r) => [r.parent.trim(), r.divisionCode.trim()]).filter((c) => /^\d{6}$/.test(c))),
  ];
  const inRoots = or(...roots.map((p) => sql`${units.path} like ${`${p}%`}`));
  const referenced: ExistingUnit[] =
    parentNames.length || codes.length
      ? await db
          .select({ id: units.id, path: units.path, name: units.name, code: units.divisionCode })
          .from(units)
          .where(
            and(
              eq(units.active, true),
              inRoots,
              or(
                parentNames.length ? inArray(units.name, parentNames) : undefined,
                codes.length ? inArray(units.divisionCode, codes) : undefined,
              ),
            ),
          )
      : [];
  const byName = new Map<string, ExistingUnit[]>();
  for (const u of referenced) byName.set(u.name, [...(byName.get(u.name) ?? []), u]);
  const codeRows = codes.length
    ? await db
        .select({ id: units.id, path: units.path, name: units.name, code: units.divisionCode })
        .from(units)
        .where(inArray(units.divisionCode, codes))
    : [];
  const childNames = new Map<number, Set<string>>();
  const ids = [...new Set([...referenced, ...codeRows].map((u) => u.id))];
  if (ids.length) {
    const kids = await db
      .select({ parentId: units.parentId, name: units.name })
      .from(units)
      .where(inArray(units.parentId, ids));
    for (const k of kids)
      if (k.parentId !== null) childNames.set(k.parentId, (childNames.get(k.parentId) ?? new Set()).add(k.name));
  }
  const aliasNames = [...new Set(rows.flatMap((r) => r.aliases.split(/[、，,;；\s]+/).filter(Boolean)))];
  const taken = aliasNames.length
    ? await db.select({ name: unitAliases.name }).from(unitAliases).where(inArray(unitAliases.name, aliasNames))
    : [];
  return {
    byName,
    byCode: new Map(codeRows.filter((u) => roots.some((r) => u.path.startsWith(r))).map((u) => [u.code ?? '', u])),
    childNames,
    takenAliases: new Set(taken.map((a) => a.name)),
    takenCodes: new Set(codeRows.map((u) => u.code ?? '')),
    isDivisionCode: (code) => regionByCode(code) !== undefined,
    creatableRoots: roots,
  };
}

export interface UnitImportResult {
  dryRun: boolean;
  rows: number;
  created: number;
}

/** Imports units from an .xlsx/.csv sheet: all rows or none, with every problem listed by row. */
export async function importUnits(
  deps: AppDeps,
  ctx: RequestCtx,
  buffer: Buffer,
  fileName: string,
  dryRun: boolean,
): Promise<UnitImportResult> {
  const [sheet] = await readSpreadsheetIsolated(buffer, fileName, parseLimits(deps.env));
  if (!sheet || sheet.rows.length === 0) throw new DomainError('FILE_UNREADABLE', { reason: '表格中没有数据行' });
  const cols = columnIndexes(sheet.header, UNIT_IMPORT_COLUMNS);
  const missing = REQUIRED.filter((c) => cols[c] === undefined).map((c) => UNIT_IMPORT_COLUMNS[c]);
  if (missing.length) throw new DomainError('FILE_UNREADABLE', { reason: `第 1 行缺少列：${missing.join('、')}` });
  if (sheet.rows.length > MAX_ROWS) throw new DomainError('FILE_UNREADABLE', { reason: `一次最多导入 ${MAX_ROWS} 行` });
  const cell = (r: string[], c: Column): string => {
    const i = cols[c];
    return i === undefined ? '' : (r[i] ?? '');
  };
  const rows: UnitImportRow[] = sheet.rows.map((r, i) => ({
    row: i + 2,
    name: cell(r, 'name'),
    parent: cell(r, 'parent'),
    kind: cell(r, 'kind'),
    divisionCode: cell(r, 'divisionCode'),
    aliases: cell(r, 'aliases'),
  }));
  const roots = subtreeRootsFor(ctx.actor, 'create_child');
  if (roots.length === 0) throw new DomainError('FORBIDDEN');

  const result = await deps.database.db.transaction(async (tx) => {
    const { plan, issues } = planUnitImport(rows, await loadContext(tx, rows, roots));
    if (issues.length)
      throw new DomainError('IMPORT_FAILED', {
        errorCount: new Set(issues.map((i) => i.row)).size,
        issues: issues.slice(0, 500),
      });
    if (dryRun) return { dryRun, rows: rows.length, created: 0 };
    const ids: number[] = [];
    for (const p of plan) {
      const parentId = 'existingId' in p.parent ? p.parent.existingId : (ids[p.parent.planIndex] ?? 0);
      const unit = await repo.insertUnit(tx, {
        parentId,
        kind: p.kind,
        name: p.name,
        divisionCode: p.divisionCode,
        level: p.divisionCode ? (regionByCode(p.divisionCode)?.level ?? null) : null,
      });
      if (p.aliases.length) await repo.replaceAliases(tx, unit.id, p.aliases);
      ids.push(unit.id);
      await appendAudit(tx, {
        actorUserId: ctx.actor.userId,
        actorName: ctx.actor.username,
        unitId: unit.id,
        action: 'unit.create',
        objectType: 'unit',
        objectId: unit.id,
        summary: {
          after: { name: p.name, kind: p.kind, parentId, divisionCode: p.divisionCode, aliases: p.aliases },
          source: { file: fileName, row: p.row },
        },
        ip: ctx.ip,
      });
    }
    return { dryRun, rows: rows.length, created: plan.length };
  });
  deps.sealer.nudge();
  return result;
}

/** The blank .xlsx offered for download, with the import columns and two example rows. */
export async function unitImportTemplate(): Promise<Buffer> {
  const c = UNIT_IMPORT_COLUMNS;
  return importTemplate(
    '单位导入',
    [c.name, c.parent, c.kind, c.divisionCode, c.aliases],
    [
      ['示例县市场监督管理局', '岳阳市市场监督管理局', '机关', '', ''],
      ['质量股', '示例县市场监督管理局', '科室', '', ''],
    ],
  );
}
