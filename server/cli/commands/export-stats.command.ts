import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq, or } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors/domain-error.ts';
import { normaliseNoticeDocNumber } from '../../../domain/notices/cascade-rules.ts';
import type { Actor } from '../../../domain/policies/actor.ts';
import { STATS_LAYOUTS, type RollupBy, type StatsLayout } from '../../../domain/rollup/rollup.ts';
import { pathIds } from '../../../domain/units/unit.ts';
import * as notices from '../../db/repositories/notice.repository.ts';
import { units } from '../../db/schema.ts';
import { AuditSealer } from '../../jobs/audit-sealer.ts';
import type { AppDeps, RequestCtx } from '../../services/service-context.ts';
import { reportWorkbook, rollupFile } from '../../services/stats-export.service.ts';
import { localStorageIn } from '../../storage/local-disk.storage.ts';
import { CliUsageError, type CliCommand } from '../cli-command.ts';

const BY: readonly RollupBy[] = ['child', 'province', 'prefecture', 'county'];

export const exportStatsCommand: CliCommand = {
  words: ['export', 'stats'],
  usage:
    'export stats --doc "<文号>" [--unit "<单位名称或区划代码>"] [--rollup] [--by child|province|prefecture|county] [--layout indicators|units] --out FILE.xlsx|FILE.csv',
  async run(ctx) {
    const doc = typeof ctx.flags.doc === 'string' ? ctx.flags.doc : undefined;
    const out = typeof ctx.flags.out === 'string' ? ctx.flags.out : undefined;
    const by = (typeof ctx.flags.by === 'string' ? ctx.flags.by : 'child') as RollupBy;
    if (!doc || !out) throw new CliUsageError('需要 --doc "<文号>" 和 --out FILE.xlsx');
    if (!BY.includes(by)) throw new CliUsageError(`--by 只能是 ${BY.join('、')}`);
    // Indicators as rows or units as rows; by default units as rows above 12 units.
    const layout = typeof ctx.flags.layout === 'string' ? (ctx.flags.layout as StatsLayout) : undefined;
    if (ctx.flags.layout !== undefined && (!layout || !STATS_LAYOUTS.includes(layout)))
      throw new CliUsageError(`--layout 只能是 ${STATS_LAYOUTS.join('、')}（指标为行、单位为行）`);
    const database = await ctx.database();
    const { db } = database;
    const matches = await notices.findByDocNumber(db, normaliseNoticeDocNumber(doc) ?? doc);
    const notice = matches[0];
    if (!notice) throw new DomainError('NOTICE_NOT_FOUND');
    if (matches.length > 1) {
      ctx.err(`文号“${doc}”对应 ${matches.length} 份通知：${matches.map((m) => m.issuerName).join('、')}`);
      return 1;
    }

    let unitId = notice.issuerUnitId;
    if (typeof ctx.flags.unit === 'string') {
      const term = ctx.flags.unit;
      const found = await db
        .select({ id: units.id, name: units.name, path: units.path })
        .from(units)
        .where(or(eq(units.name, term), eq(units.divisionCode, term)));
      if (found.length === 0) throw new DomainError('UNIT_NOT_FOUND');
      if (found.length > 1) {
        const names = await notices.unitNames(db, [...new Set(found.flatMap((u) => pathIds(u.path)))]);
        ctx.err(
          `有 ${found.length} 个单位名为“${term}”，请改用行政区划代码：\n${found
            .map(
              (u) =>
                `  ${pathIds(u.path)
                  .map((id) => names.get(id)?.name ?? '')
                  .join(' / ')}`,
            )
            .join('\n')}`,
        );
        return 1;
      }
      unitId = found[0]?.id ?? unitId;
    }

    // The CLI is an administrator's tool: it reads as the national office's reviewer.
    const root = (await db.select({ id: units.id, path: units.path }).from(units).where(eq(units.depth, 0)))[0];
    const actor: Actor = {
      userId: 0,
      username: 'cli',
      displayName: '命令行',
      unitId: root?.id ?? 0,
      grants: root ? [{ unitId: root.id, unitPath: root.path, role: 'reviewer' }] : [],
    };
    const rctx: RequestCtx = { actor, ip: null };
    const sealer = new AuditSealer(db, ctx.env.AUDIT_HASH, () => undefined);
    sealer.stop();
    const deps: AppDeps = { database, env: ctx.env, sealer, storage: localStorageIn(ctx.env.dataDir) };

    let file: Buffer;
    if (ctx.flags.rollup === true) {
      // A unit below the issuer: roll up its own node (the notice it forwarded in this cascade).
      const target =
        unitId === notice.issuerUnitId
          ? notice
          : (await notices.subtree(db, notice)).find((n) => n.issuerUnitId === unitId);
      if (!target) throw new DomainError('NOTICE_NOT_FOUND');
      // FILE.csv writes a row per unit as CSV (UTF-8 with BOM), as the UI's 导出 CSV.
      ({ file } = await rollupFile(deps, rctx, target.id, {
        by,
        status: 'submitted',
        format: out.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx',
        layout,
      }));
    } else {
      // A unit's own table: under this notice, or for the issuer under the notice above it.
      const recipients = (await notices.recipientsOf(db, [notice.id])).get(notice.id) ?? [];
      const noticeId = recipients.some((r) => r.unitId === unitId)
        ? notice.id
        : unitId === notice.issuerUnitId && notice.parentId
          ? notice.parentId
          : null;
      if (noticeId === null) throw new DomainError('REPORT_NOT_RECIPIENT');
      ({ file } = await reportWorkbook(deps, rctx, noticeId, unitId));
    }
    // Written beside the target and renamed, so an interrupted export leaves no half file.
    const tmp = path.join(path.dirname(path.resolve(out)), `.${path.basename(out)}.${process.pid}.tmp`);
    try {
      writeFileSync(tmp, file);
      renameSync(tmp, out);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw new CliUsageError(`无法写入 ${out}：${err instanceof Error ? err.message : String(err)}`);
    }
    ctx.err(`已导出 ${out}`);
    return 0;
  },
};
