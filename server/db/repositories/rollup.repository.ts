import { sql } from 'drizzle-orm';
import type { RollupBy, RollupStatusFilter } from '../../../domain/rollup/rollup.ts';
import type { DbOrTx } from '../tx.ts';

export interface KeyedSums {
  key: string;
  covered: number;
  values: number[];
}
export interface KeyedCount {
  key: string;
  expected: number;
}

const statuses = (filter: RollupStatusFilter): string[] =>
  filter === 'accepted' ? ['accepted'] : ['submitted', 'accepted'];

/**
 * The column key of a unit reached through a notice: 'u<unit>' for the root's own recipients,
 * 'n<notice>' for everything below a child's forwarded notice; or the unit's region at a level.
 */
function keyExpr(rootPath: string, by: RollupBy): ReturnType<typeof sql> {
  if (by === 'child') {
    return sql`case when x.npath = ${rootPath} then 'u' || x.unit_id else 'n' || split_part(substr(x.npath, ${rootPath.length + 1}), '/', 1) end`;
  }
  return sql`(select 'u' || a.id from units a where a.id = any(string_to_array(trim(both '/' from xu.path), '/')::int[]) and a.level = ${by} limit 1)`;
}

/** Only units inside a region (a unit's subtree), when drilling into one. */
const inRegion = (within: string | undefined): ReturnType<typeof sql> =>
  within ? sql`and xu.path like ${`${within}%`}` : sql``;

/**
 * Sums, in the database, each figure of the reports in a cascade per column key: one report per unit
 * (the channel nearest the root), only reports of the given form layout, only counted statuses.
 */
export async function sumsByKey(
  db: DbOrTx,
  rootPath: string,
  by: RollupBy,
  filter: RollupStatusFilter,
  form: { code: string; version: number; size: number } | null,
  within?: string,
): Promise<KeyedSums[]> {
  // Every counted report is covered (已报), with or without the table; only reports on this form version are summed.
  const matches = form ? sql`x.form_code = ${form.code} and x.form_version = ${form.version}` : sql`false`;
  const values = form?.size
    ? sql`array[${sql.join(
        Array.from(
          { length: form.size },
          (_, i) => sql`coalesce(sum(x.figures[${sql.raw(String(i + 1))}]) filter (where ${matches}), 0)::float8`,
        ),
        sql`, `,
      )}]`
    : sql`'{}'::float8[]`;
  const rows = await db.execute<{ key: string | null; covered: number; values: number[] }>(sql`
    with picked as (
      select distinct on (r.unit_id) r.unit_id, r.figures, r.status, r.form_code, r.form_version, n.path as npath
      from reports r join notices n on n.id = r.notice_id
      where n.path like ${`${rootPath}%`}
      order by r.unit_id, n.depth, n.id
    )
    select ${keyExpr(rootPath, by)} as key, count(*)::int as covered, ${values} as values
    from picked x join units xu on xu.id = x.unit_id
    where x.status = any(${sql.param(statuses(filter))}::text[]) ${inRegion(within)}
    group by 1`);
  return rows.rows
    .filter((r): r is KeyedSums => r.key !== null)
    .map((r) => ({ key: r.key, covered: r.covered, values: r.values.map(Number) }));
}

/** How many units each column expects: every recipient in the cascade, once. */
export async function expectedByKey(
  db: DbOrTx,
  rootPath: string,
  by: RollupBy,
  within?: string,
): Promise<KeyedCount[]> {
  const rows = await db.execute<{ key: string | null; expected: number }>(sql`
    with x as (
      select distinct on (nr.unit_id) nr.unit_id, n.path as npath
      from notice_recipients nr join notices n on n.id = nr.notice_id
      where n.path like ${`${rootPath}%`}
      order by nr.unit_id, n.depth, n.id
    )
    select ${keyExpr(rootPath, by)} as key, count(*)::int as expected from x join units xu on xu.id = x.unit_id where true ${inRegion(within)} group by 1`);
  return rows.rows.filter((r): r is KeyedCount => r.key !== null);
}

/** Reports in the cascade whose form layout differs from the roll-up's (they cannot be summed by position). */
export async function otherFormReports(
  db: DbOrTx,
  rootPath: string,
  formCode: string,
  formVersion: number,
): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from reports r join notices n on n.id = r.notice_id
    where n.path like ${`${rootPath}%`} and (r.form_code <> ${formCode} or r.form_version <> ${formVersion})`);
  return rows.rows[0]?.n ?? 0;
}
