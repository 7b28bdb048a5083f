import { PassThrough, type Readable } from 'node:stream';
import archiver from 'archiver';
import type { RollupStatusFilter } from '../../domain/rollup/rollup.ts';
import { cascadeMedia, type CascadeMediaRow } from '../db/repositories/attachment.repository.ts';
import { extensionOf } from '../documents/file-types.ts';
import { MANIFEST_FILE_NAME, mediaManifest } from '../documents/media-manifest.ts';
import { requireNotice } from './notice.service.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

/** Characters Windows refuses in names, and path separators. */
const safeName = (s: string, max = 60): string =>
  s
    .replace(/[\\/:*?"<>|\r\n\t]+/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, max) || '未命名';

interface Entry {
  row: CascadeMediaRow;
  path: string;
}

/** Folder per unit (a second unit with the same name gets its id), numbered files keeping their names. */
function layout(rows: CascadeMediaRow[]): Entry[] {
  const folderOf = new Map<number, string>();
  const used = new Set<string>();
  const counters = new Map<number, number>();
  return rows.map((row) => {
    let folder = folderOf.get(row.unitId);
    if (!folder) {
      folder = safeName(row.unitName);
      if (used.has(folder)) folder = `${folder}（${row.unitId}）`;
      used.add(folder);
      folderOf.set(row.unitId, folder);
    }
    const n = (counters.get(row.unitId) ?? 0) + 1;
    counters.set(row.unitId, n);
    const ext = extensionOf(row.originalName);
    const base = safeName(row.originalName.replace(/\.[^.]*$/, ''), 80);
    return { row, path: `${folder}/${String(n).padStart(3, '0')}-${base}${ext ? `.${ext}` : ''}` };
  });
}

/**
 * The media package of a notice's cascade (issue D) for an office that may see the roll-up: the photos and videos
 * of the counted reports and their units' activities, a folder per unit, plus 清单.xlsx. Streamed: files are
 * added one at a time as the client reads (never the whole package in memory); media are stored uncompressed.
 */
export async function mediaZip(
  deps: AppDeps,
  ctx: RequestCtx,
  noticeId: number,
  status: RollupStatusFilter,
): Promise<{ fileName: string; count: number; stream: Readable }> {
  const { db } = deps.database;
  const { notice } = await requireNotice(db, ctx, noticeId, 'view_signatures');
  const entries = layout(
    await cascadeMedia(db, notice.path, status === 'accepted' ? ['accepted'] : ['submitted', 'accepted']),
  );
  const archive = archiver('zip', { store: true });
  const out = new PassThrough();
  archive.pipe(out);
  archive.on('error', (err) => out.destroy(err));

  void (async () => {
    const missing = new Set<string>();
    for (const e of entries) {
      let source: Readable;
      try {
        source = await deps.storage.open(e.row.storageKey);
      } catch {
        missing.add(e.path);
        continue;
      }
      const added = new Promise<void>((resolve, reject) => {
        archive.once('entry', () => {
          resolve();
        });
        source.once('error', reject);
      });
      archive.append(source, { name: e.path, date: e.row.createdAt });
      await added;
    }
    const lines = entries.map((e) => ({
      file: e.path,
      missing: missing.has(e.path),
      unit: e.row.unitName,
      activity: e.row.activityTitle ?? '',
      caption: e.row.caption ?? '',
      date: e.row.takenOn ?? e.row.createdAt.toISOString().slice(0, 10),
    }));
    archive.append(await mediaManifest(notice.title, lines), { name: MANIFEST_FILE_NAME });
    await archive.finalize();
  })().catch((err: unknown) => {
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });

  return { fileName: `${safeName(notice.title, 80)}-图片视频.zip`, count: entries.length, stream: out };
}
