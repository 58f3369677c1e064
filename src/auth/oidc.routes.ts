/**
 * Staff sign-in through the organisation's identity provider, outside /v1 (these are browser
 * navigations, not API calls): leaving for the provider, coming back, the console's view of its
 * session (with the CSRF token), and signing out here and at the provider.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { html } from '../shared/html.js';
import { formatTime } from '../shared/time.js';
import { createOidcClient, SignInRefused, type PendingSignIn } from './oidc.js';
import { csrfToken, SESSION_COOKIE } from './sessions.service.js';

const FLOW_COOKIE = 'sieve_oidc';
const FLOW_PATH = '/auth/oidc';
/** How long a person may spend at the provider's login page. */
const FLOW_SECONDS = 600;

const hide = { schema: { hide: true } };

/** A Chinese page for a person whose sign-in could not be completed, with the way back. */
function refusal(reply: FastifyReply, status: number, title: string, message: string) {
  return reply
    .code(status)
    .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(
      html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title} · Sieve</title></head>
<body><main><h1>${title}</h1><p>${message}</p><p><a href="/console">返回审查控制台</a></p></main></body></html>
`.html,
    );
}

export default async function oidcRoutes(app: FastifyInstance) {
  const cfg = app.config.oidc;
  const oidc = cfg ? createOidcClient(cfg) : null;
  // Secure whenever the browser reached this service over HTTPS (behind a proxy: SIEVE_TRUST_PROXY).
  const cookieOptions = (req: FastifyRequest, options: CookieSerializeOptions): CookieSerializeOptions => ({
    httpOnly: true,
    secure: req.protocol === 'https',
    ...options,
  });

  app.get('/auth/oidc/login', hide, async (req, reply) => {
    if (!oidc) return refusal(reply, 404, '未启用统一身份认证', '本系统未配置统一身份认证，请使用访问令牌登录。');
    let begun: Awaited<ReturnType<typeof oidc.begin>>;
    try {
      begun = await oidc.begin();
    } catch (err) {
      req.log.error({ err }, 'the identity provider could not be reached');
      return refusal(reply, 503, '统一身份认证暂时无法访问', '无法连接统一身份认证服务，请稍后再试；如持续出现，请联系系统管理员。');
    }
    // Lax, not Strict: the provider sends the browser back by a cross-site navigation.
    reply.setCookie(
      FLOW_COOKIE,
      Buffer.from(JSON.stringify(begun.pending)).toString('base64url'),
      cookieOptions(req, { sameSite: 'lax', path: FLOW_PATH, maxAge: FLOW_SECONDS }),
    );
    return reply.header('cache-control', 'no-store').redirect(begun.url, 302);
  });

  // The provider's own parameters (code, state, iss) are read from the URL by the client library.
  const callbackQuery = Type.Object({ error: Type.Optional(Type.String()) });
  app.withTypeProvider<TypeBoxTypeProvider>().get('/auth/oidc/callback', { schema: { hide: true, querystring: callbackQuery } }, async (req, reply) => {
    if (!oidc || !app.sessions) return refusal(reply, 404, '未启用统一身份认证', '本系统未配置统一身份认证，请使用访问令牌登录。');
    const pending = readPending(req.cookies[FLOW_COOKIE]);
    reply.clearCookie(FLOW_COOKIE, cookieOptions(req, { sameSite: 'lax', path: FLOW_PATH }));
    if (!pending) return refusal(reply, 400, '登录未完成', '登录请求已过期，或不是从本系统发起的。请返回控制台重新登录。');
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    const providerError = req.query.error;
    if (typeof providerError === 'string') {
      req.log.info({ error: providerError }, 'the identity provider refused the sign-in');
      return refusal(reply, 403, '登录未完成', `统一身份认证未完成登录（${providerError}）。请返回控制台重新登录。`);
    }
    let person: Awaited<ReturnType<typeof oidc.finish>>;
    try {
      person = await oidc.finish(query, pending);
    } catch (err) {
      if (err instanceof SignInRefused) {
        req.log.info({ reason: err.message }, 'sign-in refused');
        return refusal(reply, err.status, '无法登录', err.message);
      }
      // A wrong state, a replayed code, a PKCE or ID token that does not check out.
      req.log.warn({ err }, 'sign-in callback failed its checks');
      return refusal(reply, 400, '登录未完成', '登录应答未通过校验（可能已过期或被篡改）。请返回控制台重新登录。');
    }
    const { token } = await app.sessions.start(person);
    req.log.info({ name: person.name, role: person.role }, 'signed in through the identity provider');
    reply.setCookie(SESSION_COOKIE, token, cookieOptions(req, { sameSite: 'strict', path: '/', maxAge: cfg!.maxAgeSeconds }));
    return reply.header('cache-control', 'no-store').redirect('/console', 303);
  });

  /** What the console needs at load: whether the provider is in use, and the session if there is one. */
  app.get('/auth/session', hide, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    if (!app.sessions || req.cookies[SESSION_COOKIE] === undefined) return { oidc: oidc !== null, session: null };
    try {
      const { session, token } = await app.authenticateSession(req);
      return {
        oidc: true,
        session: {
          name: session.name,
          displayName: session.displayName ?? session.name,
          role: session.role,
          csrfToken: csrfToken(token),
          expiresAt: formatTime(session.expiresAt),
        },
      };
    } catch {
      reply.clearCookie(SESSION_COOKIE, cookieOptions(req, { sameSite: 'strict', path: '/' }));
      return { oidc: true, session: null };
    }
  });

  /** Ends the session here, and tells the console where the provider ends its own (if it can). */
  app.post('/auth/signout', hide, async (req, reply) => {
    const { session } = await app.authenticateSession(req);
    await app.sessions!.end(session);
    reply.clearCookie(SESSION_COOKIE, cookieOptions(req, { sameSite: 'strict', path: '/' }));
    let endSessionUrl: string | null = null;
    try {
      endSessionUrl = (await oidc?.endSessionUrl(session.idToken)) ?? null;
    } catch (err) {
      req.log.warn({ err }, 'the identity provider could not be reached to sign out there');
    }
    return { endSessionUrl };
  });
}

function readPending(raw: string | undefined): PendingSignIn | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    return typeof value?.state === 'string' && typeof value.nonce === 'string' && typeof value.verifier === 'string' ? value : null;
  } catch {
    return null;
  }
}
