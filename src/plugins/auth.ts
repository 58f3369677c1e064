/**
 * Authentication for /v1 and the contract's permission table. A request is authenticated by its
 * bearer token (machines, and installations without an identity provider) or, with none, by a staff
 * session's cookie (after signing in through the provider; writing requests then need the session's
 * CSRF token). This is checked in onRequest, before the body is read; the role is checked in
 * preParsing, i.e. after the per-key rate limit (a route-level onRequest hook) and before body
 * limits and validation — the order the contract fixes (401 → 429 → 403 → 413/415 → 400).
 */
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../shared/errors.js';
import { formatTime } from '../shared/time.js';
import { mayAccess, type Area, type Principal } from '../auth/permissions.js';
import { createKeyService, type KeyService } from '../auth/keys.service.js';
import { ADMIN_KEY_FILE, writeSecret } from '../storage/data-dir.js';
import { createSessionService, CSRF_HEADER, csrfMatches, SESSION_COOKIE, type SessionService } from '../auth/sessions.service.js';
import { actAs } from '../registry/audit.js';
import type { SessionRecord } from '../storage/ports.js';

declare module 'fastify' {
  interface FastifyInstance {
    keys: KeyService;
    /** Checks a /v1 request's bearer token and sets `req.principal`; throws 401 otherwise. */
    authenticate(req: FastifyRequest): Promise<void>;
    /** Every /v1 route with its permission area: the table the role walk in the tests checks. */
    routeAccess: Array<{ method: string; url: string; access: Area }>;
    /** Staff sessions; null when no identity provider is configured. */
    sessions: SessionService | null;
    /**
     * The staff session of a request's cookie (sets `req.principal`); throws 401 without one in
     * force, and 403 for a writing request without the session's CSRF token.
     */
    authenticateSession(req: FastifyRequest): Promise<{ session: SessionRecord; token: string }>;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: Area;
  }
}

const BEARER = /^Bearer +(\S+) *$/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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

    // Cookies are read for staff sessions only; a request's cookies are parsed before the hooks below.
    await app.register(cookie);
    const sessions = app.config.oidc ? createSessionService({ store: app.store, now: app.now, config: app.config.oidc }) : null;
    app.decorate('sessions', sessions);

    app.decorate('authenticateSession', async (req: FastifyRequest) => {
      // Errors the router raises come before the cookie parser ran.
      const token = sessions ? req.cookies?.[SESSION_COOKIE] : undefined;
      if (!sessions || !token) throw new DomainError('UNAUTHENTICATED', 'Send Authorization: Bearer <token>, or sign in through the identity provider.');
      const resumed = await sessions.resume(token);
      if (!resumed) throw new DomainError('UNAUTHENTICATED', 'The session is unknown or has been signed out; sign in again.');
      if ('ended' in resumed)
        throw new DomainError(
          'UNAUTHENTICATED',
          resumed.ended === 'idle' ? 'The session ended after a period without use; sign in again.' : 'The session reached its maximum length; sign in again.',
          [{ path: '/cookies/sieve_session', message: resumed.ended === 'idle' ? 'idle timeout' : 'absolute timeout' }],
        );
      // A cookie goes with every request the browser makes to this origin; the header only with the console's own.
      if (!SAFE_METHODS.has(req.method) && !csrfMatches(token, req.headers[CSRF_HEADER]))
        throw new DomainError('FORBIDDEN', `A writing request made with the session cookie must carry the session's ${CSRF_HEADER} header.`, [
          { path: `/headers/${CSRF_HEADER}`, message: req.headers[CSRF_HEADER] === undefined ? 'missing' : 'does not match the session' },
        ]);
      req.principal = resumed.principal;
      return { session: resumed.session, token };
    });

    app.decorate('authenticate', async (req: FastifyRequest) => {
      if (req.headers.authorization === undefined && sessions && req.cookies?.[SESSION_COOKIE] !== undefined) return void (await app.authenticateSession(req));
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

    // Every audit record written for a person in a session names them as the provider does.
    app.addHook('preHandler', (req, _reply, done) => {
      const identity = req.principal?.identity;
      if (identity) actAs({ name: req.principal!.name, identity }, done);
      else done();
    });

    app.addHook('preParsing', async (req) => {
      const access = req.routeOptions.config?.access;
      if (access && req.principal && !mayAccess(req.principal.role, access))
        throw new DomainError('FORBIDDEN', `The ${req.principal.role} role may not use this endpoint.`);
    });
  },
  { name: 'auth', dependencies: ['storage'] },
);
