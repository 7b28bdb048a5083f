// The public side (DESIGN.md §1 item 7): citizens, without logging in, see a campaign's theme, slogans and
// posters, and the public activities near them by region and date. Read-only; nothing else leaves here:
// no drafts, no figures, no people's contacts.
import { DomainError } from '../../domain/errors/domain-error.ts';
import * as repo from '../db/repositories/public.repository.ts';
import { allRegions, regionByCode } from './divisions.ts';
import type { AppDeps } from './service-context.ts';

export interface PublicCampaignSummary {
  id: number;
  year: number;
  name: string;
}

export interface PublicPoster {
  id: number;
  caption: string | null;
  width: number | null;
  height: number | null;
  url: string;
  thumbUrl: string;
}

export interface PublicCampaign extends PublicCampaignSummary {
  theme: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  slogans: string[];
  posters: PublicPoster[];
  activityCount: number;
}

export interface PublicActivity {
  id: number;
  title: string;
  category: string | null;
  startOn: string | null;
  endOn: string | null;
  region: string | null;
  place: string | null;
  organiser: string | null;
  audience: string | null;
  description: string | null;
  unitName: string;
}

export interface PublicActivityPage {
  campaignId: number;
  items: PublicActivity[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PublicRegion {
  code: string;
  name: string;
  children?: PublicRegion[];
}

export async function listPublicCampaigns(deps: AppDeps): Promise<PublicCampaignSummary[]> {
  return (await repo.listPublicCampaigns(deps.database.db)).map((c) => ({ id: c.id, year: c.year, name: c.name }));
}

/** A campaign by id, or the newest one (archived campaigns included: last year's stays visible). */
export async function getPublicCampaign(deps: AppDeps, id: number | 'latest'): Promise<PublicCampaign> {
  const { db } = deps.database;
  const c = id === 'latest' ? (await repo.listPublicCampaigns(db))[0] : await repo.findPublicCampaign(db, id);
  if (!c) throw new DomainError('CAMPAIGN_NOT_FOUND');
  const [posters, activityCount] = await Promise.all([
    repo.listPosters(db, c.id),
    repo.countPublicActivities(db, c.id),
  ]);
  return {
    id: c.id,
    year: c.year,
    name: c.name,
    theme: c.theme,
    periodStart: c.periodStart,
    periodEnd: c.periodEnd,
    slogans: c.slogans,
    activityCount,
    posters: posters.map((p) => ({
      ...p,
      url: `/api/public/posters/${String(p.id)}`,
      thumbUrl: `/api/public/posters/${String(p.id)}?thumb=1`,
    })),
  };
}

export interface PublicActivityQuery {
  campaignId?: number | undefined;
  province?: string | undefined;
  prefecture?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

/** How a region is written in free text: 西藏自治区 / 西藏, 拉萨市 / 拉萨, 阿坝藏族羌族自治州 / 阿坝. */
export function regionNames(name: string): string[] {
  const stem = name
    .replace(/(特别行政区|自治区|自治州|自治县|地区|省|市|盟|州|县|区)$/u, '')
    .replace(
      /(壮族|回族|维吾尔|藏族羌族|藏族|彝族|苗族|土家族|蒙古族|朝鲜族|哈尼族|傣族|白族|景颇族|傈僳族|布依族|侗族|黎族|羌族|哈萨克|柯尔克孜|蒙古)+$/u,
      '',
    );
  return [...new Set([name, ...(stem.length >= 2 ? [stem] : [])])];
}

export async function listPublicActivities(deps: AppDeps, query: PublicActivityQuery): Promise<PublicActivityPage> {
  const { db } = deps.database;
  let campaignId = query.campaignId;
  if (campaignId === undefined) {
    const latest = (await repo.listPublicCampaigns(db))[0];
    if (!latest) return { campaignId: 0, items: [], total: 0, page: query.page, pageSize: query.pageSize };
    campaignId = latest.id;
  } else if (!(await repo.findPublicCampaign(db, campaignId))) {
    throw new DomainError('CAMPAIGN_NOT_FOUND');
  }
  // The narrower region decides: a city within its province.
  const code = query.prefecture ?? query.province;
  let region: repo.PublicActivityFilter['region'];
  if (code !== undefined) {
    const seed = regionByCode(code);
    if (!seed || seed.level === 'county') throw new DomainError('DIVISION_CODE_UNKNOWN', { code });
    region = { unitPath: await repo.regionOfficePath(db, code), names: regionNames(seed.name) };
  }
  const { rows, total } = await repo.listPublicActivities(db, {
    campaignId,
    region,
    from: query.from,
    to: query.to,
    q: query.q?.trim() || undefined,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    campaignId,
    items: rows.map((r) => ({ ...r, description: plainText(r.description) })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

let regionsCache: PublicRegion[] | undefined;

/** Provinces with their prefecture-level regions (GB/T 2260), for the region filter. */
export function publicRegions(): PublicRegion[] {
  if (!regionsCache) {
    const seeds = allRegions();
    regionsCache = seeds
      .filter((s) => s.level === 'province')
      .map((p) => {
        const children = seeds
          .filter((s) => s.level === 'prefecture' && s.parentCode === p.code)
          .map((c) => ({ code: c.code, name: c.name }));
        return { code: p.code, name: p.name, ...(children.length > 0 && { children }) };
      });
  }
  return regionsCache;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Descriptions are shown as plain text: any markup a unit pasted in is dropped. */
export function plainText(s: string | null): string | null {
  if (s === null) return null;
  const text = s
    .replace(/<(br|\/p|\/div|\/li)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|[a-z]+);/gi, (m: string, e: string) =>
      e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (ENTITIES[e.toLowerCase()] ?? m),
    )
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text || null;
}
