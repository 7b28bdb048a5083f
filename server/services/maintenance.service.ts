import { and, inArray, lt } from 'drizzle-orm';
import { errorMessages } from '../../domain/i18n/error-messages.zh-CN.ts';
import { exportJobs } from '../db/schema.ts';
import { stagingFor } from './file-staging.ts';
import type { AppDeps } from './service-context.ts';

/**
 * An export runs in the process that started it and takes seconds (a national table by county ~2 s);
 * one still queued or running after this long belongs to a process that is gone.
 */
export const EXPORT_JOB_STALE_MS = 30 * 60 * 1000;

export interface MaintenanceResult {
  expiredUploads: number;
  interruptedExports: number;
}

/**
 * Housekeeping, run at start and hourly from the job queue: unfinished uploads past their expiry are
 * deleted from the staging area, and export jobs left behind by a restart are marked failed, so the
 * user sees 请重新导出 instead of a progress bar that never moves. Stored files are kept: a detached
 * photo stays for the audit trail.
 */
export async function runMaintenance(deps: Pick<AppDeps, 'database' | 'env'>, now: Date): Promise<MaintenanceResult> {
  const expiredUploads = await stagingFor(deps).store.deleteExpired();
  const interrupted = await deps.database.db
    .update(exportJobs)
    .set({ status: 'failed', error: errorMessages.EXPORT_JOB_INTERRUPTED.message(), finishedAt: now })
    .where(
      and(
        inArray(exportJobs.status, ['queued', 'running']),
        lt(exportJobs.createdAt, new Date(now.getTime() - EXPORT_JOB_STALE_MS)),
      ),
    )
    .returning({ id: exportJobs.id });
  return { expiredUploads, interruptedExports: interrupted.length };
}
