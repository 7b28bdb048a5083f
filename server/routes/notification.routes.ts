import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../http/auth-hooks.ts';
import * as svc from '../services/notification.service.ts';
import { remindManually } from '../services/reminder.service.ts';
import type { AppDeps } from '../services/service-context.ts';

const idParams = z.strictObject({ id: z.coerce.number().int().positive() });

export const notificationRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/notifications',
      {
        schema: {
          tags: ['notifications'],
          summary: '本单位的消息通知（催报、逾期抄送、退回、审核通过等），新的在前',
          querystring: z.strictObject({
            unread: z.enum(['0', '1']).optional(),
            page: z.coerce.number().int().min(1).default(1),
            pageSize: z.coerce.number().int().min(1).max(200).default(20),
          }),
        },
      },
      async (request) => {
        const { unread, page, pageSize } = request.query;
        return svc.listNotifications(deps, ctxOf(request), {
          unreadOnly: unread === '1',
          limit: pageSize,
          offset: (page - 1) * pageSize,
        });
      },
    );

    app.get(
      '/api/notifications/count',
      { schema: { tags: ['notifications'], summary: '消息总数与未读数（顶栏铃铛）' } },
      async (request) => svc.notificationCounts(deps, ctxOf(request)),
    );

    app.post(
      '/api/notifications/:id/read',
      { schema: { tags: ['notifications'], summary: '标记为已读', params: idParams } },
      async (request) => svc.markNotificationRead(deps, ctxOf(request), request.params.id),
    );

    app.post(
      '/api/notifications/read-all',
      { schema: { tags: ['notifications'], summary: '全部标记为已读' } },
      async (request) => svc.markAllNotificationsRead(deps, ctxOf(request)),
    );

    app.post(
      '/api/notices/:id/remind',
      {
        schema: {
          tags: ['notifications'],
          summary: '催报：发文单位的审核员或管理员提醒未报单位（不指定单位时为全部未报单位），站内通知并发邮件',
          params: idParams,
          body: z.strictObject({
            unitIds: z.array(z.number().int().positive()).max(5000).optional(),
            message: z.string().min(1).max(1000),
          }),
        },
      },
      async (request) => remindManually(deps, ctxOf(request), request.params.id, request.body),
    );
  };
