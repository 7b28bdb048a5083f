import { isInSubtree, UNIT_KINDS, type UnitKind, type UnitPath } from './unit.ts';

/** One data row of an import sheet (row = the sheet's row number, for error messages). */
export interface UnitImportRow {
  row: number;
  name: string;
  parent: string;
  kind: string;
  divisionCode: string;
  aliases: string;
}
export interface ImportIssue {
  row: number;
  column: string;
  message: string;
}
export interface ExistingUnit {
  id: number;
  path: UnitPath;
  name: string;
}

/** What the database knows about the units a sheet refers to, loaded before planning. */
export interface UnitImportContext {
  byName: Map<string, ExistingUnit[]>;
  byCode: Map<string, ExistingUnit>;
  /** Names of the current children of referenced existing units. */
  childNames: Map<number, Set<string>>;
  takenAliases: Set<string>;
  takenCodes: Set<string>;
  isDivisionCode: (code: string) => boolean;
  /** Subtrees the actor may add units to. */
  creatableRoots: UnitPath[];
}

export type ParentRef = { existingId: number } | { planIndex: number };
export interface PlannedUnit {
  row: number;
  name: string;
  kind: UnitKind;
  divisionCode: string | null;
  aliases: string[];
  parent: ParentRef;
}

export const UNIT_IMPORT_COLUMNS = {
  name: '单位名称',
  parent: '上级单位',
  kind: '类型',
  divisionCode: '行政区划代码',
  aliases: '别名',
} as const;

const KIND_WORDS: Record<string, UnitKind> = {
  机关: 'office',
  质量办: 'office',
  市场监管局: 'office',
  办公室: 'office',
  成员单位: 'department',
  部门: 'department',
  协会: 'association',
  科室: 'section',
  企业: 'enterprise',
  会员企业: 'enterprise',
};

export function parseKind(text: string): UnitKind | undefined {
  const t = text.trim();
  if ((UNIT_KINDS as readonly string[]).includes(t)) return t as UnitKind;
  return KIND_WORDS[t];
}

export const splitList = (text: string): string[] =>
  text
    .split(/[、，,;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Checks every row and orders the inserts so that parents come first. A parent is named by its
 * division code, by the exact name of a unit (existing and unambiguous, or earlier in the sheet).
 * Returns all problems at once; the caller saves nothing unless there are none.
 */
export function planUnitImport(
  rows: UnitImportRow[],
  ctx: UnitImportContext,
): { plan: PlannedUnit[]; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const plan: PlannedUnit[] = [];
  const sheetNames = new Map<string, number>();
  const sheetCodes = new Set<string>();
  const sheetAliases = new Set<string>();
  const newChildNames = new Map<string, Set<string>>();
  const issue = (row: number, column: keyof typeof UNIT_IMPORT_COLUMNS, message: string): void => {
    issues.push({ row, column: UNIT_IMPORT_COLUMNS[column], message });
  };

  for (const r of rows) {
    const before = issues.length;
    const name = r.name.trim();
    if (!name) issue(r.row, 'name', '单位名称不能为空');
    else if (name.length > 100) issue(r.row, 'name', '单位名称不能超过 100 个字');
    const kind = parseKind(r.kind);
    if (!kind) issue(r.row, 'kind', `类型“${r.kind}”无法识别，应为 机关、成员单位、协会、科室 或 企业`);
    const code = r.divisionCode.trim() || null;
    if (code && !/^\d{6}$/.test(code)) issue(r.row, 'divisionCode', '行政区划代码应为 6 位数字');
    else if (code && !ctx.isDivisionCode(code)) issue(r.row, 'divisionCode', `行政区划代码“${code}”不存在`);
    else if (code && (ctx.takenCodes.has(code) || sheetCodes.has(code)))
      issue(r.row, 'divisionCode', `行政区划代码“${code}”已被使用`);

    let parent: ParentRef | undefined;
    let parentKey = '';
    const p = r.parent.trim();
    if (!p) issue(r.row, 'parent', '上级单位不能为空');
    else if (sheetNames.has(p)) {
      const planIndex = sheetNames.get(p) ?? -1;
      parent = { planIndex };
      parentKey = `plan:${planIndex}`;
    } else {
      const candidates = /^\d{6}$/.test(p)
        ? [ctx.byCode.get(p)].filter((u): u is ExistingUnit => !!u)
        : (ctx.byName.get(p) ?? []);
      if (candidates.length === 0) issue(r.row, 'parent', `找不到上级单位“${p}”`);
      else if (candidates.length > 1)
        issue(r.row, 'parent', `有 ${candidates.length} 个单位名为“${p}”，请改用行政区划代码指明上级单位`);
      else {
        const existing = candidates[0];
        if (existing && !ctx.creatableRoots.some((root) => isInSubtree(existing.path, root)))
          issue(r.row, 'parent', `无权在“${p}”下新增单位`);
        else if (existing) {
          parent = { existingId: existing.id };
          parentKey = `id:${existing.id}`;
          if (name && ctx.childNames.get(existing.id)?.has(name))
            issue(r.row, 'name', `“${p}”下已有名为“${name}”的单位`);
        }
      }
    }
    if (parentKey && name) {
      const names = newChildNames.get(parentKey) ?? new Set<string>();
      if (names.has(name)) issue(r.row, 'name', `表中“${p}”下的“${name}”重复`);
      names.add(name);
      newChildNames.set(parentKey, names);
    }
    const aliases = splitList(r.aliases);
    for (const a of aliases)
      if (ctx.takenAliases.has(a) || sheetAliases.has(a)) issue(r.row, 'aliases', `别名“${a}”已被使用`);

    if (issues.length === before && kind && parent) {
      sheetNames.set(name, plan.length);
      if (code) sheetCodes.add(code);
      for (const a of aliases) sheetAliases.add(a);
      plan.push({ row: r.row, name, kind, divisionCode: code, aliases, parent });
    }
  }
  return { plan, issues };
}
