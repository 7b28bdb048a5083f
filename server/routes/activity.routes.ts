import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../http/auth-hooks.ts';
import * as activities from '../services/activity.service.ts';
import type { AppDeps } from '../services/service-context.ts';

const noticeUnit = z.strictObject({
  id: z.coerce.number().int().positive(),
  unitId: z.coerce.number().int().positive(),
});
const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
const version = z.number().int().min(1);
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .nullable();
const short = z.string().max(1000).nullable();

// Lengths are checked by the domain with Chinese messages; the schema only bounds what is accepted at all.
const fields = {
  title: z.string().max(1000),
  category: short,
  startOn: date,
  endOn: date,
  region: short,
  place: short,
  organiser: short,
  coOrganisers: z.array(z.string().max(1000)).max(100),
  audience: short,
  participants: z.number().nullable(),
  isPublic: z.boolean(),
  description: z.string().max(20_000).nullable(),
};
const createBody = z.strictObject({
  ...fields,
  category: fields.category.default(null),
  startOn: fields.startOn.default(null),
  endOn: fields.endOn.default(null),
  region: fields.region.default(null),
  place: fields.place.default(null),
  organiser: fields.organiser.default(null),
  coOrganisers: fields.coOrganisers.default([]),
  audience: fields.audience.default(null),
  participants: fields.participants.default(null),
  isPublic: fields.isPublic.default(false),
  description: fields.description.default(null),
});
const patchBody = z.strictObject({ version, ...z.strictObject(fields).partial().shape });

export const activityRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/notices/:id/units/:unitId/activities',
      { schema: { tags: ['activities'], summary: '某单位就该通知登记的活动（含可选类别与权限）', params: noticeUnit } },
      async (request) => activities.listActivities(deps, ctxOf(request), request.params.id, request.params.unitId),
    );
    app.post(
      '/api/notices/:id/units/:unitId/activities',
      { schema: { tags: ['activities'], summary: '登记活动', params: noticeUnit, body: createBody } },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await activities.createActivity(
              deps,
              ctxOf(request),
              request.params.id,
              request.params.unitId,
              request.body,
            ),
          ),
    );
    app.patch(
      '/api/activities/:id',
      { schema: { tags: ['activities'], summary: '修改活动（须带 version）', params: idParams, body: patchBody } },
      async (request) => {
        const { version: v, ...rest } = request.body;
        return activities.updateActivity(deps, ctxOf(request), request.params.id, v, rest);
      },
    );
    app.delete(
      '/api/activities/:id',
      {
        schema: {
          tags: ['activities'],
          summary: '删除活动（连同其照片）',
          params: idParams,
          querystring: z.strictObject({ version: z.coerce.number().int().min(1) }),
        },
      },
      async (request, reply) => {
        await activities.deleteActivity(deps, ctxOf(request), request.params.id, request.query.version);
        return reply.code(204).send();
      },
    );
  };
