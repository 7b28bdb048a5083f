import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../http/auth-hooks.ts';
import * as progress from '../services/progress.service.ts';
import type { AppDeps } from '../services/service-context.ts';

const noticeUnit = z.strictObject({
  id: z.coerce.number().int().positive(),
  unitId: z.coerce.number().int().positive(),
});
const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
const text = z.string().max(20_000);
const fields = {
  reportedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  progress: text,
  results: text,
  problems: text,
  suggestions: text,
};

export const progressRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/notices/:id/units/:unitId/progress',
      { schema: { tags: ['progress'], summary: '某单位的进展情况（按日期排列）', params: noticeUnit } },
      async (request) => progress.listProgress(deps, ctxOf(request), request.params.id, request.params.unitId),
    );
    app.post(
      '/api/notices/:id/units/:unitId/progress',
      {
        schema: {
          tags: ['progress'],
          summary: '新增进展情况（进展情况、取得实效、存在问题、相关建议）',
          params: noticeUnit,
          body: z.strictObject({
            reportedOn: fields.reportedOn,
            progress: text.default(''),
            results: text.default(''),
            problems: text.default(''),
            suggestions: text.default(''),
          }),
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await progress.createProgress(deps, ctxOf(request), request.params.id, request.params.unitId, request.body),
          ),
    );
    app.patch(
      '/api/progress/:id',
      {
        schema: {
          tags: ['progress'],
          summary: '修改进展情况（须带 version）',
          params: idParams,
          body: z.strictObject({ version: z.number().int().min(1), ...z.strictObject(fields).partial().shape }),
        },
      },
      async (request) => {
        const { version, ...rest } = request.body;
        return progress.updateProgress(
          deps,
          ctxOf(request),
          request.params.id,
          version,
          Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
        );
      },
    );
    app.delete(
      '/api/progress/:id',
      {
        schema: {
          tags: ['progress'],
          summary: '删除进展情况',
          params: idParams,
          querystring: z.strictObject({ version: z.coerce.number().int().min(1) }),
        },
      },
      async (request, reply) => {
        await progress.deleteProgress(deps, ctxOf(request), request.params.id, request.query.version);
        return reply.code(204).send();
      },
    );
  };
