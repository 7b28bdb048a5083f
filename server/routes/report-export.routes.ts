import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../http/auth-hooks.ts';
import { SPREADSHEET_MAX_MB, uploadedFile } from '../http/upload.ts';
import { contentDisposition } from '../services/notice-docx.ts';
import type { AppDeps } from '../services/service-context.ts';
import { importStatsXlsx } from '../services/stats-xlsx-import.ts';
import { reportWorkbook } from '../services/stats-export.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const noticeUnit = z.strictObject({ id: z.coerce.number().int().positive(), unitId: z.coerce.number().int().positive() });

export const reportExportRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/notices/:id/reports/:unitId/xlsx', {
    schema: { tags: ['reports'], summary: '导出本单位统计表 .xlsx（按纸质表样式）', params: noticeUnit },
  }, async (request, reply) => {
    const { file, fileName } = await reportWorkbook(deps, ctxOf(request), request.params.id, request.params.unitId);
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', contentDisposition(fileName))
      .header('cache-control', 'private, no-store')
      .send(file);
  });

  app.post('/api/notices/:id/reports/:unitId/xlsx', {
    schema: {
      tags: ['reports'], summary: '导入统计表 .xlsx 到草稿（version 为当前版本；返回报表及逐格问题）', consumes: ['multipart/form-data'],
      params: noticeUnit, querystring: z.strictObject({ version: z.coerce.number().int().min(0) }),
    },
  }, async (request) => {
    const { buffer } = await uploadedFile(request, SPREADSHEET_MAX_MB);
    return importStatsXlsx(deps, ctxOf(request), request.params.id, request.params.unitId, request.query.version, buffer);
  });
};
