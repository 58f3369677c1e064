/**
 * Staff sign-in through a real OpenID Connect provider started by the test (oidc-provider on
 * 127.0.0.1), driven over HTTP as a browser would: the session cookie and its attributes, CSRF on
 * writing requests, the provider's identity in the audit log, idle and absolute timeouts on the
 * app's clock, sign-out, refusal of a person without a mapped role, and the state and PKCE checks.
 */
import t from 'tap';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { residentId, templatedComplaint } from '../helpers/factories.js';
import { CookieJar, loginAtProvider, startProvider, type TestProvider } from '../helpers/oidc-provider.js';
import { hashToken } from '../../src/auth/tokens.js';

const REDIRECT = 'http://127.0.0.1:9/auth/oidc/callback';

interface Setup {
  h: TestApp;
  provider: TestProvider;
  clock: { now: number };
}

async function setup(t: { teardown(fn: () => unknown): void }, env: Record<string, string> = {}): Promise<Setup> {
  const provider = await startProvider(t, { redirectUrl: REDIRECT });
  const clock = { now: Date.now() };
  const h = await buildTestApp(t, { env: { ...provider.env(REDIRECT), ...env }, now: () => clock.now });
  return { h, provider, clock };
}

/** Starts at Sieve's login address, signs in at the provider, and brings the answer back to Sieve. */
async function signIn(h: TestApp, login: string, headers: Record<string, string> = {}) {
  const start = await h.app.inject({ method: 'GET', url: '/auth/oidc/login', headers });
  const jar = new CookieJar();
  jar.take([start.headers['set-cookie']].flat() as string[]);
  const back = await loginAtProvider(start.headers.location as string, login);
  const callback = await h.app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { ...headers, cookie: jar.header() } });
  return { start, back, jar, callback, setCookie: ([callback.headers['set-cookie']].flat() as string[]).find((c) => c?.startsWith('sieve_session=')) };
}

/** A signed-in session: its cookie header and CSRF token. */
async function session(h: TestApp, login = 'zhang.wei') {
  const { setCookie } = await signIn(h, login);
  const cookie = setCookie!.split(';')[0];
  const info = (await h.app.inject({ method: 'GET', url: '/auth/session', headers: { cookie } })).json();
  return { cookie, token: cookie.slice('sieve_session='.length), csrf: info.session.csrfToken as string, info };
}

async function complainant(h: TestApp, i = 1, person?: object): Promise<string> {
  const res = await h.post('intake', '/v1/complaints', templatedComplaint(i, person ? { complainant: person } : {}));
  if (res.statusCode !== 201) throw new Error(`the complaint was refused: ${res.body}`);
  return res.json().complainantId;
}

const allow = (complainantId: string) => ({ complainantId, reason: '经核实为正常消费维权', expiresAt: '2027-06-01T00:00:00+08:00' });

t.test('signing in through the provider sets an httpOnly, SameSite=Strict session cookie, Secure over HTTPS', async (t) => {
  const { h } = await setup(t);
  const { start, back, callback, setCookie } = await signIn(h, 'zhang.wei');
  const authorization = new URL(start.headers.location as string);
  t.equal(authorization.searchParams.get('code_challenge_method'), 'S256', 'PKCE is used');
  t.ok(authorization.searchParams.get('state') && authorization.searchParams.get('nonce'), 'with state and nonce');
  t.match(start.headers['set-cookie'], /sieve_oidc=.*HttpOnly.*SameSite=Lax/, 'the pending sign-in survives the way back from the provider');
  t.ok(back.searchParams.get('code'), 'the provider answered with a code');

  t.equal(callback.statusCode, 303);
  t.equal(callback.headers.location, '/console', 'back to the console');
  t.ok(setCookie, 'a session cookie is set');
  t.match(setCookie, /; HttpOnly/);
  t.match(setCookie, /; SameSite=Strict/);
  t.match(setCookie, /; Path=\//);
  t.notMatch(setCookie, /Secure/, 'not Secure over plain HTTP');

  const cookie = setCookie!.split(';')[0];
  const token = cookie.slice('sieve_session='.length);
  const stored = await h.app.store.read.sessions.findByHash(hashToken(token));
  t.ok(stored, 'the session is stored under a hash of its secret');
  t.not(stored!.tokenHash, token, 'and not under the secret itself');
  t.equal(stored!.subject, 'zhang.wei');

  const me = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { cookie } });
  t.equal(me.statusCode, 200, 'the cookie authenticates /v1');
  t.same(me.json(), { name: 'zhang.wei', role: 'supervisor' }, 'as the supervisor the groups claim maps to');
  const info = (await h.app.inject({ method: 'GET', url: '/auth/session', headers: { cookie } })).json();
  t.match(info, { oidc: true, session: { name: 'zhang.wei', displayName: '张伟', role: 'supervisor', csrfToken: /^[\w-]{43}$/ } });

  // HTTPS reached through a proxy: believed only when the proxy is trusted.
  const untrusted = await signIn(h, 'zhang.wei', { 'x-forwarded-proto': 'https' });
  t.notMatch(untrusted.setCookie, /Secure/, 'X-Forwarded-Proto is ignored without SIEVE_TRUST_PROXY');
  const proxied = await setup(t, { SIEVE_TRUST_PROXY: '127.0.0.1' });
  const secure = await signIn(proxied.h, 'zhang.wei', { 'x-forwarded-proto': 'https' });
  t.match(secure.setCookie, /; Secure/, 'Secure when the trusted proxy says the browser used HTTPS');
  t.match(secure.start.headers['set-cookie'], /; Secure/, 'the pending sign-in cookie too');
});

t.test('a writing request with the cookie needs the CSRF token; with it the audit names the provider identity', async (t) => {
  const { h, provider } = await setup(t);
  const id = await complainant(h);
  const s = await session(h);

  const missing = await h.app.inject({ method: 'POST', url: '/v1/allowlist', headers: { cookie: s.cookie }, payload: allow(id) });
  t.equal(missing.statusCode, 403);
  t.same(missing.json().error, {
    code: 'FORBIDDEN',
    message: "A writing request made with the session cookie must carry the session's x-csrf-token header.",
    details: [{ path: '/headers/x-csrf-token', message: 'missing' }],
  });
  const wrong = await h.app.inject({
    method: 'POST',
    url: '/v1/allowlist',
    headers: { cookie: s.cookie, 'x-csrf-token': `${s.csrf[0] === 'A' ? 'B' : 'A'}${s.csrf.slice(1)}` },
    payload: allow(id),
  });
  t.equal(wrong.statusCode, 403);
  t.equal(wrong.json().error.details[0].message, 'does not match the session');
  const other = await session(h, 'li.na');
  const foreign = await h.app.inject({ method: 'POST', url: '/v1/allowlist', headers: { cookie: s.cookie, 'x-csrf-token': other.csrf }, payload: allow(id) });
  t.equal(foreign.statusCode, 403, "another session's token does not do");
  t.equal((await h.get('supervisor', '/v1/allowlist')).json().items.length, 0, 'nothing was written');

  const done = await h.app.inject({ method: 'POST', url: '/v1/allowlist', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: allow(id) });
  t.equal(done.statusCode, 201, 'with the token it succeeds');
  t.equal(done.json().createdBy, 'zhang.wei');

  const trail = (await h.get('supervisor', `/v1/audit?entityId=${done.json().id}`)).json().items;
  t.equal(trail.length, 1);
  t.same(
    trail[0].actorIdentity,
    { issuer: provider.issuer, subject: 'zhang.wei', name: '张伟', username: 'zhang.wei' },
    'the audit record names the provider identity',
  );
  t.equal(trail[0].actor, 'zhang.wei');
  const signIns = (await h.get('supervisor', '/v1/audit?limit=200')).json().items.filter((r: { entityType: string }) => r.entityType === 'session');
  t.same(
    signIns.map((r: { action: string; actor: string; actorIdentity: { subject: string } }) => [r.action, r.actor, r.actorIdentity.subject]),
    [
      ['sign_in', 'zhang.wei', 'zhang.wei'],
      ['sign_in', 'li.na', 'li.na'],
    ],
    'signing in is audited',
  );

  // Bearer tokens are not sent by a browser on its own, so they need no CSRF token.
  const byKey = await h.post('supervisor', '/v1/allowlist', allow(await complainant(h, 2, { name: '王某', idNumber: residentId(502), phone: '13900139000' })));
  t.equal(byKey.statusCode, 201);
  const keyTrail = (await h.get('supervisor', `/v1/audit?entityId=${byKey.json().id}`)).json().items;
  t.equal(keyTrail[0].actorIdentity, undefined, 'a key acts under its name alone');
  t.same(await h.auditProblems(), [], 'the audit chain verifies, records with and without an identity alike');

  const viaCookieAndBearer = await h.req('reviewer', { method: 'GET', url: '/v1/me', headers: { cookie: s.cookie } });
  t.equal(viaCookieAndBearer.json().name, 'rev-alice', 'a bearer token wins over a cookie');
});

t.test('idle and absolute timeouts end the session (on the app clock)', async (t) => {
  const { h, clock } = await setup(t, { SIEVE_SESSION_IDLE_TIMEOUT: '600', SIEVE_SESSION_MAX_AGE: '3600' });
  const me = (cookie: string) => h.app.inject({ method: 'GET', url: '/v1/me', headers: { cookie } });

  const idle = await session(h);
  clock.now += 590_000;
  t.equal((await me(idle.cookie)).statusCode, 200, 'used within the idle time');
  clock.now += 590_000;
  t.equal((await me(idle.cookie)).statusCode, 200, 'each use starts the idle time again');
  clock.now += 600_000;
  const ended = await me(idle.cookie);
  t.equal(ended.statusCode, 401, 'unused for the idle time: ended');
  t.same(ended.json().error.details, [{ path: '/cookies/sieve_session', message: 'idle timeout' }]);
  t.equal((await me(idle.cookie)).json().error.message, 'The session is unknown or has been signed out; sign in again.', 'and gone');

  const busy = await session(h);
  for (let used = 0; used < 3500_000; used += 500_000) {
    clock.now += 500_000;
    t.equal((await me(busy.cookie)).statusCode, 200);
  }
  clock.now += 100_000;
  const tooLong = await me(busy.cookie);
  t.equal(tooLong.statusCode, 401, 'the maximum length ends a busy session too');
  t.same(tooLong.json().error.details, [{ path: '/cookies/sieve_session', message: 'absolute timeout' }]);
  const info = (await h.app.inject({ method: 'GET', url: '/auth/session', headers: { cookie: busy.cookie } })).json();
  t.same(info, { oidc: true, session: null }, 'the console is told to sign in again');
});

t.test('signing out ends the session here and points at the provider’s sign-out', async (t) => {
  const { h, provider } = await setup(t);
  const s = await session(h);
  const noToken = await h.app.inject({ method: 'POST', url: '/auth/signout', headers: { cookie: s.cookie } });
  t.equal(noToken.statusCode, 403, 'signing out is a writing request: it needs the CSRF token');
  t.equal(noToken.json().error.code, 'FORBIDDEN');

  const out = await h.app.inject({ method: 'POST', url: '/auth/signout', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
  t.equal(out.statusCode, 200);
  t.match(out.headers['set-cookie'], /sieve_session=;.*Max-Age=0|sieve_session=;.*Expires=Thu, 01 Jan 1970/, 'the cookie is cleared');
  const end = new URL(out.json().endSessionUrl);
  t.equal(`${end.origin}${end.pathname}`, `${provider.issuer}/session/end`, "the provider's end_session_endpoint");
  t.equal(end.searchParams.get('post_logout_redirect_uri'), 'http://127.0.0.1:9/console');
  t.ok(end.searchParams.get('id_token_hint'), 'with the ID token as hint');
  const provided = await fetch(end, { redirect: 'manual' });
  t.equal(provided.status, 200, 'which the provider accepts');

  t.equal((await h.app.inject({ method: 'GET', url: '/v1/me', headers: { cookie: s.cookie } })).statusCode, 401, 'the old cookie no longer works');
  t.equal(await h.app.store.read.sessions.findByHash(hashToken(s.token)), undefined, 'the session is deleted');
  const trail = (await h.get('supervisor', '/v1/audit?limit=200')).json().items.filter((r: { entityType: string }) => r.entityType === 'session');
  t.same(
    trail.map((r: { action: string }) => r.action),
    ['sign_in', 'sign_out'],
  );
});

t.test('a person whose groups map to no role is refused, in Chinese', async (t) => {
  const { h } = await setup(t);
  const { callback, setCookie } = await signIn(h, 'zhao.lei');
  t.equal(callback.statusCode, 403);
  t.match(callback.headers['content-type'], /^text\/html/);
  t.match(callback.body, /您的账号（赵磊）已通过统一身份认证，但未被授予本系统的任何角色，不能登录/);
  t.equal(setCookie, undefined, 'no session');
  t.equal((await h.get('supervisor', '/v1/audit?limit=200')).json().items.length, 0, 'nothing audited');
});

t.test('the state, the PKCE verifier and the pending sign-in are checked', async (t) => {
  const { h } = await setup(t);
  const callback = async (login: string, tamper: (back: URL, jar: CookieJar) => void) => {
    const start = await h.app.inject({ method: 'GET', url: '/auth/oidc/login' });
    const jar = new CookieJar();
    jar.take([start.headers['set-cookie']].flat() as string[]);
    const back = await loginAtProvider(start.headers.location as string, login);
    tamper(back, jar);
    return h.app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie: jar.header() } });
  };
  const refused = (res: { statusCode: number; body: string; headers: Record<string, unknown> }, what: string) => {
    t.equal(res.statusCode, 400, what);
    t.match(res.body, /登录未完成/);
    t.notMatch(String(res.headers['set-cookie'] ?? ''), /sieve_session=[^;]/, 'no session');
  };

  refused(
    await callback('zhang.wei', (back) => back.searchParams.set('state', 'forged-state')),
    'a callback whose state is not the one this browser was sent with is refused',
  );
  refused(
    await callback('zhang.wei', (_back, jar) => {
      const pending = JSON.parse(Buffer.from(jar.cookies.get('sieve_oidc')!, 'base64url').toString());
      pending.verifier = 'x'.repeat(64);
      jar.cookies.set('sieve_oidc', Buffer.from(JSON.stringify(pending)).toString('base64url'));
    }),
    'a code redeemed with another PKCE verifier is refused (by the provider)',
  );
  refused(await callback('zhang.wei', (_back, jar) => jar.cookies.delete('sieve_oidc')), 'a callback without the pending sign-in of this browser is refused');
  const { callback: ok } = await signIn(h, 'zhang.wei');
  t.equal(ok.statusCode, 303, 'an untampered sign-in still works');
});

t.test('without a provider configured the console keeps token sign-in and cookies mean nothing', async (t) => {
  const h = await buildTestApp(t);
  t.same((await h.app.inject({ method: 'GET', url: '/auth/session' })).json(), { oidc: false, session: null });
  const login = await h.app.inject({ method: 'GET', url: '/auth/oidc/login' });
  t.equal(login.statusCode, 404);
  t.match(login.body, /未启用统一身份认证/);
  const me = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { cookie: 'sieve_session=sv_anything' } });
  t.equal(me.statusCode, 401);
  t.equal(me.json().error.code, 'UNAUTHENTICATED');
});
