import type { ParseLimits } from '../documents/parse-isolated.ts';
import type { Env } from '../env.ts';

/** Uploaded documents are parsed in a worker of at most this heap, for at most this long. */
export const PARSE_TIMEOUT_MS = 20_000;
export const PARSE_MAX_HEAP_MB = 512;

export function parseLimits(env: Env): ParseLimits {
  return {
    zip: {
      maxTotalBytes: env.UPLOAD_MAX_UNZIPPED_MB * 1024 * 1024,
      maxEntries: env.UPLOAD_MAX_ZIP_ENTRIES,
      maxRatio: env.UPLOAD_MAX_ZIP_RATIO,
    },
    timeoutMs: PARSE_TIMEOUT_MS,
    maxHeapMb: PARSE_MAX_HEAP_MB,
  };
}
