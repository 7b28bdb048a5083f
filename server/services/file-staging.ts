import path from 'node:path';
import { FileStore } from '@tus/file-store';
import type { Upload } from '@tus/server';
import type { AppDeps } from './service-context.ts';

/** Resumable uploads in progress: DATA_DIR/uploads, one file + one .json per upload (tus file store). */
export interface UploadStaging {
  store: FileStore;
  directory: string;
  /** The upload, or undefined when unknown or gone. */
  find(id: string): Promise<Upload | undefined>;
  pathOf(id: string): string;
  remove(id: string): Promise<void>;
}

/** Upload ids are the tus store's random names; the same id becomes the file's id. */
export const UPLOAD_ID = /^[a-f0-9]{32}$/;
/** Metadata key holding the uploading user's id (set by the server, never taken from the client). */
export const UPLOADER_KEY = 'uploader';
/** Unfinished uploads are kept this long, so a dropped connection can resume the next day. */
export const UPLOAD_EXPIRY_MS = 7 * 24 * 3600 * 1000;

const cache = new WeakMap<Pick<AppDeps, 'env'>, UploadStaging>();

export function stagingFor(deps: Pick<AppDeps, 'env'>): UploadStaging {
  let staging = cache.get(deps);
  if (staging) return staging;
  const directory = path.join(deps.env.dataDir, 'uploads');
  const store = new FileStore({ directory, expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS });
  staging = {
    store,
    directory,
    async find(id) {
      if (!UPLOAD_ID.test(id)) return undefined;
      try {
        return await store.getUpload(id);
      } catch {
        return undefined;
      }
    },
    pathOf: (id) => {
      if (!UPLOAD_ID.test(id)) throw new Error(`bad upload id ${id}`);
      return path.join(directory, id);
    },
    async remove(id) {
      if (UPLOAD_ID.test(id)) await store.remove(id).catch(() => undefined);
    },
  };
  cache.set(deps, staging);
  return staging;
}
