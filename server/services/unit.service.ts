import { DomainError } from '../../domain/errors/domain-error.ts';
import {
  canOnUnit,
  subtreeRootsFor,
  unitCan,
  type UnitAction,
  type UnitCan,
} from '../../domain/policies/unit.policy.ts';
import { moveCreatesCycle, type UnitKind } from '../../domain/units/unit.ts';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import * as repo from '../db/repositories/unit.repository.ts';
import type { DbOrTx } from '../db/tx.ts';
import { regionByCode } from './divisions.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';
import { staleEditError } from './stale-edit.ts';

export interface UnitView {
  id: number;
  parentId: number | null;
  path: string;
  depth: number;
  kind: string;
  name: string;
  shortName: string | null;
  divisionCode: string | null;
  level: string | null;
  sortOrder: number;
  active: boolean;
  contactPhone: string | null;
  contactEmail: string | null;
  version: number;
  childCount?: number;
  aliases: string[];
  can: UnitCan;
}

function view(ctx: RequestCtx, u: repo.UnitRow, extra: { childCount?: number; aliases: string[] }): UnitView {
  return {
    id: u.id,
    parentId: u.parentId,
    path: u.path,
    depth: u.depth,
    kind: u.kind,
    name: u.name,
    shortName: u.shortName,
    divisionCode: u.divisionCode,
    level: u.level,
    sortOrder: u.sortOrder,
    active: u.active,
    contactPhone: u.contactPhone,
    contactEmail: u.contactEmail,
    version: u.version,
    ...extra,
    can: unitCan(ctx.actor, u),
  };
}

async function requireUnit(db: DbOrTx, id: number): Promise<repo.UnitRow> {
  const unit = await repo.findUnit(db, id);
  if (!unit) throw new DomainError('UNIT_NOT_FOUND', { id });
  return unit;
}

function authorize(ctx: RequestCtx, action: UnitAction, unit: repo.UnitRow): void {
  if (!canOnUnit(ctx.actor, action, unit)) {
    // A unit one may not even see answers as not found, so ids reveal nothing.
    throw canOnUnit(ctx.actor, 'view', unit)
      ? new DomainError('FORBIDDEN')
      : new DomainError('UNIT_NOT_FOUND', { id: unit.id });
  }
}

/** The top of what the actor may see (its own units), or the children of one unit. */
export async function listChildren(
  deps: AppDeps,
  ctx: RequestCtx,
  parentId: number | null,
  includeInactive: boolean,
): Promise<UnitView[]> {
  const { db } = deps.database;
  if (parentId === null) {
    const roots = subtreeRootsFor(ctx.actor, 'view');
    const rows = await repo.findUnitsByIds(db, [
      ...new Set(ctx.actor.grants.filter((g) => roots.includes(g.unitPath)).map((g) => g.unitId)),
    ]);
    const withCounts = await Promise.all(
      rows.map(async (u) =>
        view(ctx, u, {
          childCount: (await repo.listChildren(db, u.id, includeInactive)).length,
          aliases: await repo.aliasesOf(db, u.id),
        }),
      ),
    );
    return withCounts.sort((a, b) => a.path.localeCompare(b.path));
  }
  const parent = await requireUnit(db, parentId);
  authorize(ctx, 'view', parent);
  const rows = await repo.listChildren(db, parentId, includeInactive);
  return rows
    .filter((u) => canOnUnit(ctx.actor, 'view', u))
    .map((u) => view(ctx, u, { childCount: u.childCount, aliases: u.aliases }));
}

export async function getUnit(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
): Promise<UnitView & { ancestors: { id: number; name: string }[] }> {
  const { db } = deps.database;
  const unit = await requireUnit(db, id);
  authorize(ctx, 'view', unit);
  const ancestors = await repo.ancestorsOf(db, unit);
  const childCount = await repo.countActiveChildren(db, id);
  return {
    ...view(ctx, unit, { childCount, aliases: await repo.aliasesOf(db, id) }),
    ancestors: ancestors.map((a) => ({ id: a.id, name: a.name })),
  };
}

export async function searchUnits(deps: AppDeps, ctx: RequestCtx, term: string): Promise<UnitView[]> {
  const rows = await repo.searchUnits(deps.database.db, subtreeRootsFor(ctx.actor, 'view'), term.trim(), 50);
  return rows.map((u) => view(ctx, u, { childCount: u.childCount, aliases: u.aliases }));
}

export interface UnitInput {
  name: string;
  kind: UnitKind;
  shortName?: string | null | undefined;
  divisionCode?: string | null | undefined;
  sortOrder?: number | undefined;
  contactPhone?: string | null | undefined;
  contactEmail?: string | null | undefined;
  aliases?: string[] | undefined;
}

async function checkNames(
  db: DbOrTx,
  parentId: number | null,
  name: string,
  aliases: string[],
  selfId?: number,
): Promise<void> {
  if (await repo.findChildByName(db, parentId, name, selfId)) throw new DomainError('UNIT_NAME_TAKEN', { name });
  for (const alias of aliases) {
    const owner = await repo.findAlias(db, alias);
    if (owner && owner.unitId !== selfId) throw new DomainError('UNIT_ALIAS_TAKEN', { name: alias });
  }
}

async function checkDivision(
  db: DbOrTx,
  code: string | null | undefined,
  selfId?: number,
): Promise<ReturnType<typeof regionByCode>> {
  if (!code) return undefined;
  const region = regionByCode(code);
  if (!region) throw new DomainError('DIVISION_CODE_UNKNOWN', { code });
  const holder = await repo.findByDivisionCode(db, code);
  if (holder && holder.id !== selfId) throw new DomainError('DIVISION_CODE_TAKEN', { code, unit: holder.name });
  return region;
}

export async function createUnit(
  deps: AppDeps,
  ctx: RequestCtx,
  parentId: number,
  input: UnitInput,
): Promise<UnitView> {
  const created = await deps.database.db.transaction(async (tx) => {
    const parent = await requireUnit(tx, parentId);
    authorize(ctx, 'create_child', parent);
    const aliases = input.aliases ?? [];
    await checkNames(tx, parentId, input.name, aliases);
    const region = await checkDivision(tx, input.divisionCode);
    const unit = await repo.insertUnit(tx, {
      parentId,
      kind: input.kind,
      name: input.name,
      shortName: input.shortName ?? null,
      divisionCode: input.divisionCode ?? null,
      level: region?.level ?? null,
      sortOrder: input.sortOrder ?? 0,
      contactPhone: input.contactPhone ?? null,
      contactEmail: input.contactEmail ?? null,
    });
    if (aliases.length) await repo.replaceAliases(tx, unit.id, aliases);
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: unit.id,
      action: 'unit.create',
      objectType: 'unit',
      objectId: unit.id,
      summary: { after: { name: unit.name, kind: unit.kind, parentId, divisionCode: unit.divisionCode, aliases } },
      ip: ctx.ip,
    });
    return view(ctx, unit, { childCount: 0, aliases });
  });
  deps.sealer.nudge();
  return created;
}

export async function updateUnit(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
  version: number,
  input: Partial<UnitInput>,
): Promise<UnitView> {
  const updated = await deps.database.db.transaction(async (tx) => {
    const unit = await requireUnit(tx, id);
    authorize(ctx, 'update', unit);
    if (unit.version !== version) throw await staleEditError(tx, 'unit', id);
    const before = {
      name: unit.name,
      shortName: unit.shortName,
      divisionCode: unit.divisionCode,
      kind: unit.kind,
      aliases: await repo.aliasesOf(tx, id),
    };
    const aliases = input.aliases ?? before.aliases;
    await checkNames(tx, unit.parentId, input.name ?? unit.name, aliases, id);
    const region = input.divisionCode !== undefined ? await checkDivision(tx, input.divisionCode, id) : undefined;
    const row = await repo.updateUnitVersioned(tx, id, version, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.kind !== undefined && { kind: input.kind }),
      ...(input.shortName !== undefined && { shortName: input.shortName }),
      ...(input.divisionCode !== undefined && { divisionCode: input.divisionCode, level: region?.level ?? null }),
      ...(input.sortOrder !== undefined && { sortOrder: input.sortOrder }),
      ...(input.contactPhone !== undefined && { contactPhone: input.contactPhone }),
      ...(input.contactEmail !== undefined && { contactEmail: input.contactEmail }),
    });
    if (!row) throw await staleEditError(tx, 'unit', id);
    if (input.aliases) await repo.replaceAliases(tx, id, aliases);
    const after = { name: row.name, shortName: row.shortName, divisionCode: row.divisionCode, kind: row.kind, aliases };
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: id,
      action: 'unit.update',
      objectType: 'unit',
      objectId: id,
      summary: { before, after },
      ip: ctx.ip,
    });
    return view(ctx, row, { aliases });
  });
  deps.sealer.nudge();
  return updated;
}

export async function moveUnit(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
  version: number,
  newParentId: number,
): Promise<UnitView> {
  const moved = await deps.database.db.transaction(async (tx) => {
    const unit = await requireUnit(tx, id);
    authorize(ctx, 'move', unit);
    if (unit.version !== version) throw await staleEditError(tx, 'unit', id);
    const target = await requireUnit(tx, newParentId);
    authorize(ctx, 'create_child', target);
    if (moveCreatesCycle(unit.path, target.path)) throw new DomainError('UNIT_MOVE_CYCLE');
    await checkNames(tx, newParentId, unit.name, [], id);
    await repo.moveSubtree(tx, unit, target);
    const row = await repo.updateUnitVersioned(tx, id, version, {});
    if (!row) throw await staleEditError(tx, 'unit', id);
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: id,
      action: 'unit.move',
      objectType: 'unit',
      objectId: id,
      summary: { before: { parentId: unit.parentId }, after: { parentId: newParentId } },
      ip: ctx.ip,
    });
    return view(ctx, row, { aliases: await repo.aliasesOf(tx, id) });
  });
  deps.sealer.nudge();
  return moved;
}

/** Units are never deleted (they carry data); deactivation hides them from new work. */
export async function setUnitActive(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
  version: number,
  active: boolean,
): Promise<UnitView> {
  const result = await deps.database.db.transaction(async (tx) => {
    const unit = await requireUnit(tx, id);
    authorize(ctx, 'deactivate', unit);
    if (unit.version !== version) throw await staleEditError(tx, 'unit', id);
    if (!active) {
      const count = await repo.countActiveChildren(tx, id);
      if (count > 0) throw new DomainError('UNIT_HAS_ACTIVE_CHILDREN', { count });
    }
    const row = await repo.updateUnitVersioned(tx, id, version, { active });
    if (!row) throw await staleEditError(tx, 'unit', id);
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: id,
      action: active ? 'unit.reactivate' : 'unit.deactivate',
      objectType: 'unit',
      objectId: id,
      summary: { before: { active: unit.active }, after: { active } },
      ip: ctx.ip,
    });
    return view(ctx, row, { aliases: await repo.aliasesOf(tx, id) });
  });
  deps.sealer.nudge();
  return result;
}
