import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ARRANGEMENT_ROLES } from '../../domain/notices/tasks.ts';
import { ctxOf } from '../http/auth-hooks.ts';
import * as campaignsSvc from '../services/campaign.service.ts';
import * as notices from '../services/notice.service.ts';
import type { AppDeps } from '../services/service-context.ts';

const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const text = (max: number) => z.string().trim().max(max);
const unitRef = z.strictObject({ unitId: z.number().int().positive().nullable(), name: text(100) });
const noticeFields = {
  issuerName: text(100).min(1).optional(),
  docNumber: text(40).nullable().optional(),
  title: text(200).min(1, '标题不能为空').optional(),
  issuedOn: isoDate.nullable().optional(),
  deadline: isoDate.nullable().optional(),
  theme: text(100).nullable().optional(),
  slogans: z.array(text(100).min(1)).max(50).optional(),
  coIssuers: z.array(text(100).min(1)).max(60).optional(),
  cites: z
    .array(z.strictObject({ docNumber: text(40).nullable(), title: text(200).nullable() }))
    .max(50)
    .optional(),
  // Plain text per section for now; rich text arrives with the editor and server-side sanitising.
  sections: z
    .array(z.strictObject({ number: text(10).nullable(), heading: text(200), html: text(50_000) }))
    .max(100)
    .optional(),
  arrangements: z
    .array(
      z.strictObject({
        title: text(200),
        content: text(10_000),
        dueOn: isoDate.nullable(),
        lead: z.array(unitRef).max(50),
        responsible: z.array(unitRef).max(50),
        cooperating: z.array(unitRef).max(50),
        implementing: z.array(unitRef).max(50),
      }),
    )
    .max(100)
    .optional(),
  requiredReports: z.array(text(20).min(1)).max(20).optional(),
  formCode: text(60).nullable().optional(),
  /** 截止后不允许提交: late submissions of the statistics table are refused instead of marked late. */
  blockLate: z.boolean().optional(),
  contacts: z
    .array(
      z.strictObject({
        name: text(40).nullable(),
        phone: z.array(text(40)).max(5),
        fax: z.array(text(40)).max(5),
        email: z.array(text(120)).max(5),
        address: text(200).nullable(),
      }),
    )
    .max(10)
    .optional(),
  attachments: z
    .array(z.strictObject({ number: text(10).nullable(), title: text(200) }))
    .max(50)
    .optional(),
  note: text(500).nullable().optional(),
  recipientUnitIds: z.array(z.number().int().positive()).max(5000).optional(),
};

export const noticeRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/campaigns', { schema: { tags: ['campaigns'], summary: '活动列表' } }, async (request) => ({
      items: await campaignsSvc.listCampaigns(deps, ctxOf(request)),
    }));

    const campaignFields = {
      year: z.number().int().min(2000).max(2100),
      name: text(100).min(1, '活动名称不能为空'),
      theme: text(100).nullable().optional(),
      periodStart: isoDate.nullable().optional(),
      periodEnd: isoDate.nullable().optional(),
      slogans: z.array(text(100).min(1)).max(50).optional(),
    };
    app.post(
      '/api/campaigns',
      {
        schema: {
          tags: ['campaigns'],
          summary: '新建活动',
          body: z.strictObject({ ownerUnitId: z.number().int().positive(), ...campaignFields }),
        },
      },
      async (request, reply) => {
        const { ownerUnitId, ...input } = request.body;
        return reply.status(201).send(await campaignsSvc.createCampaign(deps, ctxOf(request), ownerUnitId, input));
      },
    );

    app.patch(
      '/api/campaigns/:id',
      {
        schema: {
          tags: ['campaigns'],
          summary: '修改或归档活动',
          params: idParams,
          body: z.strictObject({
            version: z.number().int().positive(),
            archived: z.boolean().optional(),
            ...z.object(campaignFields).partial().shape,
          }),
        },
      },
      async (request) => {
        const { version, ...patch } = request.body;
        return campaignsSvc.updateCampaign(deps, ctxOf(request), request.params.id, version, patch);
      },
    );

    app.post(
      '/api/campaigns/:id/clone',
      {
        schema: {
          tags: ['campaigns'],
          summary: '复制为新一年的活动（含主送单位和通知草稿）',
          params: idParams,
          body: z.strictObject({ year: campaignFields.year, name: campaignFields.name }),
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await campaignsSvc.cloneCampaign(
              deps,
              ctxOf(request),
              request.params.id,
              request.body.year,
              request.body.name,
            ),
          ),
    );

    app.get(
      '/api/notices/inbox',
      { schema: { tags: ['notices'], summary: '收文：发给本单位的通知' } },
      async (request) => ({ items: await notices.inbox(deps, ctxOf(request)) }),
    );

    app.get(
      '/api/tasks',
      {
        schema: {
          tags: ['notices'],
          summary: '我的任务：点名本单位的重点安排',
          querystring: z.strictObject({
            role: z.enum(ARRANGEMENT_ROLES).optional(),
            state: z.enum(['open', 'overdue', 'closed']).optional(),
          }),
        },
      },
      async (request) => ({ items: await notices.myTasks(deps, ctxOf(request), request.query) }),
    );

    app.get(
      '/api/notices/outbox',
      { schema: { tags: ['notices'], summary: '发文：本单位发出的通知（含草稿）' } },
      async (request) => ({ items: await notices.outbox(deps, ctxOf(request)) }),
    );

    app.post(
      '/api/notices',
      {
        schema: {
          tags: ['notices'],
          summary: '新建通知草稿',
          body: z.strictObject({
            campaignId: z.number().int().positive(),
            issuerUnitId: z.number().int().positive(),
            ...noticeFields,
            title: text(200).min(1, '标题不能为空'),
          }),
        },
      },
      async (request, reply) => {
        const { campaignId, issuerUnitId, ...input } = request.body;
        return reply
          .status(201)
          .send(await notices.createNotice(deps, ctxOf(request), campaignId, issuerUnitId, input));
      },
    );

    app.get(
      '/api/notices/:id',
      { schema: { tags: ['notices'], summary: '通知详情（收件单位查看即记为已读）', params: idParams } },
      async (request) => notices.getNotice(deps, ctxOf(request), request.params.id),
    );

    app.patch(
      '/api/notices/:id',
      {
        schema: {
          tags: ['notices'],
          summary: '修改通知草稿',
          params: idParams,
          body: z.strictObject({ version: z.number().int().positive(), ...noticeFields }),
        },
      },
      async (request) => {
        const { version, ...input } = request.body;
        return notices.updateNotice(deps, ctxOf(request), request.params.id, version, input);
      },
    );

    app.post(
      '/api/notices/:id/issue',
      {
        schema: {
          tags: ['notices'],
          summary: '印发通知',
          params: idParams,
          body: z.strictObject({ version: z.number().int().positive(), issuedOn: isoDate.optional() }),
        },
      },
      async (request) =>
        notices.issueNotice(deps, ctxOf(request), request.params.id, request.body.version, request.body.issuedOn),
    );

    app.post(
      '/api/notices/:id/revise',
      {
        schema: {
          tags: ['notices'],
          summary: '发布修订版（已印发通知的更正）',
          params: idParams,
          body: z.strictObject({
            version: z.number().int().positive(),
            changeNote: text(500),
            ...z.object(noticeFields).omit({ recipientUnitIds: true }).shape,
          }),
        },
      },
      async (request) => {
        const { version, changeNote, ...input } = request.body;
        return notices.reviseNotice(deps, ctxOf(request), request.params.id, version, changeNote, input);
      },
    );

    app.get(
      '/api/notices/:id/revisions',
      { schema: { tags: ['notices'], summary: '历次修订', params: idParams } },
      async (request) => ({ items: await notices.noticeRevisions(deps, ctxOf(request), request.params.id) }),
    );

    app.post(
      '/api/notices/:id/sign',
      { schema: { tags: ['notices'], summary: '签收', params: idParams } },
      async (request) => notices.signNotice(deps, ctxOf(request), request.params.id),
    );

    app.post(
      '/api/notices/:id/forward',
      {
        schema: {
          tags: ['notices'],
          summary: '转发（forward）或印发实施方案（plan），生成下级通知草稿',
          params: idParams,
          body: z.strictObject({
            kind: z.enum(['forward', 'plan']),
            confirmDuplicate: z.boolean().optional(),
            ...noticeFields,
          }),
        },
      },
      async (request, reply) => {
        const { kind, ...input } = request.body;
        return reply
          .status(201)
          .send(await notices.forwardNotice(deps, ctxOf(request), request.params.id, kind, input));
      },
    );

    app.get(
      '/api/notices/:id/tree',
      { schema: { tags: ['notices'], summary: '通知下发树（本单位可见的分支）', params: idParams } },
      async (request) => ({ items: await notices.cascadeTree(deps, ctxOf(request), request.params.id) }),
    );
  };
