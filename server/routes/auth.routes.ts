import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookie, ctxOf, SESSION_COOKIE } from '../http/auth-hooks.ts';
import { changePassword, login, logout, sessionUser } from '../services/auth.service.ts';
import type { AppDeps } from '../services/service-context.ts';

export const authRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const secure = deps.env.PUBLIC_BASE_URL.startsWith('https://');

    app.post(
      '/api/auth/login',
      {
        config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          summary: '登录',
          body: z.strictObject({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) }),
        },
      },
      async (request, reply) => {
        const result = await login(
          deps,
          request.body.username,
          request.body.password,
          request.ip,
          request.headers['user-agent'] ?? null,
        );
        reply.setCookie(SESSION_COOKIE, result.token, { path: '/', httpOnly: true, sameSite: 'lax', secure });
        return {
          user: await sessionUser(deps, result.actor),
          mustChangePassword: result.mustChangePassword,
          csrfToken: result.csrfToken,
        };
      },
    );

    app.get(
      '/api/auth/me',
      { config: { allowPasswordChangePending: true }, schema: { tags: ['auth'], summary: '当前用户' } },
      async (request) => {
        const session = request.session;
        if (!session) throw new Error('unreachable: route requires a session');
        return {
          user: await sessionUser(deps, session.actor),
          mustChangePassword: session.mustChangePassword,
          csrfToken: session.csrfToken,
          idleMinutes: deps.env.SESSION_IDLE_MINUTES,
        };
      },
    );

    app.post(
      '/api/auth/logout',
      { config: { allowPasswordChangePending: true }, schema: { tags: ['auth'], summary: '退出登录' } },
      async (request, reply) => {
        const session = request.session;
        if (session) await logout(deps, ctxOf(request), session.sessionId);
        clearSessionCookie(reply);
        return { ok: true };
      },
    );

    app.post(
      '/api/auth/change-password',
      {
        config: { allowPasswordChangePending: true },
        schema: {
          tags: ['auth'],
          summary: '修改密码',
          body: z.strictObject({
            currentPassword: z.string().min(1).max(256),
            newPassword: z.string().min(1).max(256),
          }),
        },
      },
      async (request) => {
        const session = request.session;
        if (!session) throw new Error('unreachable: route requires a session');
        await changePassword(
          deps,
          ctxOf(request),
          session.sessionId,
          request.body.currentPassword,
          request.body.newPassword,
        );
        return { ok: true };
      },
    );
  };
