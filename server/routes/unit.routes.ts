import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UNIT_KINDS } from '../../domain/units/unit.ts';
import { ctxOf } from '../http/auth-hooks.ts';
import { SPREADSHEET_MAX_MB, uploadedFile } from '../http/upload.ts';
import { importUnits, unitImportTemplate } from '../services/unit-import.service.ts';
import * as units from '../services/unit.service.ts';
import type { AppDeps } from '../services/service-context.ts';

const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
const name = z.string().trim().min(1, '名称不能为空').max(100, '名称不能超过 100 个字');
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const unitFields = {
  name,
  kind: z.enum(UNIT_KINDS),
  shortName: optionalText(40),
  divisionCode: z
    .string()
    .regex(/^\d{6}$/, '行政区划代码应为 6 位数字')
    .nullable()
    .optional(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
  contactPhone: optionalText(40),
  contactEmail: z.email('邮箱格式不正确').max(120).nullable().optional(),
  aliases: z.array(name).max(20).optional(),
};
const version = z.number().int().positive();

export const unitRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/units',
      {
        schema: {
          tags: ['units'],
          summary: '下级单位列表（不带 parentId 时为本人可见的顶层单位）',
          querystring: z.strictObject({
            parentId: z.coerce.number().int().positive().optional(),
            includeInactive: z.enum(['true', 'false']).optional(),
          }),
        },
      },
      async (request) => ({
        items: await units.listChildren(
          deps,
          ctxOf(request),
          request.query.parentId ?? null,
          request.query.includeInactive === 'true',
        ),
      }),
    );

    app.get(
      '/api/units/search',
      {
        schema: {
          tags: ['units'],
          summary: '按名称、别名或区划代码搜索单位',
          querystring: z.strictObject({ q: z.string().trim().min(1).max(100) }),
        },
      },
      async (request) => ({ items: await units.searchUnits(deps, ctxOf(request), request.query.q) }),
    );

    app.get('/api/units/:id', { schema: { tags: ['units'], summary: '单位详情', params: idParams } }, async (request) =>
      units.getUnit(deps, ctxOf(request), request.params.id),
    );

    app.post(
      '/api/units',
      {
        schema: {
          tags: ['units'],
          summary: '新建下级单位',
          body: z.strictObject({ parentId: z.number().int().positive(), ...unitFields }),
        },
      },
      async (request, reply) => {
        const { parentId, ...input } = request.body;
        return reply.status(201).send(await units.createUnit(deps, ctxOf(request), parentId, input));
      },
    );

    app.patch(
      '/api/units/:id',
      {
        schema: {
          tags: ['units'],
          summary: '修改单位',
          params: idParams,
          body: z.strictObject({ version, ...z.object(unitFields).partial().shape }),
        },
      },
      async (request) => {
        const { version: v, ...input } = request.body;
        return units.updateUnit(deps, ctxOf(request), request.params.id, v, input);
      },
    );

    app.post(
      '/api/units/:id/move',
      {
        schema: {
          tags: ['units'],
          summary: '移动单位',
          params: idParams,
          body: z.strictObject({ version, parentId: z.number().int().positive() }),
        },
      },
      async (request) =>
        units.moveUnit(deps, ctxOf(request), request.params.id, request.body.version, request.body.parentId),
    );

    for (const [path, active] of [
      ['deactivate', false],
      ['reactivate', true],
    ] as const) {
      app.post(
        `/api/units/:id/${path}`,
        {
          schema: {
            tags: ['units'],
            summary: active ? '启用单位' : '停用单位',
            params: idParams,
            body: z.strictObject({ version }),
          },
        },
        async (request) => units.setUnitActive(deps, ctxOf(request), request.params.id, request.body.version, active),
      );
    }

    app.post(
      '/api/units/import',
      {
        schema: {
          tags: ['units'],
          summary: '从 .xlsx/.csv 批量导入单位（全部成功或全部不导入）',
          consumes: ['multipart/form-data'],
          querystring: z.strictObject({ dryRun: z.enum(['true', 'false']).optional() }),
        },
      },
      async (request) => {
        const { buffer, fileName } = await uploadedFile(request, SPREADSHEET_MAX_MB);
        return importUnits(deps, ctxOf(request), buffer, fileName, request.query.dryRun === 'true');
      },
    );

    app.get(
      '/api/units/import-template.xlsx',
      { schema: { tags: ['units'], summary: '单位导入模板' } },
      async (_request, reply) => {
        const file = await unitImportTemplate();
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('单位导入模板.xlsx')}`)
          .send(file);
      },
    );
  };
