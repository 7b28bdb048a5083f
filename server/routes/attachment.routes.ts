import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../http/auth-hooks.ts';
import {
  attach,
  detach,
  listAttachments,
  reorderAttachments,
  updateAttachment,
} from '../services/attachment.service.ts';
import { UPLOAD_ID } from '../services/file-staging.ts';
import type { AppDeps } from '../services/service-context.ts';

const ownerType = z.enum(['report', 'notice', 'campaign', 'activity', 'case']);
const role = z.enum(['photo', 'video', 'stamped_copy', 'attachment', 'original', 'poster', 'file']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const caption = z.string().trim().max(500, '说明不能超过 500 字');
const ownerParams = z.strictObject({ ownerType, ownerId: z.coerce.number().int().positive() });
const idParams = z.strictObject({ id: z.coerce.number().int().positive() });

/**
 * Attachments of reports (photo, video, stamped_copy), notices (attachment, original), campaigns (poster, file),
 * activities and typical cases (photo, video). Reading follows the owner; changing needs the owner editable.
 */
export const attachmentRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/attachments/:ownerType/:ownerId',
      {
        schema: {
          tags: ['files'],
          summary: '附件列表（按排序）',
          params: ownerParams,
          querystring: z.strictObject({ role: z.union([role, z.array(role)]).optional() }),
        },
      },
      async (request) => {
        const roles = request.query.role === undefined ? undefined : [request.query.role].flat();
        return listAttachments(deps, ctxOf(request), request.params.ownerType, request.params.ownerId, roles);
      },
    );

    app.post(
      '/api/attachments/:ownerType/:ownerId',
      {
        schema: {
          tags: ['files'],
          summary: '添加附件（fileId 为已完成上传的文件）',
          params: ownerParams,
          body: z.strictObject({
            role,
            fileId: z.string().regex(UPLOAD_ID, '无效的文件编号'),
            caption: caption.nullable().optional(),
            takenOn: isoDate.nullable().optional(),
          }),
        },
      },
      async (request, reply) => {
        const view = await attach(deps, ctxOf(request), { ...request.params, ...request.body });
        return reply.status(201).send(view);
      },
    );

    app.put(
      '/api/attachments/:ownerType/:ownerId/order',
      {
        schema: {
          tags: ['files'],
          summary: '调整附件顺序',
          params: ownerParams,
          body: z.strictObject({ ids: z.array(z.number().int().positive()).max(500) }),
        },
      },
      async (request) =>
        reorderAttachments(deps, ctxOf(request), request.params.ownerType, request.params.ownerId, request.body.ids),
    );

    app.patch(
      '/api/attachments/:id',
      {
        schema: {
          tags: ['files'],
          summary: '修改附件说明或拍摄日期',
          params: idParams,
          body: z.strictObject({ caption: caption.nullable().optional(), takenOn: isoDate.nullable().optional() }),
        },
      },
      async (request) => updateAttachment(deps, ctxOf(request), request.params.id, request.body),
    );

    app.delete(
      '/api/attachments/:id',
      {
        schema: { tags: ['files'], summary: '删除附件（文件本身保留以备审计）', params: idParams },
      },
      async (request, reply) => {
        await detach(deps, ctxOf(request), request.params.id);
        return reply.status(204).send();
      },
    );
  };
