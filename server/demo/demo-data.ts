import { eq, sql } from 'drizzle-orm';
import { officeName } from '../../domain/units/divisions.ts';
import type { Db } from '../db/database.ts';
import type { DbOrTx } from '../db/tx.ts';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import * as unitsRepo from '../db/repositories/unit.repository.ts';
import { insertUser, setRoles } from '../db/repositories/user.repository.ts';
import { settings, units } from '../db/schema.ts';
import { allRegions } from '../services/divisions.ts';
import { hashPassword } from '../services/password.ts';
import { todayInShanghai } from '../../domain/i18n/format.ts';
import { signActedRecipients } from '../db/repositories/notice.repository.ts';
import { reportsForSavedItems } from '../db/repositories/report.repository.ts';
import { loadDemoActivities } from './demo-activities.ts';
import { loadLiveCampaign } from './demo-live.ts';
import { loadDemoNotices } from './demo-notices.ts';
import * as d from './demo-units.ts';

export interface DemoPasswords {
  admin: string;
  demo: string;
}

async function unitByCode(db: DbOrTx, code: string): Promise<unitsRepo.UnitRow> {
  const u = await unitsRepo.findByDivisionCode(db, code);
  if (!u) throw new Error(`demo: no unit with division code ${code}`);
  return u;
}

async function children(
  db: DbOrTx,
  parentId: number,
  kind: 'department' | 'section' | 'enterprise',
  names: string[],
): Promise<void> {
  await unitsRepo.insertUnitsBulk(
    db,
    names.map((name, i) => ({ parentId, kind, name, sortOrder: i + 1 })),
  );
}

/** True when the database holds no units yet (a fresh install). */
export async function isEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(units);
  return (rows[0]?.n ?? 0) === 0;
}

/** The national office with its member departments, every region's office and 新疆生产建设兵团. */
async function insertUnitTree(
  db: DbOrTx,
): Promise<{ national: unitsRepo.UnitRow; regions: ReturnType<typeof allRegions> }> {
  const national = await unitsRepo.insertUnit(db, {
    parentId: null,
    kind: 'office',
    name: d.NATIONAL_OFFICE,
    level: 'national',
  });
  await children(db, national.id, 'department', d.NATIONAL_DEPARTMENTS);

  // Regions level by level, each level one bulk statement (about 3,300 offices).
  const regions = allRegions();
  for (const level of ['province', 'prefecture', 'county'] as const) {
    await unitsRepo.insertUnitsBulk(
      db,
      regions
        .filter((r) => r.level === level)
        .map((r) => ({
          parentId: r.parentCode ? null : national.id,
          parentDivisionCode: r.parentCode,
          kind: 'office' as const,
          name: officeName(r.name),
          divisionCode: r.code,
          level,
          sortOrder: Number(r.code.slice(0, level === 'province' ? 2 : level === 'prefecture' ? 4 : 6)),
        })),
    );
  }
  await unitsRepo.insertUnit(db, {
    parentId: national.id,
    kind: 'office',
    name: d.XPCC_OFFICE,
    level: 'province',
    sortOrder: 66,
  });
  return { national, regions };
}

async function insertAdmin(db: DbOrTx, nationalId: number, passwordHash: string): Promise<void> {
  const admin = await insertUser(db, {
    username: 'admin',
    displayName: '系统管理员',
    unitId: nationalId,
    passwordHash,
    mustChangePassword: true,
  });
  await setRoles(db, admin.id, nationalId, ['admin']);
}

/** DEMO_DATA=off (production): only the unit tree and `admin`, in one transaction. */
export async function loadUnitTreeOnly(database: Db, adminPassword: string): Promise<void> {
  const adminHash = await hashPassword(adminPassword);
  await database.transaction(async (db) => {
    const { national, regions } = await insertUnitTree(db);
    await insertAdmin(db, national.id, adminHash);
    await appendAudit(db, {
      actorUserId: null,
      actorName: 'system',
      unitId: national.id,
      action: 'system.unit_tree_loaded',
      objectType: 'system',
      objectId: null,
      summary: { units: regions.length },
      ip: null,
    });
  });
}

/**
 * Loads the demo units, accounts and campaigns of docs/CONTRACTS.md in one transaction. `today` lays out the live
 * campaign; the route tests' template leaves it out (`live: false`) and build on the 2024 history, while its own
 * tests load it for a pinned day.
 */
export async function loadDemoData(
  database: Db,
  passwords: DemoPasswords,
  options: { today?: string; live?: boolean } = {},
): Promise<void> {
  const [adminHash, demoHash] = await Promise.all([hashPassword(passwords.admin), hashPassword(passwords.demo)]);
  await database.transaction(async (db) => {
    const { national, regions } = await insertUnitTree(db);
    const tibet = await unitByCode(db, d.TIBET_CODE);
    await unitsRepo.replaceAliases(db, tibet.id, [d.TIBET_OFFICE_ALIAS]);
    await children(db, tibet.id, 'department', d.TIBET_DEPARTMENTS);
    const association = await unitsRepo.insertUnit(db, {
      parentId: tibet.id,
      kind: 'association',
      name: d.TIBET_ASSOCIATION,
      sortOrder: 100,
    });
    await children(db, association.id, 'enterprise', d.TIBET_ASSOCIATION_MEMBERS);
    const sichuan = await unitByCode(db, d.SICHUAN_CODE);
    await children(db, sichuan.id, 'department', d.SICHUAN_DEPARTMENTS);
    const hunan = await unitByCode(db, d.HUNAN_CODE);
    const yueyang = await unitByCode(db, d.YUEYANG_CODE);
    await children(db, yueyang.id, 'section', d.YUEYANG_SECTIONS);

    await insertAdmin(db, national.id, adminHash);
    const unitOf = { national, tibet, 'tibet-assoc': association, sichuan, hunan, yueyang };
    for (const a of d.DEMO_ACCOUNTS) {
      const unit = unitOf[a.unit];
      const user = await insertUser(db, {
        username: a.username,
        displayName: a.displayName,
        unitId: unit.id,
        passwordHash: demoHash,
        mustChangePassword: false,
      });
      await setRoles(db, user.id, unit.id, a.roles);
    }
    await loadDemoNotices(db, national.id);
    await loadDemoActivities(db, national.id);
    // The 2024 units that registered items there reported on the form-less notices, and signed what they acted on.
    await reportsForSavedItems(db);
    await signActedRecipients(db);
    if (options.live ?? true) await loadLiveCampaign(db, national.id, options.today ?? todayInShanghai());
    await db.insert(settings).values({ key: 'demo_loaded_at', value: new Date().toISOString() });
    await appendAudit(db, {
      actorUserId: null,
      actorName: 'system',
      unitId: national.id,
      action: 'system.demo_loaded',
      objectType: 'system',
      objectId: null,
      summary: { units: regions.length },
      ip: null,
    });
  });
}

export async function demoLoadedAt(db: Db): Promise<string | undefined> {
  const rows = await db.select().from(settings).where(eq(settings.key, 'demo_loaded_at')).limit(1);
  return typeof rows[0]?.value === 'string' ? rows[0].value : undefined;
}
