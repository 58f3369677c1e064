/** Prometheus metrics at /metrics: default process metrics plus per-route request histograms. */
import fp from 'fastify-plugin';
import fastifyMetrics from 'fastify-metrics';
import type { FastifyInstance } from 'fastify';
import type { Counter } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    /** Counted by the HTTP layer's client-error handler (plugins/errors.ts). */
    clientErrors: Counter<'reason'>;
  }
}

export default fp(
  async function metrics(app: FastifyInstance) {
    await app.register(fastifyMetrics.default, {
      endpoint: { url: '/metrics', schema: { hide: true } } as never,
      // Several apps in one test process must not register the same default metrics twice.
      clearRegisterOnInit: true,
      routeMetrics: { enabled: { histogram: true, summary: false } },
    });
    app.decorate(
      'clientErrors',
      new app.metrics.client.Counter({
        name: 'sieve_client_errors_total',
        help: 'Connections refused before a request reached the service, by reason (timeouts, oversized headers, malformed requests)',
        labelNames: ['reason'],
      }),
    );
  },
  { name: 'metrics' },
);
