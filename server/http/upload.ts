import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { assertCleanText } from './text-guard.ts';

export const SPREADSHEET_MAX_MB = 10;

/** The single uploaded file of a multipart request, fully read (spreadsheets are small). */
export async function uploadedFile(
  request: FastifyRequest,
  maxMb: number,
): Promise<{ buffer: Buffer; fileName: string }> {
  if (!request.isMultipart())
    throw new DomainError('VALIDATION_FAILED', { summary: '请以 multipart/form-data 上传文件' });
  const part = await request.file({ limits: { fileSize: maxMb * 1024 * 1024, files: 1 } });
  if (!part) throw new DomainError('VALIDATION_FAILED', { summary: '没有收到文件' });
  assertCleanText(part.filename, 'fileName');
  for (const field of Object.values(part.fields)) {
    const fields = Array.isArray(field) ? field : [field];
    for (const f of fields)
      if (f && f.type === 'field' && typeof f.value === 'string') assertCleanText(f.value, 'body');
  }
  const buffer = await part.toBuffer().catch((err: unknown) => {
    if (err instanceof Error && 'code' in err && err.code === 'FST_REQ_FILE_TOO_LARGE')
      throw new DomainError('PAYLOAD_TOO_LARGE', { limit: `${maxMb} MB` });
    throw err;
  });
  return { buffer, fileName: part.filename };
}
