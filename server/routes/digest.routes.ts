import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../http/auth-hooks.ts';
import { compileDigest, digestFile } from '../services/digest.service.ts';
import { contentDisposition } from '../http/content-disposition.ts';
import type { AppDeps } from '../services/service-context.ts';

const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
const query = z.strictObject({
  kind: z.enum(['regions', 'departments']).default('regions'),
  /** The office whose children are compiled (default: the user's unit); within the user's own branch. */
  unitId: z.coerce.number().int().positive().optional(),
});
const docxQuery = query.extend({
  /**
   * Units without activities are left out of the document (the office sees them on the page) unless the office
   * names them with its own lead-in, e.g. 截至10月10日，以下单位尚未报送活动情况：
   */
  missingLead: z.string().trim().min(1).max(200).optional(),
});

export const digestRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/notices/:id/digest',
      {
        schema: {
          tags: ['digest'],
          summary: '活动汇编预览：各地（regions）或各部门（departments）开展的主要活动',
          params: idParams,
          querystring: query,
        },
      },
      async (request) =>
        compileDigest(deps, ctxOf(request), request.params.id, request.query.kind, request.query.unitId),
    );
    app.get(
      '/api/notices/:id/digest.docx',
      {
        schema: {
          tags: ['digest'],
          summary: '活动汇编 .docx（可编辑后使用；未登记活动的单位不写入，除非以 missingLead 用本单位的措辞列出）',
          params: idParams,
          querystring: docxQuery,
        },
      },
      async (request, reply) => {
        const { file, fileName } = await digestFile(
          deps,
          ctxOf(request),
          request.params.id,
          request.query.kind,
          request.query.unitId,
          request.query.missingLead,
        );
        return reply
          .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
          .header('content-disposition', contentDisposition(fileName))
          .header('cache-control', 'private, no-store')
          .send(file);
      },
    );
  };
