import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { resolveSession, type ResolvedSession } from '../services/auth.service.ts';
import type { AppDeps, RequestCtx } from '../services/service-context.ts';

export const SESSION_COOKIE = 'qm_session';

declare module 'fastify' {
  interface FastifyRequest {
    session: ResolvedSession | undefined;
    sessionError: DomainError | undefined;
  }
  interface FastifyContextConfig {
    /** Reachable without a session. */
    public?: boolean;
    /** Reachable while the password must still be changed. */
    allowPasswordChangePending?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Loads the session from the cookie; enforces login, CSRF and forced password change on /api. */
export function registerAuthHooks(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('session', undefined);
  app.decorateRequest('sessionError', undefined);
  app.addHook('preHandler', async (request: FastifyRequest) => {
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/docs')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      try {
        request.session = await resolveSession(deps, token);
      } catch (err) {
        if (err instanceof DomainError) request.sessionError = err;
        else throw err;
      }
    }
    const config = request.routeOptions.config;
    if (config.public) return;
    if (!request.session) throw request.sessionError ?? new DomainError('UNAUTHENTICATED');
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== request.session.csrfToken) {
      throw new DomainError('CSRF_INVALID');
    }
    if (request.session.mustChangePassword && !config.allowPasswordChangePending)
      throw new DomainError('PASSWORD_CHANGE_REQUIRED');
  });
}

/** The caller of an authenticated route. */
export function ctxOf(request: FastifyRequest): RequestCtx {
  if (!request.session) throw new DomainError('UNAUTHENTICATED');
  return { actor: request.session.actor, ip: request.ip };
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
