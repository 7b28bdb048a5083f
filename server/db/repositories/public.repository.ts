// Read-only queries of the public side (no login): only what citizens may see — campaigns that have an
// issued notice, their posters, and activities a unit marked public on an issued notice.
import { and, asc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { activities, attachments, campaigns, files, notices, units } from '../schema.ts';
import type { DbOrTx } from '../tx.ts';

/** A campaign is public once one of its notices is issued (drafts and empty test campaigns stay out). */
const hasIssuedNotice = sql`exists (select 1 from ${notices} n where n.campaign_id = ${campaigns.id} and n.status <> 'draft')`;

export interface PublicCampaignRow {
  id: number;
  year: number;
  name: string;
  theme: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  slogans: string[];
}

/** The top notice of a campaign (issued by the highest unit), whose theme and slogans stand in for the campaign's own. */
const topNotice = (column: string): SQL =>
  sql.raw(`(select n.${column} from notices n join units u on u.id = n.issuer_unit_id
  where n.campaign_id = campaigns.id and n.status <> 'draft' and n.parent_id is null order by u.depth, n.id limit 1)`);

const campaignColumns = {
  id: campaigns.id,
  year: campaigns.year,
  name: campaigns.name,
  theme: sql<string | null>`coalesce(${campaigns.theme}, ${topNotice('theme')})`,
  periodStart: campaigns.periodStart,
  periodEnd: campaigns.periodEnd,
  slogans: sql<
    string[]
  >`case when jsonb_array_length(${campaigns.slogans}) > 0 then ${campaigns.slogans} else coalesce(${topNotice('slogans')}, '[]'::jsonb) end`,
};

/** Newest first; in one year, the campaign of the highest unit (the national one) first. */
const campaignOrder = [
  sql`${campaigns.year} desc`,
  sql`(select u.depth from units u where u.id = ${campaigns.ownerUnitId})`,
  asc(campaigns.id),
];

export function listPublicCampaigns(db: DbOrTx): Promise<PublicCampaignRow[]> {
  return db
    .select(campaignColumns)
    .from(campaigns)
    .where(hasIssuedNotice)
    .orderBy(...campaignOrder);
}

export async function findPublicCampaign(db: DbOrTx, id: number): Promise<PublicCampaignRow | undefined> {
  return (
    await db
      .select(campaignColumns)
      .from(campaigns)
      .where(and(eq(campaigns.id, id), hasIssuedNotice))
      .limit(1)
  )[0];
}

export interface PublicPosterRow {
  id: number;
  caption: string | null;
  width: number | null;
  height: number | null;
}

export function listPosters(db: DbOrTx, campaignId: number): Promise<PublicPosterRow[]> {
  return db
    .select({ id: attachments.id, caption: attachments.caption, width: files.width, height: files.height })
    .from(attachments)
    .innerJoin(files, eq(files.id, attachments.fileId))
    .where(
      and(
        eq(attachments.ownerType, 'campaign'),
        eq(attachments.ownerId, campaignId),
        eq(attachments.role, 'poster'),
        eq(files.kind, 'image'),
      ),
    )
    .orderBy(asc(attachments.sortOrder), asc(attachments.id));
}

export async function countPublicActivities(db: DbOrTx, campaignId: number): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(activities)
    .innerJoin(notices, eq(notices.id, activities.noticeId))
    .innerJoin(units, eq(units.id, activities.unitId))
    .where(
      and(
        eq(activities.isPublic, true),
        eq(notices.campaignId, campaignId),
        ne(notices.status, 'draft'),
        eq(units.active, true),
      ),
    );
  return Number(rows[0]?.n ?? 0);
}

export interface PublicActivityFilter {
  campaignId: number;
  /** A region: activities of units in its office's subtree (path prefix), or whose region text names it. */
  region?: { unitPath: string | null; names: string[] } | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

export interface PublicActivityRow {
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

const like = (s: string): string => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listPublicActivities(
  db: DbOrTx,
  f: PublicActivityFilter,
): Promise<{ rows: PublicActivityRow[]; total: number }> {
  const where: SQL[] = [
    eq(activities.isPublic, true),
    eq(notices.campaignId, f.campaignId),
    ne(notices.status, 'draft'),
    eq(units.active, true),
  ];
  if (f.region) {
    const either: SQL[] = f.region.names.map((n) => sql`${activities.region} like ${like(n)}`);
    if (f.region.unitPath) either.push(sql`${units.path} like ${`${f.region.unitPath}%`}`);
    where.push(either.length > 0 ? sql`(${sql.join(either, sql` or `)})` : sql`false`);
  }
  // A date range matches the activities that overlap it.
  if (f.from) where.push(sql`coalesce(${activities.endOn}, ${activities.startOn}) >= ${f.from}`);
  if (f.to) where.push(sql`${activities.startOn} <= ${f.to}`);
  if (f.q) {
    const q = like(f.q);
    where.push(sql`(${activities.title} ilike ${q} or ${activities.place} ilike ${q} or ${activities.organiser} ilike ${q} or ${activities.region} ilike ${q}
      or ${activities.description} ilike ${q} or ${activities.audience} ilike ${q} or ${units.name} ilike ${q})`);
  }
  const rows = await db
    .select({
      id: activities.id,
      title: activities.title,
      category: activities.category,
      startOn: activities.startOn,
      endOn: activities.endOn,
      region: activities.region,
      place: activities.place,
      organiser: activities.organiser,
      audience: activities.audience,
      description: activities.description,
      unitName: units.name,
      total: sql<number>`count(*) over ()`,
    })
    .from(activities)
    .innerJoin(notices, eq(notices.id, activities.noticeId))
    .innerJoin(units, eq(units.id, activities.unitId))
    .where(and(...where))
    .orderBy(sql`${activities.startOn} asc nulls last`, asc(activities.id))
    .limit(f.limit)
    .offset(f.offset);
  const total = rows.length > 0 ? Number(rows[0]?.total ?? 0) : f.offset > 0 ? await countOnly(db, where) : 0;
  return { rows: rows.map(({ total: _t, ...r }) => r), total };
}

/** The total when the page asked for lies past the end. */
async function countOnly(db: DbOrTx, where: SQL[]): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(activities)
    .innerJoin(notices, eq(notices.id, activities.noticeId))
    .innerJoin(units, eq(units.id, activities.unitId))
    .where(and(...where));
  return Number(rows[0]?.n ?? 0);
}

/** The office of a region by its division code (its subtree holds the region's units). */
export async function regionOfficePath(db: DbOrTx, divisionCode: string): Promise<string | null> {
  const rows = await db
    .select({ path: units.path })
    .from(units)
    .where(and(eq(units.divisionCode, divisionCode), eq(units.active, true)))
    .limit(1);
  return rows[0]?.path ?? null;
}
