/**
 * buildApp(config) assembles the whole service as a Fastify instance without listening, so tests
 * drive it with inject() and server.ts only adds the listener and signal handling.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import type { Config } from './config.js';
import { createLogger } from './logger.js';
import core from './plugins/core.js';
import errors, { clientErrorHandler, frameworkErrorHandler } from './plugins/errors.js';
import validation from './plugins/validation.js';
import responseCheck from './plugins/response-check.js';
import { serializerCompiler } from './plugins/serializer.js';
import storage from './plugins/storage.js';
import metrics from './plugins/metrics.js';
import audit from './plugins/audit.js';
import docs from './plugins/docs.js';
import health from './plugins/health.js';
import auth from './plugins/auth.js';
import rateLimiting from './plugins/rate-limit.js';
import services from './plugins/services.js';
import domainMetrics from './plugins/domain-metrics.js';
import intakeRoutes from './intake/intake.routes.js';
import meRoutes from './auth/me.routes.js';
import complainantRoutes from './review/complainants.routes.js';
import registryRoutes from './registry/registry.routes.js';
import documentRoutes from './documents/documents.routes.js';
import auditRoutes from './registry/audit.routes.js';
import rulesRoutes from './detection/rules.routes.js';
import rescanRoutes from './rescan/rescan.routes.js';
import consoleRoutes from './review-console/console.routes.js';
import oidcRoutes from './auth/oidc.routes.js';

export interface AppOptions {
  logger?: FastifyBaseLogger;
  now?: () => number;
  /** Fail any answer that does not match its response schema exactly (plugins/response-check.ts); for tests. */
  checkResponses?: boolean;
}

export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  // V8's flags are the process's, so this binds every app in it; set before the similarity index
  // and the profiles load. The reason and the measurements are at DEFAULT_HEAP_GROWTH (config.ts).
  setFlagsFromString(`--heap-growing-percent=${config.heapGrowthPercent}`);
  const app = Fastify({
    loggerInstance: options.logger ?? createLogger(config.logLevel),
    bodyLimit: config.bodyLimit,
    // Each start-up step and each close hook may take this long: the similarity index loads in
    // ~15 s at 1M stored, and a stop waits for the requests under way (a batch) up to the shutdown
    // timeout; Fastify's default 10 s would cut either short.
    pluginTimeout: Math.max(120_000, config.shutdownTimeoutMs + 10_000),
    // Behind a TLS-terminating proxy, X-Forwarded-Proto says whether the browser used HTTPS.
    trustProxy: config.trustProxy,
    // An intake system's own request id is kept (one id across both systems' logs) when it is a
    // plausible id; anything else — too long, or with characters that could forge log lines — is
    // replaced.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._:@-]{1,128}$/.test(given) ? given : randomUUID();
    },
    // Hostile JSON: drop prototype-poisoning keys like any other unknown field.
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    // While stopping, requests are refused in the contract's shape by the health plugin.
    return503OnClosing: false,
    // ext:<externalId> percent-encoded: 128 characters of up to 4 UTF-8 bytes each.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    frameworkErrors: frameworkErrorHandler((req): Promise<void> => req.server.authenticate(req)),
    // Slow clients are cut off: Node answers 408 (through clientErrorHandler) once the headers or
    // the whole request have not arrived in time, checking every second.
    requestTimeout: config.timeouts.requestMs,
    http: { headersTimeout: config.timeouts.headersMs, requestTimeout: config.timeouts.requestMs, connectionsCheckingInterval: 1000 },
    clientErrorHandler,
  });
  // Answers are stripped by their closed response schemas, keeping the handler's key order
  // (plugins/serializer.ts): a field a schema does not name never goes out.
  app.setSerializerCompiler(serializerCompiler);

  await app.register(core, { config, now: options.now ?? Date.now });
  await app.register(errors);
  await app.register(validation);
  if (options.checkResponses) await app.register(responseCheck);
  await app.register(storage);
  await app.register(metrics);
  await app.register(audit);
  await app.register(docs);
  await app.register(health);
  await app.register(auth);
  await app.register(rateLimiting);
  await app.register(services);
  await app.register(domainMetrics);
  await app.register(
    async (v1) => {
      await v1.register(meRoutes);
      await v1.register(intakeRoutes);
      await v1.register(complainantRoutes);
      await v1.register(registryRoutes);
      await v1.register(documentRoutes);
      await v1.register(auditRoutes);
      await v1.register(rulesRoutes);
      await v1.register(rescanRoutes);
    },
    { prefix: '/v1' },
  );
  await app.register(consoleRoutes);
  await app.register(oidcRoutes);
  return app;
}
