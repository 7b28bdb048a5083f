import * as repo from '../db/repositories/report.repository.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

export interface ReviewQueueItem {
  kind: 'review' | 'unlock';
  reportId: number;
  noticeId: number;
  noticeTitle: string;
  docNumber: string | null;
  deadline: string | null;
  unitId: number;
  unitName: string;
  /** When it was submitted, or when the unlock was asked for. */
  at: string;
  late: boolean;
}

/** The dashboard shows the oldest this many; the count says whether there are more. */
const SHOWN = 200;

/**
 * 待审核: what waits for a decision of the actor's offices — reports submitted on the notices they issued, and
 * unlock requests — for the reviewers and admins of those offices.
 */
export async function reviewQueue(deps: AppDeps, ctx: RequestCtx): Promise<ReviewQueueItem[]> {
  const offices = [
    ...new Set(ctx.actor.grants.filter((g) => g.role === 'admin' || g.role === 'reviewer').map((g) => g.unitId)),
  ];
  const rows = await repo.reviewQueue(deps.database.db, offices, SHOWN);
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
