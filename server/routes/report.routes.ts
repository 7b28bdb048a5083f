import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../http/auth-hooks.ts';
import * as reports from '../services/report.service.ts';
import { completeness, lateBoard } from '../services/completeness.service.ts';
import { contentDisposition } from '../http/content-disposition.ts';
import { rollupWorkbook } from '../services/stats-export.service.ts';
import { reviewQueue } from '../services/review-queue.service.ts';
import { STATS_LAYOUTS } from '../../domain/rollup/rollup.ts';
import { rollup } from '../services/rollup.service.ts';
import type { AppDeps } from '../services/service-context.ts';

const noticeUnit = z.strictObject({
  id: z.coerce.number().int().positive(),
  unitId: z.coerce.number().int().positive(),
});
const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
const version = z.number().int().min(0);
const region = z.coerce.number().int().positive().optional().describe('只看该地区（单位）内的单位，用于逐级下钻');
// Numbers only where numbers belong: a figure is a finite number or blank (null).
const figure = z.number({ error: '应为数字' }).finite().nullable();

export const reportRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/review-queue',
      {
        schema: {
          tags: ['reports'],
          summary: '待审核：本单位下发的通知中已提交待审核的报送和待处理的解锁申请（最早的在前）',
        },
      },
      async (request) => reviewQueue(deps, ctxOf(request)),
    );
    app.get(
      '/api/notices/:id/reports',
      {
        schema: {
          tags: ['reports'],
          summary: '填报进度（应报、未开始、草稿、已提交、已退回、已通过、逾期）',
          params: idParams,
        },
      },
      async (request) => completeness(deps, ctxOf(request), request.params.id),
    );
    app.get(
      '/api/notices/:id/late-board',
      {
        schema: {
          tags: ['reports'],
          summary: '逾期榜：整个下发链中逾期未报和逾期提交的单位及联系方式（最多 500 条，逾期最久的在前）',
          params: idParams,
        },
      },
      async (request) => lateBoard(deps, ctxOf(request), request.params.id),
    );

    app.get(
      '/api/notices/:id/reports/:unitId',
      { schema: { tags: ['reports'], summary: '某单位对该通知的填报', params: noticeUnit } },
      async (request) => reports.getReport(deps, ctxOf(request), request.params.id, request.params.unitId),
    );

    app.put(
      '/api/notices/:id/reports/:unitId',
      {
        schema: {
          tags: ['reports'],
          summary: '保存草稿（自动保存；新建时 version 为 0）',
          params: noticeUnit,
          body: z.strictObject({
            version,
            figures: z.array(figure).max(500),
            summary: z.string().max(200_000).nullable().optional(),
            explanation: z.string().max(5000).nullable().optional(),
            signature: z
              .strictObject({
                reporter: z.string().max(40).nullable(),
                reviewer: z.string().max(40).nullable(),
                phone: z.string().max(40).nullable(),
                date: z
                  .string()
                  .regex(/^\d{4}-\d{2}-\d{2}$/)
                  .nullable(),
              })
              .nullable()
              .optional(),
          }),
        },
      },
      async (request) =>
        reports.saveDraft(deps, ctxOf(request), request.params.id, request.params.unitId, request.body),
    );

    app.post(
      '/api/reports/:id/submit',
      { schema: { tags: ['reports'], summary: '提交', params: idParams, body: z.strictObject({ version }) } },
      async (request) => reports.submitReport(deps, ctxOf(request), request.params.id, request.body.version),
    );
    app.post(
      '/api/reports/:id/return',
      {
        schema: {
          tags: ['reports'],
          summary: '退回（须填原因；可对单项数据填写意见：指标代码 → 意见）',
          params: idParams,
          body: z.strictObject({
            version,
            reason: z.string().max(1000),
            figureComments: z.record(z.string().max(60), z.string().max(1000)).optional(),
          }),
        },
      },
      async (request) =>
        reports.returnReport(
          deps,
          ctxOf(request),
          request.params.id,
          request.body.version,
          request.body.reason,
          request.body.figureComments,
        ),
    );
    app.post(
      '/api/reports/:id/accept',
      {
        schema: { tags: ['reports'], summary: '审核通过（锁定）', params: idParams, body: z.strictObject({ version }) },
      },
      async (request) => reports.acceptReport(deps, ctxOf(request), request.params.id, request.body.version),
    );

    app.post(
      '/api/reports/:id/unlock-requests',
      {
        schema: {
          tags: ['reports'],
          summary: '申请解锁已通过的报表（须填原因，由发文单位审批）',
          params: idParams,
          body: z.strictObject({ reason: z.string().max(1000) }),
        },
      },
      async (request) => reports.requestUnlock(deps, ctxOf(request), request.params.id, request.body.reason),
    );
    app.get(
      '/api/notices/:id/unlock-requests',
      { schema: { tags: ['reports'], summary: '该通知报表的解锁申请（待审批在前）', params: idParams } },
      async (request) => reports.unlockRequestsOfNotice(deps, ctxOf(request), request.params.id),
    );
    app.post(
      '/api/unlock-requests/:id/approve',
      {
        schema: {
          tags: ['reports'],
          summary: '批准解锁：报表退回给填报单位修改后重新提交',
          params: idParams,
          body: z.strictObject({ note: z.string().max(1000).optional() }),
        },
      },
      async (request) => reports.decideUnlock(deps, ctxOf(request), request.params.id, true, request.body.note),
    );
    app.post(
      '/api/unlock-requests/:id/reject',
      {
        schema: {
          tags: ['reports'],
          summary: '驳回解锁申请（须填说明）',
          params: idParams,
          body: z.strictObject({ note: z.string().max(1000) }),
        },
      },
      async (request) => reports.decideUnlock(deps, ctxOf(request), request.params.id, false, request.body.note),
    );

    app.get(
      '/api/notices/:id/rollup',
      {
        schema: {
          tags: ['rollup'],
          summary: '实时汇总：合计、本级及按下级或地区分列（默认统计已提交和已通过）',
          params: idParams,
          querystring: z.strictObject({
            by: z.enum(['child', 'province', 'prefecture', 'county']).default('child'),
            status: z.enum(['submitted', 'accepted']).default('submitted'),
            region,
          }),
        },
      },
      async (request) =>
        rollup(deps, ctxOf(request), request.params.id, request.query.by, request.query.status, request.query.region),
    );

    app.get(
      '/api/notices/:id/rollup.xlsx',
      {
        schema: {
          tags: ['rollup'],
          summary: '汇总表 .xlsx（印刷版式：合计、本级和每个下级或地区；指标为行或单位为行，含已报/应报）',
          params: idParams,
          querystring: z.strictObject({
            by: z.enum(['child', 'province', 'prefecture', 'county']).default('child'),
            status: z.enum(['submitted', 'accepted']).default('submitted'),
            region,
            layout: z
              .enum(STATS_LAYOUTS)
              .optional()
              .describe(
                'indicators = 指标为行（每个单位一列）；units = 单位为行（汇总表）；默认超过 12 个单位时单位为行',
              ),
          }),
        },
      },
      async (request, reply) => {
        const { file, fileName } = await rollupWorkbook(
          deps,
          ctxOf(request),
          request.params.id,
          request.query.by,
          request.query.status,
          request.query.region,
          request.query.layout,
        );
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', contentDisposition(fileName))
          .header('cache-control', 'private, no-store')
          .send(file);
      },
    );
  };
