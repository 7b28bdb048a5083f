import * as repo from '../db/repositories/notice.repository.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

export interface CampaignView {
  id: number; year: number; name: string; theme: string | null; periodStart: string | null; periodEnd: string | null;
  slogans: string[]; archived: boolean; version: number;
}

/** Campaigns are public facts (theme, slogans); every signed-in user may list them. */
export async function listCampaigns(deps: AppDeps, _ctx: RequestCtx): Promise<CampaignView[]> {
  const rows = await repo.listCampaigns(deps.database.db);
  return rows.map((c) => ({ id: c.id, year: c.year, name: c.name, theme: c.theme, periodStart: c.periodStart, periodEnd: c.periodEnd, slogans: c.slogans, archived: c.archived, version: c.version }));
}
