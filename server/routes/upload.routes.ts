import type { IncomingMessage } from 'node:http';
import { Server as TusServer, type Upload } from '@tus/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { ctxOf } from '../http/auth-hooks.ts';
import { decodeCleanUtf8 } from '../http/text-guard.ts';
import { stagingFor, UPLOAD_ID, UPLOADER_KEY } from '../services/file-staging.ts';
import { checkDeclaredUpload, finishUpload, maxUploadBytes } from '../services/file.service.ts';
import type { AppDeps } from '../services/service-context.ts';

const header = (request: FastifyRequest, name: string): string | undefined => {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** tus Upload-Metadata: comma-separated "key base64value" pairs. */
function parseMetadata(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (raw ?? '').split(',')) {
    const [key, value = ''] = pair.trim().split(' ');
    if (!key) continue;
    if (!/^[A-Za-z0-9_.-]+$/.test(key) || !/^[A-Za-z0-9+/=]*$/.test(value))
      throw new DomainError('VALIDATION_FAILED', { summary: 'Upload-Metadata 格式不正确' });
    out[key] = decodeCleanUtf8(Buffer.from(value, 'base64'), 'header');
  }
  return out;
}

/**
 * Resumable uploads (tus 1.0, @tus/server 2 with the file store in DATA_DIR/uploads). Our session and CSRF hooks
 * run first (tus-js-client sends x-csrf-token). Before any byte arrives the declared name and length are
 * checked against the limits; an upload belongs to its user, who may resume it from any tab or session, and is
 * invisible (404) to everyone else. After the last byte the client finishes it: POST /api/files {uploadId}.
 */
export const uploadRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const staging = stagingFor(deps);
    const uploaderOf = new WeakMap<IncomingMessage, number>();
    const tus = new TusServer({
      path: '/api/uploads',
      datastore: staging.store,
      relativeLocation: true,
      maxSize: maxUploadBytes(deps),
      // The uploader comes from our session, never from the client's metadata.
      onUploadCreate: (req, upload: Upload) => {
        const raw = (req.runtime as { node?: { req?: IncomingMessage } } | undefined)?.node?.req;
        const userId = raw ? uploaderOf.get(raw) : undefined;
        if (userId === undefined) return Promise.reject(new Error('upload without a session'));
        return Promise.resolve({ metadata: { ...upload.metadata, [UPLOADER_KEY]: String(userId) } });
      },
    });

    // PATCH bodies go to tus untouched (streamed into the store, never buffered here).
    app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => {
      done(null);
    });

    const handOver = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      uploaderOf.set(request.raw, ctxOf(request).actor.userId);
      reply.hijack();
      await tus.handle(request.raw, reply.raw);
    };

    app.post(
      '/api/uploads',
      {
        schema: {
          tags: ['files'],
          summary: '创建断点续传上传（tus 1.0）',
          description:
            '请求头 Tus-Resumable: 1.0.0、Upload-Length、Upload-Metadata（filename、filetype，base64）。在接收任何字节前按扩展名检查类型与大小上限（图片/文档 UPLOAD_MAX_IMAGE_MB，视频 UPLOAD_MAX_VIDEO_MB）。',
        },
      },
      async (request, reply) => {
        ctxOf(request);
        if (header(request, 'upload-defer-length'))
          throw new DomainError('VALIDATION_FAILED', { summary: '上传前须声明文件大小（Upload-Length）' });
        const lengthRaw = header(request, 'upload-length');
        const length = lengthRaw && /^\d{1,15}$/.test(lengthRaw) ? Number(lengthRaw) : NaN;
        if (!Number.isFinite(length))
          throw new DomainError('VALIDATION_FAILED', { summary: '缺少或无效的 Upload-Length' });
        const meta = parseMetadata(header(request, 'upload-metadata'));
        const name = (meta.filename ?? meta.name ?? '').trim();
        if (!name) throw new DomainError('VALIDATION_FAILED', { summary: 'Upload-Metadata 须包含文件名 filename' });
        if (name.length > 200) throw new DomainError('VALIDATION_FAILED', { summary: '文件名过长（最多 200 个字符）' });
        checkDeclaredUpload(deps, name, length);
        // Body bytes with the creation request would skip the checks above.
        if (Number(header(request, 'content-length') ?? 0) > 0)
          throw new DomainError('VALIDATION_FAILED', { summary: '创建上传时不接收文件内容，请随后以 PATCH 发送' });
        await handOver(request, reply);
      },
    );

    const idParams = z.strictObject({ id: z.string() });
    // HEAD (offset, to resume), PATCH (bytes), DELETE (cancel): only the uploader, from any session.
    app.route({
      method: ['HEAD', 'PATCH', 'DELETE'],
      url: '/api/uploads/:id',
      schema: {
        tags: ['files'],
        summary: '续传（HEAD 查询已收到的字节数，PATCH 追加，DELETE 取消）',
        params: idParams,
      },
      handler: async (request, reply) => {
        const { actor } = ctxOf(request);
        const { id } = request.params;
        const upload = UPLOAD_ID.test(id) ? await staging.find(id) : undefined;
        if (upload?.metadata?.[UPLOADER_KEY] !== String(actor.userId)) throw new DomainError('UPLOAD_NOT_FOUND');
        await handOver(request, reply);
      },
    });

    app.post(
      '/api/files',
      {
        schema: {
          tags: ['files'],
          summary: '完成上传：按内容识别类型、校验、生成缩略图，返回文件',
          body: z.strictObject({ uploadId: z.string().regex(UPLOAD_ID, '无效的上传编号') }),
        },
      },
      async (request) => finishUpload(deps, ctxOf(request), request.body.uploadId),
    );
  };
