import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { USER_IMPORT_COLUMNS, planUserImport, type UserImportRow } from '../../domain/auth/user-import.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { subtreeRootsFor } from '../../domain/policies/unit.policy.ts';
import type { ExistingUnit } from '../../domain/units/unit-import.ts';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import * as repo from '../db/repositories/user.repository.ts';
import { units, users } from '../db/schema.ts';
import { hashPassword } from './password.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';
import { importTemplate } from '../documents/import-template.ts';
import { readSpreadsheetIsolated } from '../documents/parse-isolated.ts';
import { parseLimits } from './parse-limits.ts';
import { columnIndexes } from './unit-import.service.ts';
import { temporaryPassword } from './user.service.ts';

type Column = keyof typeof USER_IMPORT_COLUMNS;
const MAX_ROWS = 2000;

export interface UserImportResult {
  dryRun: boolean;
  rows: number;
  /** The one-time initial passwords, shown once to the importing admin. */
  created: { username: string; displayName: string; initialPassword: string }[];
}

/** Creates accounts from an .xlsx/.csv sheet: all rows or none. */
export async function importUsers(
  deps: AppDeps,
  ctx: RequestCtx,
  buffer: Buffer,
  fileName: string,
  dryRun: boolean,
): Promise<UserImportResult> {
  const [sheet] = await readSpreadsheetIsolated(buffer, fileName, parseLimits(deps.env));
  if (!sheet || sheet.rows.length === 0) throw new DomainError('FILE_UNREADABLE', { reason: '表格中没有数据行' });
  const cols = columnIndexes(sheet.header, USER_IMPORT_COLUMNS);
  const missing = (['username', 'displayName', 'unit', 'roles'] as Column[])
    .filter((c) => cols[c] === undefined)
    .map((c) => USER_IMPORT_COLUMNS[c]);
  if (missing.length) throw new DomainError('FILE_UNREADABLE', { reason: `第 1 行缺少列：${missing.join('、')}` });
  if (sheet.rows.length > MAX_ROWS) throw new DomainError('FILE_UNREADABLE', { reason: `一次最多导入 ${MAX_ROWS} 行` });
  const cell = (r: string[], c: Column): string => {
    const i = cols[c];
    return i === undefined ? '' : (r[i] ?? '');
  };
  const rows: UserImportRow[] = sheet.rows.map((r, i) => ({
    row: i + 2,
    username: cell(r, 'username'),
    displayName: cell(r, 'displayName'),
    unit: cell(r, 'unit'),
    roles: cell(r, 'roles'),
    phone: cell(r, 'phone'),
    email: cell(r, 'email'),
  }));
  const roots = subtreeRootsFor(ctx.actor, 'manage_users');
  if (roots.length === 0) throw new DomainError('FORBIDDEN');
  const { db } = deps.database;

  const unitRefs = [...new Set(rows.map((r) => r.unit.trim()).filter(Boolean))];
  const names = unitRefs.filter((u) => !/^\d{6}$/.test(u));
  const codes = unitRefs.filter((u) => /^\d{6}$/.test(u));
  const found = unitRefs.length
    ? await db
        .select({ id: units.id, path: units.path, name: units.name, code: units.divisionCode })
        .from(units)
        .where(
          and(
            eq(units.active, true),
            or(...roots.map((p) => sql`${units.path} like ${`${p}%`}`)),
            or(
              names.length ? inArray(units.name, names) : undefined,
              codes.length ? inArray(units.divisionCode, codes) : undefined,
            ),
          ),
        )
    : [];
  const byName = new Map<string, ExistingUnit[]>();
  for (const u of found) byName.set(u.name, [...(byName.get(u.name) ?? []), u]);
  const usernames = rows.map((r) => r.username.trim().toLowerCase()).filter(Boolean);
  const taken = usernames.length
    ? await db
        .select({ u: sql<string>`lower(${users.username})` })
        .from(users)
        .where(inArray(sql`lower(${users.username})`, usernames))
    : [];
  const { plan, issues } = planUserImport(rows, {
    byName,
    byCode: new Map(found.filter((u) => u.code).map((u) => [u.code ?? '', u])),
    takenUsernames: new Set(taken.map((t) => t.u)),
    manageRoots: roots,
  });
  if (issues.length)
    throw new DomainError('IMPORT_FAILED', {
      errorCount: new Set(issues.map((i) => i.row)).size,
      issues: issues.slice(0, 500),
    });
  if (dryRun) return { dryRun, rows: rows.length, created: [] };

  const passwords = plan.map(() => temporaryPassword());
  const hashes = await Promise.all(passwords.map(hashPassword));
  await db.transaction(async (tx) => {
    for (const [i, p] of plan.entries()) {
      const user = await repo.insertUser(tx, {
        username: p.username,
        displayName: p.displayName,
        unitId: p.unitId,
        passwordHash: hashes[i] ?? '',
        mustChangePassword: true,
        phone: p.phone,
        email: p.email,
      });
      await repo.setRoles(tx, user.id, p.unitId, p.roles);
      await appendAudit(tx, {
        actorUserId: ctx.actor.userId,
        actorName: ctx.actor.username,
        unitId: p.unitId,
        action: 'user.create',
        objectType: 'user',
        objectId: user.id,
        summary: {
          after: { username: p.username, displayName: p.displayName, roles: p.roles },
          source: { file: fileName, row: p.row },
        },
        ip: ctx.ip,
      });
    }
  });
  deps.sealer.nudge();
  return {
    dryRun,
    rows: rows.length,
    created: plan.map((p, i) => ({
      username: p.username,
      displayName: p.displayName,
      initialPassword: passwords[i] ?? '',
    })),
  };
}

/** The blank .xlsx offered for download, with the import columns and two example rows. */
export async function userImportTemplate(): Promise<Buffer> {
  const c = USER_IMPORT_COLUMNS;
  return importTemplate(
    '用户导入',
    [c.username, c.displayName, c.unit, c.roles, c.phone, c.email],
    [
      ['zhangsan', '张三', '岳阳市市场监督管理局', '填报', '13800000000', 'zhangsan@example.gov.cn'],
      ['lisi', '李四', '430600', '审核、查看', '', ''],
    ],
  );
}
