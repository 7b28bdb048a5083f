import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/policies/actor.ts';
import { ctxOf } from '../http/auth-hooks.ts';
import { SPREADSHEET_MAX_MB, uploadedFile } from '../http/upload.ts';
import { importUsers, userImportTemplate } from '../services/user-import.service.ts';
import type { AppDeps } from '../services/service-context.ts';
import * as users from '../services/user.service.ts';

const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
const roles = z.array(z.enum(ROLES)).max(4);
const phone = z.string().trim().max(40).nullable().optional();
const email = z.email('邮箱格式不正确').max(120).nullable().optional();
const displayName = z.string().trim().min(1, '姓名不能为空').max(40);

export const userRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/users',
      {
        schema: {
          tags: ['users'],
          summary: '用户列表（本单位及下级单位）',
          querystring: z.strictObject({
            unitId: z.coerce.number().int().positive().optional(),
            q: z.string().trim().max(64).optional(),
            page: z.coerce.number().int().min(1).default(1),
            pageSize: z.coerce.number().int().min(1).max(200).default(20),
          }),
        },
      },
      async (request) => {
        const { unitId, q, page, pageSize } = request.query;
        return users.listUsers(deps, ctxOf(request), {
          unitId,
          term: q,
          limit: pageSize,
          offset: (page - 1) * pageSize,
        });
      },
    );

    app.get('/api/users/:id', { schema: { tags: ['users'], summary: '用户详情', params: idParams } }, async (request) =>
      users.getUser(deps, ctxOf(request), request.params.id),
    );

    app.post(
      '/api/users',
      {
        schema: {
          tags: ['users'],
          summary: '新建用户（未给密码时生成一次性初始密码）',
          body: z.strictObject({
            username: z
              .string()
              .trim()
              .min(2)
              .max(64)
              .regex(/^[A-Za-z0-9._-]+$/, '用户名只能包含字母、数字、点、下划线和连字符'),
            displayName,
            unitId: z.number().int().positive(),
            roles: roles.min(1, '至少选择一个角色'),
            phone,
            email,
            password: z.string().min(1).max(128).optional(),
          }),
        },
      },
      async (request, reply) => reply.status(201).send(await users.createUser(deps, ctxOf(request), request.body)),
    );

    app.patch(
      '/api/users/:id',
      {
        schema: {
          tags: ['users'],
          summary: '修改用户',
          params: idParams,
          body: z.strictObject({
            version: z.number().int().positive(),
            displayName: displayName.optional(),
            phone,
            email,
            roles: roles.optional(),
            active: z.boolean().optional(),
          }),
        },
      },
      async (request) => {
        const { version, ...patch } = request.body;
        return users.updateUser(deps, ctxOf(request), request.params.id, version, patch);
      },
    );

    app.post(
      '/api/users/:id/reset-password',
      { schema: { tags: ['users'], summary: '重置密码', params: idParams } },
      async (request) => users.resetPassword(deps, ctxOf(request), request.params.id),
    );

    app.post(
      '/api/users/:id/unlock',
      { schema: { tags: ['users'], summary: '解除登录锁定', params: idParams } },
      async (request) => users.unlockUser(deps, ctxOf(request), request.params.id),
    );

    app.post(
      '/api/users/import',
      {
        schema: {
          tags: ['users'],
          summary: '从 .xlsx/.csv 批量新建用户（全部成功或全部不导入；返回一次性初始密码）',
          consumes: ['multipart/form-data'],
          querystring: z.strictObject({ dryRun: z.enum(['true', 'false']).optional() }),
        },
      },
      async (request) => {
        const { buffer, fileName } = await uploadedFile(request, SPREADSHEET_MAX_MB);
        return importUsers(deps, ctxOf(request), buffer, fileName, request.query.dryRun === 'true');
      },
    );

    app.get(
      '/api/users/import-template.xlsx',
      { schema: { tags: ['users'], summary: '用户导入模板' } },
      async (_request, reply) => {
        const file = await userImportTemplate();
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('用户导入模板.xlsx')}`)
          .send(file);
      },
    );
  };
