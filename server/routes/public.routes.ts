import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as pub from '../services/public.service.ts';
import type { AppDeps } from '../services/service-context.ts';

// No session, read-only, rate-limited per address; posters are served by the file routes.
const config = { public: true, rateLimit: { max: 300, timeWindow: '1 minute' } };
const CACHE = 'public, max-age=60';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const divisionCode = z.string().regex(/^\d{6}$/, '行政区划代码应为 6 位数字');

export const publicRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/public/campaigns',
      {
        config,
        schema: { tags: ['public'], summary: '公众版：可查看的质量月活动（按年份，最新在前）' },
      },
      async (_request, reply) => reply.header('cache-control', CACHE).send(await pub.listPublicCampaigns(deps)),
    );

    app.get(
      '/api/public/campaigns/:id',
      {
        config,
        schema: {
          tags: ['public'],
          summary: '公众版：活动主题、时间、口号和宣传海报（id 为 latest 时取最新一届）',
          params: z.strictObject({ id: z.union([z.literal('latest'), z.coerce.number().int().positive()]) }),
        },
      },
      async (request, reply) =>
        reply.header('cache-control', CACHE).send(await pub.getPublicCampaign(deps, request.params.id)),
    );

    app.get(
      '/api/public/activities',
      {
        config,
        schema: {
          tags: ['public'],
          summary: '公众版：身边的质量活动（按地区、日期、关键词筛选，分页）',
          description:
            'campaignId 缺省为最新一届；province / prefecture 为行政区划代码（市级优先），匹配该地区单位及地点写明该地区的活动；from/to 取与日期范围有交集的活动。',
          querystring: z.strictObject({
            campaignId: z.coerce.number().int().positive().optional(),
            province: divisionCode.optional(),
            prefecture: divisionCode.optional(),
            from: isoDate.optional(),
            to: isoDate.optional(),
            q: z.string().max(50, '关键词不能超过 50 字').optional(),
            page: z.coerce.number().int().min(1).max(1000).default(1),
            pageSize: z.coerce.number().int().min(1).max(50).default(12),
          }),
        },
      },
      async (request, reply) =>
        reply.header('cache-control', CACHE).send(await pub.listPublicActivities(deps, request.query)),
    );

    app.get(
      '/api/public/regions',
      {
        config,
        schema: { tags: ['public'], summary: '公众版：省、市两级行政区划（筛选用）' },
      },
      async (_request, reply) => reply.header('cache-control', 'public, max-age=86400').send(pub.publicRegions()),
    );
  };
