import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../http/auth-hooks.ts';
import * as jobs from '../services/export-job.service.ts';
import { contentDisposition } from '../http/content-disposition.ts';
import { previousYearRollup } from '../services/rollup.service.ts';
import { ROLLUP_MIME, rollupFile } from '../services/stats-export.service.ts';
import { STATS_LAYOUTS } from '../../domain/rollup/rollup.ts';
import type { AppDeps } from '../services/service-context.ts';

const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
const by = z.enum(['child', 'province', 'prefecture', 'county']).default('child');
const status = z.enum(['submitted', 'accepted']).default('submitted');
const region = z.coerce
  .number()
  .int()
  .positive()
  .optional()
  .describe('只导出该地区（单位）内的单位（页面下钻到的地区）');

/** Roll-up CSV and export jobs (the live roll-up and its .xlsx are in report.routes.ts). */
export const rollupRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/notices/:id/rollup.csv',
      {
        schema: {
          tags: ['rollup'],
          summary: '汇总表 CSV（每个单位一行：合计、本级、各下级或地区，已报、应报与各指标分列；UTF-8 带 BOM）',
          params: idParams,
          querystring: z.strictObject({ by, status, region }),
        },
      },
      async (request, reply) => {
        const { file, fileName } = await rollupFile(deps, ctxOf(request), request.params.id, {
          ...request.query,
          format: 'csv',
        });
        return reply
          .type(ROLLUP_MIME.csv)
          .header('content-disposition', contentDisposition(fileName))
          .header('cache-control', 'private, no-store')
          .send(file);
      },
    );

    app.get(
      '/api/notices/:id/rollup/previous-year',
      {
        schema: {
          tags: ['rollup'],
          summary: '上一年度同一发文单位相应通知的汇总合计（按指标代码，供同比）',
          params: idParams,
          querystring: z.strictObject({ status }),
        },
      },
      async (request) => previousYearRollup(deps, ctxOf(request), request.params.id, request.query.status),
    );

    app.post(
      '/api/notices/:id/rollup-exports',
      {
        schema: {
          tags: ['rollup'],
          summary: '后台导出汇总表（大表用）：立即返回任务，可查询进度、取消、完成后下载',
          params: idParams,
          body: z.strictObject({
            by,
            status,
            format: z.enum(['xlsx', 'csv']).default('xlsx'),
            region: z.number().int().positive().optional(),
            layout: z.enum(STATS_LAYOUTS).optional(),
          }),
        },
      },
      async (request, reply) =>
        reply
          .code(202)
          .send(await jobs.startRollupExport(deps, ctxOf(request), { noticeId: request.params.id, ...request.body })),
    );

    app.get(
      '/api/export-jobs',
      { schema: { tags: ['rollup'], summary: '我的导出任务（最新在前）' } },
      async (request) => ({ items: await jobs.listExportJobs(deps, ctxOf(request)) }),
    );

    app.get(
      '/api/export-jobs/:id',
      { schema: { tags: ['rollup'], summary: '导出任务的状态与进度', params: idParams } },
      async (request) => jobs.getExportJob(deps, ctxOf(request), request.params.id),
    );

    app.delete(
      '/api/export-jobs/:id',
      { schema: { tags: ['rollup'], summary: '取消导出（未完成的不留文件；已完成的删除文件）', params: idParams } },
      async (request) => jobs.cancelExportJob(deps, ctxOf(request), request.params.id),
    );

    app.get(
      '/api/export-jobs/:id/file',
      { schema: { tags: ['rollup'], summary: '下载导出完成的文件', params: idParams } },
      async (request, reply) => {
        const f = await jobs.openExportFile(deps, ctxOf(request), request.params.id);
        return reply
          .type(f.mimeType)
          .header('content-length', f.size)
          .header('content-disposition', contentDisposition(f.fileName))
          .header('cache-control', 'private, no-store')
          .send(f.stream);
      },
    );
  };
