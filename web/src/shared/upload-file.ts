import { ApiError } from '../api/client.ts';
import { messages } from '../i18n/zh-CN.ts';

/**
 * Sends one file as multipart/form-data (the browser sets the content type with its boundary) and
 * answers the JSON body, or throws an ApiError shaped like the JSON client's.
 */
export async function uploadFile<T>(
  path: string,
  file: File,
  options: {
    csrfToken: string;
    query?: Record<string, string>;
    signal?: AbortSignal;
  },
): Promise<T> {
  const body = new FormData();
  body.append('file', file, file.name);
  const qs = options.query ? new URLSearchParams(options.query).toString() : '';
  let response: Response;
  try {
    response = await fetch(qs ? `${path}?${qs}` : path, {
      method: 'POST',
      headers: { accept: 'application/json', 'x-csrf-token': options.csrfToken },
      credentials: 'same-origin',
      body,
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError('NETWORK_ERROR', messages.common.networkError, {}, 0);
  }
  if (response.ok) return (await response.json()) as T;

  let parsed: unknown = null;
  try {
    parsed = await response.json();
  } catch {
    /* not JSON (e.g. a proxy's page): a generic message below */
  }
  const err = typeof parsed === 'object' && parsed !== null ? (parsed as { error?: unknown }).error : undefined;
  if (typeof err === 'object' && err !== null) {
    const e = err as { code?: unknown; message?: unknown; details?: unknown };
    throw new ApiError(
      typeof e.code === 'string' ? e.code : 'UNKNOWN',
      typeof e.message === 'string' ? e.message : messages.common.unknownError,
      typeof e.details === 'object' && e.details !== null ? (e.details as Record<string, unknown>) : {},
      response.status,
    );
  }
  // A proxy in front of the server may refuse a large upload before it reaches us.
  if (response.status === 413) throw new ApiError('PAYLOAD_TOO_LARGE', messages.bulkImport.tooLarge, {}, 413);
  throw new ApiError(`HTTP_${response.status}`, messages.common.unknownError, {}, response.status);
}
