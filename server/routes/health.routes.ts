import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { AppDeps } from '../services/service-context.ts';
import { readiness } from '../services/system.service.ts';

export const healthRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // Liveness, answered without a query: on PGlite a long query elsewhere must not make the node look dead.
    app.get(
      '/api/health',
      {
        config: { public: true },
        schema: {
          tags: ['system'],
          summary: '健康检查（存活，不查询数据库）',
          response: { 200: z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']) }) },
        },
      },
      async () => ({ status: 'ok' as const, db: deps.database.kind }),
    );

    // Readiness: the database answers and every migration of this build is applied (503 otherwise).
    app.get(
      '/api/ready',
      {
        config: { public: true },
        schema: {
          tags: ['system'],
          summary: '就绪检查（数据库可用且迁移已执行）',
          response: {
            200: z.object({
              status: z.literal('ready'),
              db: z.enum(['pglite', 'postgres']),
              migrations: z.object({ expected: z.number(), applied: z.number() }),
            }),
          },
        },
      },
      async () => {
        const r = await readiness(deps);
        if (!r.ready) throw new DomainError('NOT_READY', { reason: r.reason, migrations: r.migrations });
        return { status: 'ready' as const, db: r.db, migrations: r.migrations };
      },
    );
  };
