import { sql } from 'drizzle-orm';
import {
  auditEntryHash,
  GENESIS_HASH,
  type AuditEntryContent,
  type AuditHashAlgorithm,
} from '../../domain/audit/audit-hash.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { subtreeRootsFor } from '../../domain/policies/unit.policy.ts';
import { pathIds } from '../../domain/units/unit.ts';
import type { Db } from '../db/database.ts';
import * as audit from '../db/repositories/audit.repository.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

const SEAL_LOCK = 7_201_002;
const SEAL_BATCH = 500;

function content(row: audit.AuditRow, chainNo: number): AuditEntryContent {
  return {
    seq: row.seq,
    chainNo,
    at: row.at.toISOString(),
    actorUserId: row.actorUserId,
    actorName: row.actorName,
    unitId: row.unitId,
    action: row.action,
    objectType: row.objectType,
    objectId: row.objectId,
    summary: row.summary,
    ip: row.ip,
    // Sealed with the entry when present; entries from before the column hash as they always did.
    requestId: row.requestId ?? undefined,
  };
}

/**
 * Chains committed, unsealed entries in seq order. Writers never wait for this: they only insert;
 * one sealer at a time (advisory lock) extends the chain moments later.
 */
export async function sealAudit(db: Db, algorithm: AuditHashAlgorithm): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await db.transaction(async (tx) => {
      const got = await tx.execute<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(${SEAL_LOCK}) as ok`);
      if (!got.rows[0]?.ok) return 0;
      const batch = await audit.unsealedBatch(tx, SEAL_BATCH);
      let prev = (await audit.lastSealed(tx)) ?? { chainNo: 0, hash: GENESIS_HASH };
      const seals: audit.AuditSeal[] = [];
      for (const row of batch) {
        const chainNo = prev.chainNo + 1;
        const hash = auditEntryHash(algorithm, prev.hash, content(row, chainNo));
        seals.push({ seq: row.seq, chainNo, prevHash: prev.hash, hash });
        prev = { chainNo, hash };
      }
      await audit.sealMany(tx, seals, algorithm);
      return batch.length;
    });
    total += sealed;
    if (sealed < SEAL_BATCH) return total;
  }
}

export interface AuditVerification {
  ok: boolean;
  sealed: number;
  unsealed: number;
  broken?: { chainNo: number; seq: number; reason: string };
}

/** Walks the chain from the start and recomputes every hash. */
export async function verifyAudit(db: Db): Promise<AuditVerification> {
  const counts = await audit.countEntries(db);
  let prev = { chainNo: 0, hash: GENESIS_HASH };
  for (;;) {
    const page = await audit.sealedPage(db, prev.chainNo, 1000);
    for (const row of page) {
      const chainNo = row.chainNo ?? 0;
      const fail = (reason: string): AuditVerification => ({
        ok: false,
        ...counts,
        broken: { chainNo: prev.chainNo + 1, seq: row.seq, reason },
      });
      if (chainNo !== prev.chainNo + 1) return fail(`missing entry before chain ${chainNo}`);
      if (row.prevHash !== prev.hash) return fail('previous hash does not match');
      const algorithm = row.hashAlgorithm === 'sm3' ? 'sm3' : 'sha256';
      if (auditEntryHash(algorithm, prev.hash, content(row, chainNo)) !== row.hash)
        return fail('content does not match its hash');
      prev = { chainNo, hash: row.hash };
    }
    if (page.length < 1000) break;
  }
  if (prev.chainNo !== counts.sealed) {
    return {
      ok: false,
      ...counts,
      broken: { chainNo: prev.chainNo + 1, seq: 0, reason: 'sealed entries missing from the chain' },
    };
  }
  return { ok: true, ...counts };
}

export interface AuditListQuery {
  action?: string | undefined;
  actor?: string | undefined;
  objectType?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
}

/** Audit entries about units the actor administers; the national admin also sees unit-less ones. */
export async function listAuditFor(
  deps: AppDeps,
  ctx: RequestCtx,
  q: AuditListQuery,
): Promise<{ items: Record<string, unknown>[]; total: number }> {
  const roots = subtreeRootsFor(ctx.actor, 'view_audit');
  if (roots.length === 0) throw new DomainError('FORBIDDEN');
  const seesAll = roots.some((p) => pathIds(p).length === 1);
  const { rows, total } = await audit.listAudit(deps.database.db, { ...q, subtreeRoots: seesAll ? null : roots });
  return {
    total,
    items: rows.map((r) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      actorName: r.actorName,
      unitId: r.unitId,
      unitName: r.unitName,
      action: r.action,
      objectType: r.objectType,
      objectId: r.objectId,
      summary: r.summary,
      ip: r.ip,
      requestId: r.requestId,
      sealed: r.chainNo !== null,
    })),
  };
}
