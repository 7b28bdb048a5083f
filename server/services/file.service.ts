import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import sharp from 'sharp';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { appendAudit } from '../db/repositories/audit.repository.ts';
import * as repo from '../db/repositories/file.repository.ts';
import type { ByteRange } from '../storage/storage.ts';
import { checkDeclared, classify, formatBytes, KIND_LABEL, sizeLimit, type FileKind } from '../documents/file-types.ts';
import { stagingFor, UPLOAD_ID, UPLOADER_KEY } from './file-staging.ts';
import { uploadBytes } from '../observability/metrics.ts';
import type { AppDeps, RequestCtx } from './service-context.ts';

/** A stored file's row, as routes stream it. */
export type StoredFile = repo.FileRow;

export interface FileView {
  id: string;
  name: string;
  mimeType: string;
  kind: FileKind;
  size: number;
  width: number | null;
  height: number | null;
  sha256: string | null;
  createdAt: string;
  url: string;
  thumbnailUrl: string | null;
}

export function fileView(f: repo.FileRow): FileView {
  return {
    id: f.id,
    name: f.originalName,
    mimeType: f.mimeType,
    kind: f.kind as FileKind,
    size: f.size,
    width: f.width,
    height: f.height,
    sha256: f.sha256,
    createdAt: f.createdAt.toISOString(),
    url: `/api/files/${f.id}/content`,
    thumbnailUrl: f.thumbnailKey ? `/api/files/${f.id}/thumbnail` : null,
  };
}

const THUMB_PX = 360;
const contentKey = (id: string): string => `${id.slice(0, 2)}/${id}`;
const thumbKey = (id: string): string => `${id.slice(0, 2)}/${id}.thumb.jpg`;

const limitsOf = (deps: AppDeps): { imageMb: number; videoMb: number } => ({
  imageMb: deps.env.UPLOAD_MAX_IMAGE_MB,
  videoMb: deps.env.UPLOAD_MAX_VIDEO_MB,
});

/** The largest upload accepted at all (a video's limit). */
export const maxUploadBytes = (deps: AppDeps): number => sizeLimit('video', limitsOf(deps));

/** Refuses an upload by its declared name and size, before any byte arrives. */
export const checkDeclaredUpload = (deps: AppDeps, name: string, length: number): FileKind =>
  checkDeclared(name, length, limitsOf(deps));

async function readHead(file: string, bytes = 4100): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Width and height as shown (EXIF orientations 5–8 turn the picture by 90°) and a small JPEG, or a clear error. */
async function imageFacts(file: string, name: string): Promise<{ width: number; height: number; thumbnail: Buffer }> {
  try {
    const meta = await sharp(file).metadata();
    const turned = (meta.orientation ?? 1) >= 5;
    const thumbnail = await sharp(file)
      .rotate()
      .resize({ width: THUMB_PX, height: THUMB_PX, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80 })
      .toBuffer();
    return {
      width: (turned ? meta.height : meta.width) ?? 0,
      height: (turned ? meta.width : meta.height) ?? 0,
      thumbnail,
    };
  } catch {
    throw new DomainError('FILE_UNREADABLE', { reason: `图片“${name}”已损坏或不完整，请重新选择` });
  }
}

/**
 * A complete local file becomes a stored file: its type read from the content and checked against the name,
 * the limit of its real kind, SHA-256, and for images the size and a thumbnail. The id is given (the upload's).
 */
async function ingest(deps: AppDeps, ctx: RequestCtx, id: string, source: string, name: string): Promise<repo.FileRow> {
  const { size } = await stat(source);
  if (size === 0) throw new DomainError('FILE_EMPTY', { name });
  const head = await readHead(source);
  const type = classify(name, await fileTypeFromFile(source).catch(() => undefined), head);
  const limit = sizeLimit(type.kind, limitsOf(deps));
  if (size > limit)
    throw new DomainError('FILE_TOO_LARGE', {
      name,
      size: formatBytes(size),
      limit: formatBytes(limit),
      limitBytes: limit,
      kindLabel: KIND_LABEL[type.kind],
    });
  const facts = type.kind === 'image' ? await imageFacts(source, name) : undefined;

  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const key = contentKey(id);
  await deps.storage.put(key, createReadStream(source).pipe(hashing));
  if (facts) await deps.storage.put(thumbKey(id), Readable.from([facts.thumbnail]));
  try {
    const row = await deps.database.db.transaction(async (tx) => {
      const inserted = await repo.insertFile(tx, {
        id,
        storageKey: key,
        originalName: name,
        mimeType: type.mime,
        kind: type.kind,
        size,
        sha256: hash.digest('hex'),
        width: facts?.width ?? null,
        height: facts?.height ?? null,
        thumbnailKey: facts ? thumbKey(id) : null,
        ownerUnitId: ctx.actor.unitId,
        uploadedBy: ctx.actor.userId || null,
      });
      if (!inserted) return undefined;
      await appendAudit(tx, {
        actorUserId: ctx.actor.userId || null,
        actorName: ctx.actor.username,
        unitId: ctx.actor.unitId,
        action: 'file.upload',
        objectType: 'file',
        objectId: id,
        summary: { name, kind: type.kind, size },
        ip: ctx.ip,
      });
      return inserted;
    });
    deps.sealer.nudge();
    if (row) {
      uploadBytes.inc({ kind: type.kind }, size);
      return row;
    }
  } catch (err) {
    await deps.storage.delete(key);
    if (facts) await deps.storage.delete(thumbKey(id));
    throw err;
  }
  // Finished twice at once: the other call stored it.
  const existing = await repo.findFile(deps.database.db, id);
  if (!existing) throw new DomainError('UPLOAD_NOT_FOUND');
  return existing;
}

const inFlight = new Map<string, Promise<repo.FileRow>>();

/**
 * Turns a complete resumable upload of the caller into a file (idempotent: finishing again answers the same
 * file). A file the content check refuses is removed from staging, so the user picks another.
 */
export async function finishUpload(deps: AppDeps, ctx: RequestCtx, uploadId: string): Promise<FileView> {
  if (!UPLOAD_ID.test(uploadId)) throw new DomainError('UPLOAD_NOT_FOUND');
  const done = await repo.findFile(deps.database.db, uploadId);
  if (done) {
    if (done.uploadedBy !== ctx.actor.userId) throw new DomainError('UPLOAD_NOT_FOUND');
    return fileView(done);
  }
  const staging = stagingFor(deps);
  const upload = await staging.find(uploadId);
  if (upload?.metadata?.[UPLOADER_KEY] !== String(ctx.actor.userId)) throw new DomainError('UPLOAD_NOT_FOUND');
  if (upload.size === undefined || upload.offset !== upload.size)
    throw new DomainError('UPLOAD_INCOMPLETE', { offset: upload.offset, size: upload.size ?? '?' });
  const name = upload.metadata.filename ?? upload.metadata.name ?? 'file';
  let pending = inFlight.get(uploadId);
  if (!pending) {
    pending = ingest(deps, ctx, uploadId, staging.pathOf(uploadId), name);
    inFlight.set(uploadId, pending);
  }
  try {
    const row = await pending;
    await staging.remove(uploadId);
    return fileView(row);
  } catch (err) {
    if (err instanceof DomainError) await staging.remove(uploadId);
    throw err;
  } finally {
    inFlight.delete(uploadId);
  }
}

/** Stores a file received whole (notice import keeps the original document); unattached, owned by the caller. */
export async function storeReceivedFile(deps: AppDeps, ctx: RequestCtx, name: string, data: Buffer): Promise<FileView> {
  const id = randomBytes(16).toString('hex');
  const dir = path.join(deps.env.dataDir, 'uploads');
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `${id}.received`);
  await writeFile(tmp, data);
  try {
    return fileView(await ingest(deps, ctx, id, tmp, name));
  } finally {
    await rm(tmp, { force: true });
  }
}

export async function findFileRow(deps: AppDeps, id: string): Promise<repo.FileRow | undefined> {
  return UPLOAD_ID.test(id) ? repo.findFile(deps.database.db, id) : undefined;
}

/** The content (or a byte range of it) of a file whose access was already checked. */
export async function openContent(deps: AppDeps, f: repo.FileRow, range?: ByteRange): Promise<Readable> {
  return deps.storage.open(f.storageKey, range);
}

export async function openThumbnail(deps: AppDeps, f: repo.FileRow): Promise<Readable | undefined> {
  return f.thumbnailKey ? deps.storage.open(f.thumbnailKey) : undefined;
}
