import type { Readable } from 'node:stream';

/** Byte range, both ends inclusive (as in HTTP Range). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where file contents live. Keys are opaque relative names chosen by the server (never user input).
 * The local-disk implementation is the only one now; an S3-compatible one can follow the same shape.
 */
export interface Storage {
  /** Stores the stream whole under the key (atomically: a failed write leaves nothing); returns the byte count. */
  put(key: string, body: Readable): Promise<{ size: number }>;
  /** Reads the object, or the given inclusive byte range of it. */
  open(key: string, range?: ByteRange): Promise<Readable>;
  /** Size in bytes, or undefined when missing. */
  stat(key: string): Promise<{ size: number } | undefined>;
  /** Removes the object; missing is not an error. */
  delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

/** Keys are lower-case names with slashes, no dots-only segments: nothing can climb out of the store. */
export function assertSafeKey(key: string): void {
  if (key.length > 200 || !KEY.test(key) || key.split('/').some((s) => s === '.' || s === '..')) {
    throw new Error(`unsafe storage key: ${JSON.stringify(key)}`);
  }
}
