import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { ctxOf } from '../http/auth-hooks.ts';
import { assertCleanText } from '../http/text-guard.ts';
import { SPREADSHEET_MAX_MB, uploadedFile } from '../http/upload.ts';
import { bulkImportStats, type UploadedTable } from '../services/report-bulk-import.ts';
import { contentDisposition } from '../http/content-disposition.ts';
import type { AppDeps } from '../services/service-context.ts';
import { importStatsXlsx } from '../services/report-import.service.ts';
import { reportWorkbook } from '../services/stats-export.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_FILES = 200;

/** Several uploaded spreadsheets and the form fields of one multipart request. */
async function uploadedTables(
  request: FastifyRequest,
): Promise<{ files: UploadedTable[]; fields: Record<string, string> }> {
  if (!request.isMultipart())
    throw new DomainError('VALIDATION_FAILED', { summary: '请以 multipart/form-data 上传文件' });
  const files: UploadedTable[] = [];
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts({
      limits: { fileSize: SPREADSHEET_MAX_MB * 1024 * 1024, files: MAX_FILES },
    })) {
      if (part.type === 'file') {
        assertCleanText(part.filename, 'fileName');
        files.push({ fileName: part.filename, buffer: await part.toBuffer() });
      } else if (typeof part.value === 'string') {
        assertCleanText(part.value, 'body');
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'FST_REQ_FILE_TOO_LARGE')
      throw new DomainError('PAYLOAD_TOO_LARGE', { limit: `${SPREADSHEET_MAX_MB} MB` });
    if (err instanceof Error && 'code' in err && err.code === 'FST_FILES_LIMIT')
      throw new DomainError('REPORT_BULK_TOO_MANY', { max: MAX_FILES });
    throw err;
  }
  return { files, fields };
}

const noticeUnit = z.strictObject({
  id: z.coerce.number().int().positive(),
  unitId: z.coerce.number().int().positive(),
});

export const reportExportRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/notices/:id/reports/:unitId/xlsx',
      {
        schema: { tags: ['reports'], summary: '导出本单位统计表 .xlsx（按纸质表样式）', params: noticeUnit },
      },
      async (request, reply) => {
        const { file, fileName } = await reportWorkbook(deps, ctxOf(request), request.params.id, request.params.unitId);
        return reply
          .header('content-type', XLSX)
          .header('content-disposition', contentDisposition(fileName))
          .header('cache-control', 'private, no-store')
          .send(file);
      },
    );

    app.post(
      '/api/notices/:id/reports/:unitId/xlsx',
      {
        schema: {
          tags: ['reports'],
          summary: '导入统计表 .xlsx 到草稿（version 为当前版本；返回报表及逐格问题）',
          consumes: ['multipart/form-data'],
          params: noticeUnit,
          querystring: z.strictObject({ version: z.coerce.number().int().min(0) }),
        },
      },
      async (request) => {
        const { buffer } = await uploadedFile(request, SPREADSHEET_MAX_MB);
        return importStatsXlsx(
          deps,
          ctxOf(request),
          request.params.id,
          request.params.unitId,
          request.query.version,
          buffer,
        );
      },
    );

    app.post(
      '/api/notices/:id/reports/bulk-xlsx',
      {
        schema: {
          tags: ['reports'],
          consumes: ['multipart/form-data'],
          params: z.strictObject({ id: z.coerce.number().int().positive() }),
          summary:
            '批量导入报表：多个 .xlsx（每单位一个文件，或每单位一个工作表），按填报单位代填报为草稿（submit=true 时直接提交）；返回逐表结果',
        },
      },
      async (request) => {
        const { files, fields } = await uploadedTables(request);
        return bulkImportStats(deps, ctxOf(request), request.params.id, files, fields.submit === 'true');
      },
    );
  };
