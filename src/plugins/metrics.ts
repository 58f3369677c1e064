/** Prometheus metrics at /metrics: default process metrics plus per-route request histograms. */
import fp from 'fastify-plugin';
import fastifyMetrics from 'fastify-metrics';
import type { FastifyInstance } from 'fastify';
import type { Counter } from 'prom-client';

/** What the service did, counted where it happens (intake routes, the assessment composition). */
export interface DomainCounters {
  ingested: Counter<'result'>;
  assessments: Counter<'level' | 'source'>;
  flags: Counter<'source'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Counted by the HTTP layer's client-error handler (plugins/errors.ts). */
    clientErrors: Counter<'reason'>;
    counters: DomainCounters;
  }
}

export default fp(
  async function metrics(app: FastifyInstance) {
    await app.register(fastifyMetrics.default, {
      // fastify-metrics sets the method and the handler of this route itself.
      endpoint: { method: 'GET', url: '/metrics', schema: { hide: true }, handler: async () => undefined },
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
    const { Counter: PromCounter } = app.metrics.client;
    app.decorate('counters', {
      ingested: new PromCounter({
        name: 'sieve_complaints_ingested_total',
        help: 'Complaints received by intake, by result: created, duplicate (a replay), conflict, invalid',
        labelNames: ['result'],
      }),
      assessments: new PromCounter({
        name: 'sieve_assessments_total',
        help: 'Assessments stored by intake, events and merges, by level and cause (rescans report their own diff)',
        labelNames: ['level', 'source'],
      }),
      flags: new PromCounter({ name: 'sieve_flags_raised_total', help: 'Registry entries flagged automatically, by cause', labelNames: ['source'] }),
    });
  },
  { name: 'metrics' },
);
