import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../http/auth-hooks.ts';
import * as cases from '../services/case.service.ts';
import type { AppDeps } from '../services/service-context.ts';

const noticeUnit = z.strictObject({
  id: z.coerce.number().int().positive(),
  unitId: z.coerce.number().int().positive(),
});
const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
const fields = {
  title: z.string().max(1000),
  category: z.string().max(1000).nullable(),
  html: z.string().max(200_000),
};

export const caseRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/notices/:id/units/:unitId/cases',
      { schema: { tags: ['cases'], summary: '某单位的典型案例，及其推荐上报的下级案例', params: noticeUnit } },
      async (request) => cases.listCases(deps, ctxOf(request), request.params.id, request.params.unitId),
    );
    app.post(
      '/api/notices/:id/units/:unitId/cases',
      {
        schema: {
          tags: ['cases'],
          summary: '新增典型案例（正文为富文本，服务端清洗）',
          params: noticeUnit,
          body: z.strictObject({ ...fields, category: fields.category.default(null) }),
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await cases.createCase(deps, ctxOf(request), request.params.id, request.params.unitId, request.body)),
    );
    app.patch(
      '/api/cases/:id',
      {
        schema: {
          tags: ['cases'],
          summary: '修改典型案例（须带 version）',
          params: idParams,
          body: z.strictObject({ version: z.number().int().min(1), ...z.strictObject(fields).partial().shape }),
        },
      },
      async (request) => {
        const { version, ...rest } = request.body;
        return cases.updateCase(
          deps,
          ctxOf(request),
          request.params.id,
          version,
          Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
        );
      },
    );
    app.delete(
      '/api/cases/:id',
      {
        schema: {
          tags: ['cases'],
          summary: '删除典型案例（连同其照片）',
          params: idParams,
          querystring: z.strictObject({ version: z.coerce.number().int().min(1) }),
        },
      },
      async (request, reply) => {
        await cases.deleteCase(deps, ctxOf(request), request.params.id, request.query.version);
        return reply.code(204).send();
      },
    );
    app.post(
      '/api/cases/:id/recommend',
      {
        schema: {
          tags: ['cases'],
          summary: '推荐上报：收到该案例的上级单位将其列入本单位的上报材料',
          params: idParams,
        },
      },
      async (request) => cases.setRecommended(deps, ctxOf(request), request.params.id, true),
    );
    app.delete(
      '/api/cases/:id/recommend',
      { schema: { tags: ['cases'], summary: '取消推荐上报', params: idParams } },
      async (request) => cases.setRecommended(deps, ctxOf(request), request.params.id, false),
    );
  };
