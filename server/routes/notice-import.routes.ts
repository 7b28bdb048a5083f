import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { ctxOf } from '../http/auth-hooks.ts';
import { uploadedFile } from '../http/upload.ts';
import { importNoticeWithOriginal, keepParsedOriginal } from '../services/attachment-import.ts';
import { UPLOAD_ID } from '../services/file-staging.ts';
import {
  NOTICE_FILE_MAX_MB,
  NOTICE_TEXT_MAX_CHARS,
  parseNoticeFile,
  parseNoticeText,
} from '../services/notice-import.service.ts';
import { receivedIssuers } from '../services/notice-received.service.ts';
import type { AppDeps } from '../services/service-context.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const text = (max: number) => z.string().trim().max(max);
const names = z.array(text(100).min(1)).max(50);

const pastedText = z.strictObject({
  text: z.string().max(NOTICE_TEXT_MAX_CHARS, `文字不能超过 ${NOTICE_TEXT_MAX_CHARS} 字`),
});

// The draft in the shape the parser answers (sections with items, units by name), as the user corrected it.
const draft = z.strictObject({
  title: text(200).min(1, '标题不能为空'),
  docNumber: text(40).nullable().optional(),
  issuer: text(100).nullable().optional(),
  issuedOn: isoDate.nullable().optional(),
  deadline: isoDate.nullable().optional(),
  theme: text(100).nullable().optional(),
  recipients: z.array(text(100).min(1)).max(200).optional(),
  requiredReports: z.array(text(20).min(1)).max(20).optional(),
  slogans: z.array(text(100).min(1)).max(50).optional(),
  sections: z
    .array(
      z.strictObject({
        number: text(10).nullable(),
        heading: text(200),
        items: z
          .array(z.strictObject({ number: text(20).nullable(), heading: text(200).nullable(), text: text(10_000) }))
          .max(200),
      }),
    )
    .max(100)
    .optional(),
  arrangements: z
    .array(
      z.strictObject({
        title: text(200),
        text: text(10_000),
        lead: names,
        responsible: names,
        cooperating: names,
        implementing: names,
      }),
    )
    .max(100)
    .optional(),
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
    .array(z.strictObject({ number: text(10).nullable(), title: text(200).min(1) }))
    .max(48)
    .optional(),
  cites: z
    .array(z.strictObject({ docNumber: text(40).nullable(), title: text(200).nullable() }))
    .max(50)
    .optional(),
  coIssuers: z.array(text(100).min(1)).max(60).optional(),
});

// 收文登记: who issued the document (a superior of the user's unit; matched from the text when left out).
const receivedIssuer = { fromUnitId: z.number().int().positive().optional(), issuerName: text(100).min(1).optional() };
const received = z.strictObject({
  ...receivedIssuer,
  forwarded: z
    .union([z.strictObject({ ...receivedIssuer, draft }), z.strictObject({ existingId: z.number().int().positive() })])
    .optional(),
});

export const noticeImportRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/notices/parse',
      {
        // Pasted text may be 200,000 characters, up to three bytes each.
        bodyLimit: 1024 * 1024 + NOTICE_TEXT_MAX_CHARS * 3,
        schema: {
          tags: ['notices'],
          summary: '解析公文：上传 .docx/.pdf/.txt（multipart，字段 file，≤ 20 MB）或提交 {"text"}',
          description:
            '返回 {parsed, text, highlights, confidence, candidates}：parsed 为结构化结果，text 为解析所用的清理后文字，highlights 为各字段在 text 中的位置（尽力而为），confidence 为标题、文号、发文机关、成文日期、主题、主送单位各自的把握（0..1），candidates 为各字段权衡过的候选值（由高到低）；上传文件时另有 fileId（保存的原件，生成草稿时作为 sourceFileId 传回即附于草稿）。',
        },
      },
      async (request) => {
        if (request.isMultipart()) {
          const { buffer, fileName } = await uploadedFile(request, NOTICE_FILE_MAX_MB);
          const result = await parseNoticeFile(deps, buffer, fileName);
          // The original is kept so the draft made from it can carry it (fileId → sourceFileId on import).
          const fileId = await keepParsedOriginal(deps, ctxOf(request), fileName, buffer);
          return { ...result, ...(fileId && { fileId }) };
        }
        const body = pastedText.safeParse(request.body);
        if (!body.success) {
          throw new DomainError('VALIDATION_FAILED', {
            summary: body.error.issues.map((i) => i.message).join('；'),
            issues: body.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message })),
          });
        }
        return parseNoticeText(body.data.text);
      },
    );

    app.post(
      '/api/notices/import',
      {
        schema: {
          tags: ['notices'],
          summary: '把导入的公文生成通知（新通知、转发、印发实施方案的草稿，或登记收文）',
          description:
            'mode=new 在所选活动中新建；forward/plan 须给出 parentId（发给本单位的通知），草稿归入该通知所在的活动。mode=received（登记收文）：以上级单位 received.fromUnitId（缺省时按文中发文机关匹配上级单位名称或别名，匹配不到为直接上级）的名义登记一份已印发的通知，由 issuerUnitId（本单位）录入，主送本单位；转发函另给 received.forwarded（被转发的通知 {draft,fromUnitId?}，一并登记为其上级；或 {existingId} 挂在系统中已有的通知之下），同一事务。同一发文单位的同一文号（无文号时同标题同日期）已存在时答 409 NOTICE_RECEIVED_DUPLICATE（可查看时附 existingId）。原文件名作为“原件：文件名”记入附件；给出 sourceFileId 时原件文件附于生成的通知（附件类型 original）。',
          body: z.strictObject({
            campaignId: z.number().int().positive(),
            issuerUnitId: z.number().int().positive(),
            mode: z.enum(['new', 'forward', 'plan', 'received']),
            parentId: z.number().int().positive().optional(),
            confirmDuplicate: z.boolean().optional(),
            received: received.optional(),
            sourceFileName: text(150).optional(),
            sourceFileId: z.string().regex(UPLOAD_ID, '无效的文件编号').optional(),
            draft,
          }),
        },
      },
      async (request, reply) =>
        reply.status(201).send(await importNoticeWithOriginal(deps, ctxOf(request), request.body)),
    );

    app.get(
      '/api/notices/import/issuers',
      {
        schema: {
          tags: ['notices'],
          summary: '登记收文：可选的发文单位（本单位的上级单位）及按文中发文机关的匹配结果',
          description:
            'letter / forwarded 为文中写的发文机关（转发函与被转发的通知）；how=name 名称或别名一致，prefix 以单位名称开头（如某局办公室），default 未匹配、取直接上级；elsewhere 为同名但不是上级的单位。',
          querystring: z.strictObject({
            unitId: z.coerce.number().int().positive(),
            letter: text(100).optional(),
            forwarded: text(100).optional(),
          }),
        },
      },
      async (request) => {
        const q = request.query;
        return receivedIssuers(deps, ctxOf(request), q.unitId, { letter: q.letter, forwarded: q.forwarded });
      },
    );
  };
