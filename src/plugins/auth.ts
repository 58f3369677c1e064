/**
 * Bearer-token authentication for /v1 and the contract's permission table. The token is checked in
 * onRequest, before the body is read; the role is checked in preParsing, i.e. after the per-key
 * rate limit (a route-level onRequest hook) and before body limits and validation — the order the
 * contract fixes (401 → 429 → 403 → 413/415 → 400).
 */
import fp from 'fastify-plugin';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../shared/errors.js';
import { formatTime } from '../shared/time.js';
import { mayAccess, type Area, type Principal } from '../auth/permissions.js';
import { createKeyService, type KeyService } from '../auth/keys.service.js';
import { ADMIN_KEY_FILE, writeSecret } from '../storage/data-dir.js';

declare module 'fastify' {
  interface FastifyInstance {
    keys: KeyService;
    /** Checks a /v1 request's bearer token and sets `req.principal`; throws 401 otherwise. */
    authenticate(req: FastifyRequest): Promise<void>;
    /** Every /v1 route with its permission area: the table the role walk in the tests checks. */
    routeAccess: Array<{ method: string; url: string; access: Area }>;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: Area;
  }
}

const BEARER = /^Bearer +(\S+) *$/i;

export default fp(
  async function auth(app: FastifyInstance) {
    const keys = createKeyService(app.config.apiKeys, app.store.read.keys, app.now);
    app.decorate('keys', keys);
    app.decorateRequest('principal', null);

    // A first start with no keys must be usable and safe: one admin key, in an owner-only file.
    if (app.config.apiKeys.length === 0 && (await keys.storedCount()) === 0) {
      const path = join(app.config.dataDir, ADMIN_KEY_FILE);
      await app.store.write(async (tx) => {
        const { token } = await createKeyService([], tx.keys, app.now).create(tx, { role: 'admin', name: 'admin', actor: 'system' });
        writeSecret(path, `${token}\n`);
      });
      app.log.warn({ file: path }, 'no API keys were configured: created an admin key and stored it in this file (owner-only)');
    }

    app.decorate('routeAccess', []);
    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/v1')) return;
      const access = route.config?.access;
      if (!access) throw new Error(`Route ${route.method} ${route.url} must declare config.access (its permission area)`);
      for (const method of [route.method].flat()) if (method !== 'HEAD') app.routeAccess.push({ method, url: route.url, access });
    });

    app.decorate('authenticate', async (req: FastifyRequest) => {
      const match = BEARER.exec(req.headers.authorization ?? '');
      if (!match) throw new DomainError('UNAUTHENTICATED', 'Send Authorization: Bearer <token>.');
      const found = await keys.authenticate(match[1]);
      if (!found) throw new DomainError('UNAUTHENTICATED', 'The token is unknown or revoked.');
      if ('expiredAt' in found)
        throw new DomainError('UNAUTHENTICATED', `The key expired at ${formatTime(found.expiredAt)}; ask an administrator for a new one.`, [
          { path: '/headers/authorization', message: 'expired' },
        ]);
      req.principal = found.principal;
    });

    app.addHook('onRequest', async (req) => {
      const path = req.url.split('?')[0];
      if (path !== '/v1' && !path.startsWith('/v1/')) return;
      await app.authenticate(req);
    });

    app.addHook('preParsing', async (req) => {
      const access = req.routeOptions.config?.access;
      if (access && req.principal && !mayAccess(req.principal.role, access))
        throw new DomainError('FORBIDDEN', `The ${req.principal.role} role may not use this endpoint.`);
    });
  },
  { name: 'auth', dependencies: ['storage'] },
);
