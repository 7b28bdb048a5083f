import { messages } from '../i18n/zh-CN.ts';

/** An error answered by the API as {"error":{"code","message","details"}}, or a network failure (status 0). */
export class ApiError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;
  readonly status: number;

  constructor(code: string, message: string, details: Record<string, unknown>, status: number) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
    this.status = status;
  }

  /** Field-level problems of a VALIDATION_FAILED answer. */
  get issues(): { path: string; message: string }[] {
    const raw = this.details.issues;
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((item: unknown) => {
      if (typeof item !== 'object' || item === null) return [];
      const rec = item as Record<string, unknown>;
      const p = rec.path;
      const path = Array.isArray(p) ? p.map(String).join('.') : typeof p === 'string' ? p : '';
      return typeof rec.message === 'string' ? [{ path, message: rec.message }] : [];
    });
  }
}

/** What the app does when the session is gone or a password change is pending. */
export interface AuthFailureHandlers {
  onSessionLost: (error: ApiError) => void;
  onPasswordChangeRequired: () => void;
}

let csrfToken: string | null = null;
let handlers: AuthFailureHandlers | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The session's CSRF token, for requests not sent through api() (resumable uploads). */
export function getCsrfToken(): string | null {
  return csrfToken;
}

export function setAuthFailureHandlers(h: AuthFailureHandlers | null): void {
  handlers = h;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** Login and session probes handle 401 themselves instead of redirecting. */
  skipAuthRedirect?: boolean;
  signal?: AbortSignal;
}

function buildUrl(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    /* not JSON: fall through to a generic message */
  }
  const err = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof err === 'object' && err !== null) {
    const e = err as { code?: unknown; message?: unknown; details?: unknown };
    const details = typeof e.details === 'object' && e.details !== null ? (e.details as Record<string, unknown>) : {};
    return new ApiError(
      typeof e.code === 'string' ? e.code : 'UNKNOWN',
      typeof e.message === 'string' ? e.message : messages.common.unknownError,
      details,
      response.status,
    );
  }
  return new ApiError('HTTP_' + String(response.status), messages.common.unknownError, {}, response.status);
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  try {
    return await send<T>(path, method, options);
  } catch (first) {
    let error = first;
    // A GET is safe to repeat: up to two retries ride out a transient server fault (seen with concurrent
    // queries on the embedded database) before the user is logged out or shown an error.
    const transient =
      first instanceof ApiError && (first.status >= 500 || (first.status === 401 && csrfToken !== null));
    for (const delay of [150, 500]) {
      if (method !== 'GET' || !transient || options.signal?.aborted) break;
      await new Promise((r) => setTimeout(r, delay));
      try {
        return await send<T>(path, method, options);
      } catch (again) {
        error = again;
      }
      if (!(error instanceof ApiError) || (error.status < 500 && error.status !== 401)) break;
    }
    notifyAuthFailure(error, options);
    throw error;
  }
}

function notifyAuthFailure(error: unknown, options: RequestOptions): void {
  if (!(error instanceof ApiError) || options.skipAuthRedirect || !handlers) return;
  if (error.status === 401 && (error.code === 'SESSION_EXPIRED' || error.code === 'UNAUTHENTICATED'))
    handlers.onSessionLost(error);
  else if (error.status === 403 && error.code === 'PASSWORD_CHANGE_REQUIRED') handlers.onPasswordChangeRequired();
}

async function send<T>(
  path: string,
  method: NonNullable<RequestOptions['method']>,
  options: RequestOptions,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // Fastify rejects an empty body sent as JSON, so only declare JSON when there is one.
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError('NETWORK_ERROR', messages.common.networkError, {}, 0);
  }

  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** The Chinese message to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return messages.common.unknownError;
}
