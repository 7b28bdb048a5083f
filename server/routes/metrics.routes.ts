import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { addressMatcher } from '../http/address-allow.ts';
import { createMetricsRegistry } from '../observability/metrics.ts';
import type { AppDeps } from '../services/service-context.ts';
import { databaseGauges } from '../services/system.service.ts';

export const metricsRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const allowed = addressMatcher(deps.env.METRICS_ALLOW);
    const registry = createMetricsRegistry(() => databaseGauges(deps));
    // Prometheus text format, only to METRICS_ALLOW (default loopback); the reverse proxy does not pass it on.
    app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
      // Both the peer and the client it names must be allowed: a forged X-Forwarded-For from outside gets nothing.
      if (!allowed(request.ip) || !allowed(request.socket.remoteAddress ?? ''))
        throw new DomainError('METRICS_FORBIDDEN');
      const text = await registry.metrics();
      return reply.header('cache-control', 'no-store').type(registry.contentType).send(text);
    });
  };
