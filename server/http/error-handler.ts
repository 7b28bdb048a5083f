import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type ErrorKind } from '../../domain/errors/domain-error.ts';

const statusOf: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  rate_limited: 429,
  too_large: 413,
  unavailable: 503,
};

export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

function issueCode(issue: unknown): string {
  const code = typeof issue === 'object' && issue !== null && 'code' in issue ? issue.code : undefined;
  return typeof code === 'string' ? code : '';
}

export function errorBody(err: DomainError): ErrorBody {
  return { error: { code: err.code, message: err.message, details: err.details } };
}

/** Every error answers { error: { code, message, details } } (CONTRACTS.md). */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof DomainError) return reply.status(statusOf[err.kind]).send(errorBody(err));
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({
        path: v.instancePath || '/',
        message: v.message ?? '',
        code: issueCode(v.params.issue),
      }));
      const summary = issues
        .slice(0, 3)
        .map((i) => `${i.path.replace(/^\//, '') || '请求'}：${i.message}`)
        .join('；');
      return reply
        .status(400)
        .send(errorBody(new DomainError('VALIDATION_FAILED', { summary, issues, context: err.validationContext })));
    }
    // A unique constraint caught what a check before it could not (two requests at once).
    if ((err as { code?: unknown }).code === '23505')
      return reply.status(409).send(errorBody(new DomainError('CONFLICT')));
    // NUL or bad UTF-8 that reached a statement by a way the text guard does not see (e.g. a file's contents).
    const pgCode = (err as { code?: unknown }).code;
    if (pgCode === '22021' || pgCode === '22P05')
      return reply.status(400).send(errorBody(new DomainError('INVALID_TEXT', { where: 'data' })));
    if (err.code === 'FST_ERR_BAD_URL')
      return reply.status(400).send(errorBody(new DomainError('INVALID_TEXT', { where: 'url' })));
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply.status(413).send(errorBody(new DomainError('PAYLOAD_TOO_LARGE')));
    if (err.statusCode === 429) return reply.status(429).send(errorBody(new DomainError('RATE_LIMITED')));
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply
        .status(err.statusCode)
        .send(errorBody(new DomainError('VALIDATION_FAILED', { summary: err.message })));
    }
    request.log.error({ err }, 'unhandled error');
    return reply
      .status(500)
      .send({ error: { code: 'INTERNAL_ERROR', message: '服务器内部错误，请稍后重试', details: {} } });
  });
}
