import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { errorMessages } from '../../domain/i18n/error-messages.zh-CN.ts';
import type { RollupBy, RollupStatusFilter, StatsLayout } from '../../domain/rollup/rollup.ts';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import { exportJobs, files } from '../db/schema.ts';
import { requireNotice } from './notice.service.ts';
import { exportJobsFinished } from '../observability/metrics.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';
import { ROLLUP_MIME, rollupFile, type RollupFormat } from './stats-export.service.ts';

// Long exports run as jobs, in-process, off the request: the job row carries status and progress for
// the UI (and for any node, since the row is in the database); the file goes to Storage only when
// complete, so a cancelled or failed export never leaves a partial file behind.

export type ExportJobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export interface RollupExportParams {
  noticeId: number;
  by: RollupBy;
  status: RollupStatusFilter;
  format: RollupFormat;
  region?: number | undefined;
  layout?: StatsLayout | undefined;
}
export interface ExportJobView {
  id: number;
  kind: string;
  params: RollupExportParams;
  status: ExportJobStatus;
  /** Rows of the table written so far, of `total` (each row spans every column). */
  progress: number;
  total: number;
  fileName: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  downloadUrl: string | null;
}

type JobRow = typeof exportJobs.$inferSelect;
class Cancelled extends Error {}

/** Jobs this process is running, so a cancel can stop the work at the next row. */
const running = new Map<number, AbortController>();

const view = (j: JobRow): ExportJobView => ({
  id: j.id,
  kind: j.kind,
  params: j.params as unknown as RollupExportParams,
  status: j.status as ExportJobStatus,
  progress: j.progress,
  total: j.total,
  fileName: j.fileName,
  error: j.error,
  createdAt: j.createdAt.toISOString(),
  finishedAt: j.finishedAt?.toISOString() ?? null,
  downloadUrl: j.status === 'done' && j.fileId ? `/api/export-jobs/${j.id}/file` : null,
});

/** A job is seen only by whoever started it; anyone else gets 404, as for a thing that does not exist. */
async function ownJob(deps: AppDeps, ctx: RequestCtx, id: number): Promise<JobRow> {
  const job = (await deps.database.db.select().from(exportJobs).where(eq(exportJobs.id, id)).limit(1))[0];
  if (!job || job.createdBy !== ctx.actor.userId) throw new DomainError('EXPORT_JOB_NOT_FOUND', { id });
  return job;
}

/**
 * Starts a roll-up export: the access check happens now (403/404 here, never a job for a notice one
 * cannot see); the work starts right after the response unless `start` is false (tests drive it).
 */
export async function startRollupExport(
  deps: AppDeps,
  ctx: RequestCtx,
  params: RollupExportParams,
  opts: { start?: boolean } = {},
): Promise<ExportJobView> {
  const { db } = deps.database;
  await requireNotice(db, ctx, params.noticeId, 'view_signatures');
  const job = await db.transaction(async (tx) => {
    const row = (
      await tx
        .insert(exportJobs)
        .values({ kind: 'rollup', params: { ...params }, unitId: ctx.actor.unitId, createdBy: ctx.actor.userId })
        .returning()
    )[0];
    if (!row) throw new Error('export job not created');
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: ctx.actor.unitId,
      action: 'export.start',
      objectType: 'export_job',
      objectId: row.id,
      summary: { ...params },
      ip: ctx.ip,
    });
    return row;
  });
  if (opts.start !== false)
    setImmediate(() => {
      void runExportJob(deps, ctx, job.id);
    });
  return view(job);
}

/** Runs a queued job to the end: done with a file, failed with the reason, or stopped by a cancel. */
export async function runExportJob(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
  hooks: { onProgress?: (done: number, total: number) => Promise<void> } = {},
): Promise<void> {
  const { db } = deps.database;
  const claimed = (
    await db
      .update(exportJobs)
      .set({ status: 'running' })
      .where(and(eq(exportJobs.id, id), eq(exportJobs.status, 'queued')))
      .returning()
  )[0];
  if (!claimed) return;
  const p = claimed.params as unknown as RollupExportParams;
  const abort = new AbortController();
  running.set(id, abort);
  let key: string | null = null;
  try {
    const { file, fileName } = await rollupFile(deps, ctx, p.noticeId, p, async (done, total) => {
      if (abort.signal.aborted) throw new Cancelled();
      // The row also tells a cancel made on another node: no longer running → stop.
      const still = await db
        .update(exportJobs)
        .set({ progress: done, total })
        .where(and(eq(exportJobs.id, id), eq(exportJobs.status, 'running')))
        .returning({ id: exportJobs.id });
      if (still.length === 0) throw new Cancelled();
      await hooks.onProgress?.(done, total);
    });
    if (p.format === 'csv') await db.update(exportJobs).set({ progress: 1, total: 1 }).where(eq(exportJobs.id, id));
    if (abort.signal.aborted) throw new Cancelled();
    const fileId = randomUUID();
    key = `exports/${fileId}.${p.format}`;
    const { size } = await deps.storage.put(key, Readable.from([file]));
    const finished = await db.transaction(async (tx) => {
      await tx.insert(files).values({
        id: fileId,
        storageKey: key ?? '',
        originalName: fileName,
        mimeType: ROLLUP_MIME[p.format],
        kind: 'document',
        size,
        sha256: createHash('sha256').update(file).digest('hex'),
        ownerUnitId: claimed.unitId,
        uploadedBy: claimed.createdBy,
      });
      const done = await tx
        .update(exportJobs)
        .set({ status: 'done', fileId, fileName, finishedAt: new Date() })
        .where(and(eq(exportJobs.id, id), eq(exportJobs.status, 'running')))
        .returning({ id: exportJobs.id });
      if (done.length === 0) throw new Cancelled(); // cancelled while storing: roll the file row back
      return true;
    });
    if (finished) key = null;
    exportJobsFinished.inc({ outcome: 'done' });
  } catch (err) {
    exportJobsFinished.inc({ outcome: err instanceof Cancelled ? 'cancelled' : 'failed' });
    if (!(err instanceof Cancelled)) {
      const message =
        err instanceof DomainError ? errorMessages[err.code].message(err.details) : '导出时发生错误，请重试';
      await db
        .update(exportJobs)
        .set({ status: 'failed', error: message, finishedAt: new Date() })
        .where(and(eq(exportJobs.id, id), eq(exportJobs.status, 'running')));
    }
  } finally {
    running.delete(id);
    if (key) await deps.storage.delete(key);
  }
}

export async function getExportJob(deps: AppDeps, ctx: RequestCtx, id: number): Promise<ExportJobView> {
  return view(await ownJob(deps, ctx, id));
}

/** The user's recent export jobs, newest first (the UI lists them with their progress). */
export async function listExportJobs(deps: AppDeps, ctx: RequestCtx): Promise<ExportJobView[]> {
  const { db } = deps.database;
  const rows = await db
    .select()
    .from(exportJobs)
    .where(eq(exportJobs.createdBy, ctx.actor.userId))
    .orderBy(exportJobs.createdAt)
    .limit(50);
  return rows.reverse().map(view);
}

/** Cancels a queued or running job (its work stops at the next row, nothing is stored), or removes a finished job's file. */
export async function cancelExportJob(deps: AppDeps, ctx: RequestCtx, id: number): Promise<ExportJobView> {
  const { db } = deps.database;
  await ownJob(deps, ctx, id);
  let removedKey: string | null = null;
  const row = await db.transaction(async (tx) => {
    // Read under lock: the worker may be finishing this very moment.
    const job = (await tx.select().from(exportJobs).where(eq(exportJobs.id, id)).for('update'))[0];
    if (!job) throw new DomainError('EXPORT_JOB_NOT_FOUND', { id });
    if (job.status === 'failed' || job.status === 'cancelled') return job;
    const stopped =
      (
        await tx
          .update(exportJobs)
          .set({ status: 'cancelled', fileId: null, finishedAt: new Date() })
          .where(eq(exportJobs.id, id))
          .returning()
      )[0] ?? job;
    if (job.fileId) {
      const f = (await tx.delete(files).where(eq(files.id, job.fileId)).returning({ key: files.storageKey }))[0];
      removedKey = f?.key ?? null;
    }
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.username,
      unitId: ctx.actor.unitId,
      action: 'export.cancel',
      objectType: 'export_job',
      objectId: id,
      summary: { was: job.status },
      ip: ctx.ip,
    });
    return stopped;
  });
  running.get(id)?.abort();
  if (removedKey) await deps.storage.delete(removedKey);
  return view(row);
}

/** The finished file, for its creator only. */
export async function openExportFile(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
): Promise<{ stream: Readable; fileName: string; mimeType: string; size: number }> {
  const job = await ownJob(deps, ctx, id);
  if (job.status !== 'done' || !job.fileId) throw new DomainError('EXPORT_JOB_NOT_READY', { status: job.status });
  const f = (await deps.database.db.select().from(files).where(eq(files.id, job.fileId)).limit(1))[0];
  if (!f) throw new DomainError('EXPORT_JOB_NOT_FOUND', { id });
  return {
    stream: await deps.storage.open(f.storageKey),
    fileName: f.originalName,
    mimeType: f.mimeType,
    size: f.size,
  };
}
