import { errorMessages, type ErrorCode } from '../i18n/error-messages.zh-CN.ts';

/** How an error is answered: the server maps a kind to an HTTP status, the CLI to an exit code. */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'locked'
  | 'rate_limited'
  | 'too_large'
  | 'unavailable';

export type ErrorDetails = Record<string, unknown>;

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, details: ErrorDetails = {}) {
    const entry = errorMessages[code];
    super(entry.message(details));
    this.code = code;
    this.kind = entry.kind;
    this.details = details;
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}
