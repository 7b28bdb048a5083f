import { DomainError } from '../../domain/errors/domain-error.ts';
import { attach } from './attachment.service.ts';
import { storeReceivedFile } from './file.service.ts';
import { importNotice, type ImportRequest } from './notice-import.service.ts';
import { recordReceived } from './notice-received.service.ts';
import type { NoticeView } from './notice.service.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

/**
 * Keeps the file a notice was parsed from (unattached, owned by the uploader) so the draft made from it can
 * carry it. A file the store refuses (its content is not what its name says) is simply not kept: parsing
 * already succeeded and the user should not lose that.
 */
export async function keepParsedOriginal(
  deps: AppDeps,
  ctx: RequestCtx,
  fileName: string,
  data: Buffer,
): Promise<string | undefined> {
  try {
    return (await storeReceivedFile(deps, ctx, fileName, data)).id;
  } catch (err) {
    if (err instanceof DomainError) return undefined;
    throw err;
  }
}

/** Creates the draft notice (notice import) and attaches the original file to it with role 'original'. */
export async function importNoticeWithOriginal(
  deps: AppDeps,
  ctx: RequestCtx,
  req: ImportRequest & { sourceFileId?: string | undefined },
): Promise<NoticeView & { originalAttachmentId: number | null; createdIds: number[] }> {
  const { sourceFileId, ...rest } = req;
  // 收文登记 of a 转发 letter creates two notices; the original (the letter with the forwarded text) belongs to both.
  const { notice, createdIds } =
    rest.mode === 'received'
      ? await recordReceived(deps, ctx, {
          campaignId: rest.campaignId,
          recorderUnitId: rest.issuerUnitId,
          draft: rest.draft,
          options: rest.received ?? {},
          sourceFileName: rest.sourceFileName,
        })
      : { notice: await importNotice(deps, ctx, rest), createdIds: [] };
  let originalAttachmentId: number | null = null;
  if (sourceFileId) {
    for (const ownerId of [notice.id, ...createdIds.filter((id) => id !== notice.id)]) {
      try {
        const id = (await attach(deps, ctx, { ownerType: 'notice', ownerId, role: 'original', fileId: sourceFileId }))
          .id;
        if (ownerId === notice.id) originalAttachmentId = id;
      } catch (err) {
        // The notice exists either way; a file that is gone or not the user's is left out rather than failing the import.
        if (!(err instanceof DomainError)) throw err;
      }
    }
  }
  return { ...notice, originalAttachmentId, createdIds: createdIds.length ? createdIds : [notice.id] };
}
