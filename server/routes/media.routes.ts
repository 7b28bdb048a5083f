import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../http/auth-hooks.ts';
import { mediaZip } from '../services/media-zip.service.ts';
import type { AppDeps } from '../services/service-context.ts';
import { dispositionOf } from './file.routes.ts';

export const mediaRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/notices/:id/media.zip',
      {
        schema: {
          tags: ['files'],
          summary: '下载图片视频包（按单位分文件夹，附 清单.xlsx；流式生成）',
          params: z.strictObject({ id: z.coerce.number().int().positive() }),
          querystring: z.strictObject({ status: z.enum(['submitted', 'accepted']).default('submitted') }),
        },
      },
      async (request, reply) => {
        const { fileName, count, stream } = await mediaZip(
          deps,
          ctxOf(request),
          request.params.id,
          request.query.status,
        );
        return reply
          .type('application/zip')
          .header('content-disposition', dispositionOf('attachment', fileName))
          .header('cache-control', 'private, no-store')
          .header('x-media-count', String(count))
          .send(stream);
      },
    );
  };
