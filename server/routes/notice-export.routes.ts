import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../http/auth-hooks.ts';
import { contentDisposition } from '../http/content-disposition.ts';
import { exportNoticeDocx } from '../services/notice-export.service.ts';
import type { AppDeps } from '../services/service-context.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const idParams = z.strictObject({ id: z.coerce.number().int().positive() });

export const noticeExportRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/notices/:id/docx',
      {
        schema: { tags: ['notices'], summary: '导出公文格式 .docx（GB/T 9704-2012）', params: idParams },
      },
      async (request, reply) => {
        // Access is checked before anything is written: a notice the user may not see is a 404 JSON error, never a file.
        const { fileName, data } = await exportNoticeDocx(deps, ctxOf(request), request.params.id);
        return reply
          .header('content-type', DOCX)
          .header('content-disposition', contentDisposition(fileName))
          .header('cache-control', 'private, no-store')
          .send(data);
      },
    );
  };
