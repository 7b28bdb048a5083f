import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import helmet from 'helmet';
import { z } from 'zod';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { DomainError } from '../domain/errors/domain-error.ts';
import { registerAuthHooks } from './http/auth-hooks.ts';
import { errorBody, registerErrorHandler } from './http/error-handler.ts';
import { invalidText, registerTextGuard } from './http/text-guard.ts';
import { activityRoutes } from './routes/activity.routes.ts';
import { attachmentRoutes } from './routes/attachment.routes.ts';
import { fileRoutes } from './routes/file.routes.ts';
import { mediaRoutes } from './routes/media.routes.ts';
import { uploadRoutes } from './routes/upload.routes.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { caseRoutes } from './routes/case.routes.ts';
import { digestRoutes } from './routes/digest.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { metricsRoutes } from './routes/metrics.routes.ts';
import { httpDuration } from './observability/metrics.ts';
import { requestIdFrom, runWithRequestId } from './observability/request-context.ts';
import { noticeExportRoutes } from './routes/notice-export.routes.ts';
import { noticeImportRoutes } from './routes/notice-import.routes.ts';
import { publicRoutes } from './routes/public.routes.ts';
import { noticeRoutes } from './routes/notice.routes.ts';
import { notificationRoutes } from './routes/notification.routes.ts';
import { progressRoutes } from './routes/progress.routes.ts';
import { reportExportRoutes } from './routes/report-export.routes.ts';
import { formRoutes } from './routes/form.routes.ts';
import { reportRoutes } from './routes/report.routes.ts';
import { rollupRoutes } from './routes/rollup.routes.ts';
import { unitRoutes } from './routes/unit.routes.ts';
import { userRoutes } from './routes/user.routes.ts';
import type { AppDeps } from './services/service-context.ts';

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

// Validation messages in Chinese.
z.config(z.locales.zhCN());

/** TRUST_PROXY for Fastify: a hop count trusts that many proxies nearest to us, a list those addresses. */
function trustProxyOption(
  setting: false | number | string[],
): boolean | string[] | ((addr: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_addr, hop) => hop < setting;
  return setting;
}

export interface BuildOptions {
  logger?: boolean | { level: string };
  /** The process's logger (JSON lines), shared with startup messages. */
  loggerInstance?: FastifyBaseLogger;
}

export async function buildApp(deps: AppDeps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.loggerInstance
      ? { loggerInstance: options.loggerInstance }
      : { logger: options.logger ?? { level: deps.env.LOG_LEVEL } }),
    bodyLimit: 1024 * 1024,
    // A proxy's X-Request-Id (nginx $request_id) is kept, so its access log and ours name the same request.
    genReqId: (req) => requestIdFrom(req.headers['x-request-id']),
    // No proxy is trusted unless TRUST_PROXY names one: otherwise any client could pick its own address
    // in X-Forwarded-For and walk past the lockout, the rate limits and the audit log.
    trustProxy: trustProxyOption(deps.env.TRUST_PROXY),
    // A path that is not valid percent-encoded UTF-8 fails in the router, before any hook.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      if (error.code === 'FST_ERR_BAD_URL') void reply.status(400).send(errorBody(invalidText('url')));
      else void reply.status(400).send(errorBody(new DomainError('VALIDATION_FAILED', { summary: error.message })));
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  // The request id reaches the audit entries written while handling the request (request-context.ts).
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    runWithRequestId(request.id, done);
  });
  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern (/api/notices/:id), never the URL: one series per route, not per id.
    const route = request.routeOptions.url ?? 'unmatched';
    httpDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });

  // Security headers from one helmet middleware built here: the Fastify plugin rebuilt it on every request.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: deps.env.PUBLIC_BASE_URL.startsWith('https://'),
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (err?: unknown) => {
      done(err instanceof Error ? err : undefined);
    });
  });
  registerTextGuard(app);
  await app.register(cookie);
  await app.register(multipart);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => ({ statusCode: 429, ...errorBody(new DomainError('RATE_LIMITED')) }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '质量月活动管理平台 API',
        version: '0.1.0',
        description: '错误统一为 {"error":{"code","message","details"}}；修改类请求需带 x-csrf-token。',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  registerAuthHooks(app, deps);
  await app.register(healthRoutes(deps));
  await app.register(metricsRoutes(deps));
  await app.register(authRoutes(deps));
  await app.register(unitRoutes(deps));
  await app.register(userRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(noticeRoutes(deps));
  await app.register(formRoutes(deps));
  await app.register(reportRoutes(deps));
  await app.register(reportExportRoutes(deps));
  await app.register(rollupRoutes(deps));
  await app.register(noticeExportRoutes(deps));
  await app.register(noticeImportRoutes(deps));
  await app.register(publicRoutes(deps));
  await app.register(notificationRoutes(deps));
  await app.register(activityRoutes(deps));
  await app.register(caseRoutes(deps));
  await app.register(progressRoutes(deps));
  await app.register(digestRoutes(deps));
  await app.register(uploadRoutes(deps));
  await app.register(fileRoutes(deps));
  await app.register(attachmentRoutes(deps));
  await app.register(mediaRoutes(deps));

  const hasWeb = existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      cacheControl: false,
      // Hashed assets never change; the HTML that names them must always be fresh after a deploy.
      setHeaders: (res, filePath) => {
        res.header('cache-control', filePath.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      return reply.status(404).send(errorBody(new DomainError('NOT_FOUND')));
    }
    if (!hasWeb)
      return reply.status(503).type('text/plain; charset=utf-8').send('前端尚未构建：请运行 npm run build:web');
    // Client-side routes get the app shell.
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return app;
}
