import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's own registry (one per instance, so tests and embedded services don't collide). */
    metrics: { registry: Registry; httpDuration: Histogram<'method' | 'route' | 'status_code'> };
  }
}

export const metricsPlugin = fp(
  async (app: FastifyInstance, opts: { defaultMetrics: boolean }) => {
    const registry = new Registry();
    if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
    const httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    app.decorate('metrics', { registry, httpDuration });

    app.addHook('onResponse', async (request, reply) => {
      // The route pattern, never the raw URL: bounded label values and no ids or personal data.
      const route = request.routeOptions.url ?? 'unmatched';
      httpDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });

    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      const body = await registry.metrics();
      return reply.type(registry.contentType).send(body);
    });
  },
  { name: 'zz-metrics' },
);
