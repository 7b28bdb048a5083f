import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../http/auth-hooks.ts';
import { listAuditFor } from '../services/audit.service.ts';
import type { AppDeps } from '../services/service-context.ts';

export const auditRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/audit',
      {
        schema: {
          tags: ['audit'],
          summary: '审计日志（本单位及下级单位）',
          querystring: z.strictObject({
            action: z.string().max(64).optional(),
            actor: z.string().max(64).optional(),
            objectType: z.string().max(32).optional(),
            from: z.coerce.date().optional(),
            to: z.coerce.date().optional(),
            page: z.coerce.number().int().min(1).default(1),
            pageSize: z.coerce.number().int().min(1).max(200).default(50),
          }),
        },
      },
      async (request) => {
        const { page, pageSize, ...filters } = request.query;
        return listAuditFor(deps, ctxOf(request), { ...filters, limit: pageSize, offset: (page - 1) * pageSize });
      },
    );
  };
