/**
 * Per-key rate limit on the intake routes (the contract: per key name, not per IP; a batch is one
 * request). Routes opt in with `config.rateLimit`; health, metrics and docs never do.
 */
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../shared/errors.js';

export default fp(
  async function rateLimiting(app: FastifyInstance) {
    await app.register(rateLimit, {
      global: false,
      max: app.config.rateLimit || 1,
      timeWindow: 1000,
      keyGenerator: (req) => `key:${req.principal?.name ?? req.ip}`,
      errorResponseBuilder: (_req, ctx) => new DomainError('RATE_LIMITED', `More than ${ctx.max} requests per second for this key; retry in ${ctx.after}.`),
    });
  },
  { name: 'rate-limit', dependencies: ['auth'] },
);

/** Route config for intake routes; empty when the limit is off (SIEVE_RATE_LIMIT=0). */
export function intakeRateLimit(limit: number) {
  return limit > 0 ? { rateLimit: { max: limit, timeWindow: 1000 } } : {};
}
