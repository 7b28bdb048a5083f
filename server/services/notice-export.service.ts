import { recipientsOf } from '../db/repositories/notice.repository.ts';
import { noticeDocx, noticeDocxFileName } from '../documents/notice-docx.ts';
import { getNotice } from './notice.service.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

/**
 * The export of a notice the user may see (else NOTICE_NOT_FOUND, as for viewing it). The 主送 line is printed on
 * every copy, so it lists all recipients even where the view shows a recipient only its own signing row.
 */
export async function exportNoticeDocx(
  deps: AppDeps,
  ctx: RequestCtx,
  id: number,
): Promise<{ fileName: string; data: Buffer }> {
  const view = await getNotice(deps, ctx, id);
  const recipients = (await recipientsOf(deps.database.db, [view.id])).get(view.id) ?? [];
  const printed = { ...view, recipients: recipients.map((r) => ({ unitName: r.unitName })) };
  return { fileName: noticeDocxFileName(view.title), data: await noticeDocx(printed) };
}
