import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formChoices, formDefinition } from '../services/form.service.ts';
import type { AppDeps } from '../services/service-context.ts';

export const formRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/forms',
      {
        schema: {
          tags: ['forms'],
          summary: '可选用的统计表（每张表的最新版本），及为该活动的新通知预选的一张',
          querystring: z.strictObject({ campaignId: z.coerce.number().int().positive().optional() }),
        },
      },
      async (request) => formChoices(deps, request.query.campaignId),
    );
    app.get(
      '/api/forms/:code',
      {
        schema: {
          tags: ['forms'],
          summary: '统计表定义（指标、分组、规则），用于按印刷样式预览',
          params: z.strictObject({ code: z.string().min(1).max(60) }),
          querystring: z.strictObject({ version: z.coerce.number().int().positive().optional() }),
        },
      },
      async (request) => formDefinition(deps, request.params.code, request.query.version),
    );
  };
