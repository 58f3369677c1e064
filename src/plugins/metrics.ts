/** Prometheus metrics at /metrics: default process metrics plus per-route request histograms. */
import fp from 'fastify-plugin';
import fastifyMetrics from 'fastify-metrics';
import type { FastifyInstance } from 'fastify';

export default fp(
  async function metrics(app: FastifyInstance) {
    await app.register(fastifyMetrics.default, {
      endpoint: { url: '/metrics', schema: { hide: true } } as never,
      // Several apps in one test process must not register the same default metrics twice.
      clearRegisterOnInit: true,
      routeMetrics: { enabled: { histogram: true, summary: false } },
    });
  },
  { name: 'metrics' },
);
