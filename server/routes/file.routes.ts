import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { ctxOf } from '../http/auth-hooks.ts';
import { publicPoster, requireReadableFile } from '../services/attachment.service.ts';
import { openContent, openThumbnail, type StoredFile } from '../services/file.service.ts';
import type { AppDeps } from '../services/service-context.ts';

const rfc5987 = (value: string): string =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** inline or attachment, with the Chinese name (RFC 5987) and an ASCII fallback for old clients. */
export function dispositionOf(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]+/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${rfc5987(fileName)}`;
}

/** One "bytes=a-b" range (also "a-" and "-n"); undefined = whole file; null = not satisfiable. */
export function parseRange(value: string | undefined, size: number): { start: number; end: number } | undefined | null {
  if (!value) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!m) return undefined; // several ranges or another unit: answer the whole file
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  let start: number;
  let end: number;
  if (a === '') {
    start = Math.max(0, size - Number(b));
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start > end || start >= size) return null;
  return { start, end };
}

async function sendFile(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  f: StoredFile,
  download: boolean,
  cache = 'private, no-cache',
): Promise<FastifyReply> {
  const etag = `"${f.sha256 ?? f.id}"`;
  const inline = !download && (f.kind === 'image' || f.kind === 'video');
  reply
    .header('accept-ranges', 'bytes')
    .header('etag', etag)
    .header('cache-control', cache)
    .header('content-disposition', dispositionOf(inline ? 'inline' : 'attachment', f.originalName))
    .type(f.mimeType);
  if (request.headers['if-none-match'] === etag) return reply.status(304).send();
  const range = parseRange(request.headers.range, f.size);
  if (range === null) return reply.status(416).header('content-range', `bytes */${f.size}`).send();
  if (range) {
    return reply
      .status(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${f.size}`)
      .header('content-length', range.end - range.start + 1)
      .send(await openContent(deps, f, range));
  }
  return reply.header('content-length', f.size).send(await openContent(deps, f));
}

const fileParams = z.strictObject({ id: z.string().min(1).max(64) });

export const fileRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/files/:id/content',
      {
        schema: {
          tags: ['files'],
          summary: '下载文件（支持 Range；图片、视频直接显示，其他文件下载）',
          params: fileParams,
          querystring: z.strictObject({ download: z.enum(['0', '1']).optional() }),
        },
      },
      async (request, reply) => {
        const f = await requireReadableFile(deps, ctxOf(request), request.params.id);
        return sendFile(deps, request, reply, f, request.query.download === '1');
      },
    );

    app.get(
      '/api/files/:id/thumbnail',
      {
        schema: { tags: ['files'], summary: '图片缩略图（JPEG，最长边 360 像素）', params: fileParams },
      },
      async (request, reply) => {
        const f = await requireReadableFile(deps, ctxOf(request), request.params.id);
        const thumb = await openThumbnail(deps, f);
        if (!thumb) throw new DomainError('FILE_NOT_FOUND');
        return reply.type('image/jpeg').header('cache-control', 'private, max-age=86400').send(thumb);
      },
    );

    app.get(
      '/api/public/posters/:attachmentId',
      {
        config: { public: true },
        schema: {
          tags: ['public'],
          summary: '活动宣传海报（公开，无需登录；?thumb=1 为缩略图）',
          params: z.strictObject({ attachmentId: z.coerce.number().int().positive() }),
          querystring: z.strictObject({ thumb: z.enum(['0', '1']).optional() }),
        },
      },
      async (request, reply) => {
        const f = await publicPoster(deps, request.params.attachmentId);
        if (request.query.thumb === '1') {
          const thumb = await openThumbnail(deps, f);
          if (!thumb) throw new DomainError('FILE_NOT_FOUND');
          return reply.type('image/jpeg').header('cache-control', 'public, max-age=3600').send(thumb);
        }
        return sendFile(deps, request, reply, f, false, 'public, max-age=3600');
      },
    );
  };
