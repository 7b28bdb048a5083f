import { inArray } from 'drizzle-orm';
import { todayInShanghai } from '../../domain/i18n/format.ts';
import { units } from '../db/schema.ts';
import { recipientsOf, unitNames } from '../db/repositories/notice.repository.ts';
import { noticeDocx, noticeDocxFileName } from '../documents/notice-docx.ts';
import { getForm } from './form.service.ts';
import { getNotice } from './notice.service.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

/** 自治区质量…办公室 issued by 西藏自治区市场监督管理局 → 西藏自治区质量…办公室: the region a short name leaves out. */
export function fullIssuerName(issuerName: string, unitName: string): string {
  const region = /^(.+?(?:自治区|省|市))/.exec(unitName)?.[1];
  if (!region) return issuerName;
  for (const level of ['自治区', '省', '市'])
    if (issuerName.startsWith(level) && region.endsWith(level)) return `${region}${issuerName.slice(level.length)}`;
  return issuerName;
}

/**
 * The export of a notice the user may see (else NOTICE_NOT_FOUND, as for viewing it). The 主送 line is printed on
 * every copy, so it lists all recipients (in the unit tree's order) even where the view shows a recipient only its
 * own signing row. The masthead names the issuer in full; the 版记 carries the day the notice was issued here.
 */
export async function exportNoticeDocx(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
): Promise<{ fileName: string; data: Buffer }> {
  const { db } = deps.database;
  const view = await getNotice(deps, ctx, id);
  const listed = (await recipientsOf(db, [view.id])).get(view.id) ?? [];
  // The unit tree's order: paths compared number by number (as text, /1/10/ would come before /1/9/).
  const paths = new Map(
    listed.length
      ? (
          await db
            .select({ id: units.id, path: units.path })
            .from(units)
            .where(
              inArray(
                units.id,
                listed.map((r) => r.unitId),
              ),
            )
        ).map((u) => [u.id, u.path])
      : [],
  );
  const recipients = [...listed].sort((a, b) =>
    (paths.get(a.unitId) ?? '').localeCompare(paths.get(b.unitId) ?? '', 'en', { numeric: true }),
  );
  const unitName = (await unitNames(db, [view.issuerUnitId])).get(view.issuerUnitId)?.name ?? '';
  const form = view.formCode ? await getForm(db, view.formCode).catch(() => null) : null;
  const printed = {
    ...view,
    recipients: recipients.map((r) => ({ unitName: r.unitName })),
    issuerFullName: fullIssuerName(view.issuerName, unitName),
    printedOn: view.issuedAt ? todayInShanghai(new Date(view.issuedAt)) : null,
    form: form
      ? {
          title: form.title,
          rows: form.indicators.map((i) => ({
            groups: i.group,
            label: i.label + (i.unit && !i.label.endsWith(i.unit) ? `(${i.unit})` : ''),
          })),
        }
      : null,
  };
  return { fileName: noticeDocxFileName(view.title), data: await noticeDocx(printed) };
}
