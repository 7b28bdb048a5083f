import { ROLES, type Role } from '../policies/actor.ts';
import { isInSubtree, type UnitPath } from '../units/unit.ts';
import { splitList, type ExistingUnit, type ImportIssue } from '../units/unit-import.ts';

export interface UserImportRow {
  row: number;
  username: string;
  displayName: string;
  unit: string;
  roles: string;
  phone: string;
  email: string;
}
export interface PlannedUser {
  row: number;
  username: string;
  displayName: string;
  unitId: number;
  roles: Role[];
  phone: string | null;
  email: string | null;
}
export interface UserImportContext {
  byName: Map<string, ExistingUnit[]>;
  byCode: Map<string, ExistingUnit>;
  takenUsernames: Set<string>;
  /** Subtrees whose accounts the actor manages. */
  manageRoots: UnitPath[];
}

export const USER_IMPORT_COLUMNS = {
  username: '用户名',
  displayName: '姓名',
  unit: '所属单位',
  roles: '角色',
  phone: '手机',
  email: '邮箱',
} as const;

const ROLE_WORDS: Record<string, Role> = {
  单位管理员: 'admin',
  管理员: 'admin',
  审核: 'reviewer',
  审核员: 'reviewer',
  填报: 'reporter',
  填报员: 'reporter',
  查看: 'viewer',
};

export function parseRole(word: string): Role | undefined {
  return (ROLES as readonly string[]).includes(word) ? (word as Role) : ROLE_WORDS[word];
}

/** Checks every row of a user sheet; the caller creates nothing unless there are no issues. */
export function planUserImport(
  rows: UserImportRow[],
  ctx: UserImportContext,
): { plan: PlannedUser[]; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const plan: PlannedUser[] = [];
  const seen = new Set<string>();
  const issue = (row: number, column: keyof typeof USER_IMPORT_COLUMNS, message: string): void => {
    issues.push({ row, column: USER_IMPORT_COLUMNS[column], message });
  };
  for (const r of rows) {
    const before = issues.length;
    const username = r.username.trim();
    const key = username.toLowerCase();
    if (!/^[A-Za-z0-9._-]{2,64}$/.test(username))
      issue(r.row, 'username', '用户名应为 2–64 位字母、数字、点、下划线或连字符');
    else if (ctx.takenUsernames.has(key) || seen.has(key)) issue(r.row, 'username', `用户名“${username}”已存在`);
    const displayName = r.displayName.trim();
    if (!displayName || displayName.length > 40) issue(r.row, 'displayName', '姓名不能为空且不超过 40 个字');
    const unitText = r.unit.trim();
    const candidates = /^\d{6}$/.test(unitText)
      ? [ctx.byCode.get(unitText)].filter((u): u is ExistingUnit => !!u)
      : (ctx.byName.get(unitText) ?? []);
    let unit: ExistingUnit | undefined;
    if (candidates.length === 0) issue(r.row, 'unit', `找不到单位“${unitText}”`);
    else if (candidates.length > 1)
      issue(r.row, 'unit', `有 ${candidates.length} 个单位名为“${unitText}”，请改用行政区划代码`);
    else {
      unit = candidates[0];
      if (unit && !ctx.manageRoots.some((root) => isInSubtree(unit?.path ?? '', root)))
        issue(r.row, 'unit', `无权管理“${unitText}”的账号`);
    }
    const words = splitList(r.roles);
    const roles = [...new Set(words.map(parseRole).filter((x): x is Role => x !== undefined))];
    const unknown = words.filter((w) => !parseRole(w));
    if (unknown.length)
      issue(r.row, 'roles', `无法识别的角色：${unknown.join('、')}（可用：单位管理员、审核、填报、查看）`);
    else if (roles.length === 0) issue(r.row, 'roles', '至少填写一个角色');
    const email = r.email.trim();
    if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) issue(r.row, 'email', '邮箱格式不正确');
    seen.add(key);
    if (issues.length === before && unit) {
      plan.push({
        row: r.row,
        username,
        displayName,
        unitId: unit.id,
        roles,
        phone: r.phone.trim() || null,
        email: email || null,
      });
    }
  }
  return { plan, issues };
}
