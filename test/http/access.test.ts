import t from 'tap';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AREA_ROLES } from '../../src/auth/permissions.js';
import { buildTestApp, TOKENS, type As } from '../helpers/app.js';

const run = promisify(execFile);
const ROLE_AS: Record<string, As> = { intake: 'intake', reviewer: 'reviewer', supervisor: 'supervisor', admin: 'admin' };

t.test('every /v1 route × every role follows the permission table', async (t) => {
  const h = await buildTestApp(t);
  t.ok(h.app.routeAccess.length >= 3, 'routes are registered with their areas');
  for (const route of h.app.routeAccess) {
    const url = route.url.replace(/:(\w+)/g, 'x_$1');
    const payload = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
    const anonymous = await h.req(null, { method: route.method as 'GET', url, payload });
    t.equal(anonymous.statusCode, 401, `${route.method} ${route.url} without a token`);
    for (const [role, as] of Object.entries(ROLE_AS)) {
      const res = await h.req(as, { method: route.method as 'GET', url, payload });
      const allowed = AREA_ROLES[route.access].includes(role as never);
      const refusedByRoute = res.statusCode === 403 && res.json().error.code === 'FORBIDDEN';
      t.equal(refusedByRoute, !allowed, `${route.method} ${route.url} as ${role}: ${allowed ? 'allowed' : 'forbidden'} (${res.statusCode})`);
      t.not(res.statusCode, 401);
    }
  }
});

t.test('401 for every way a token can be missing or wrong', async (t) => {
  const h = await buildTestApp(t);
  const cases: Record<string, string | undefined> = {
    missing: undefined,
    'not bearer': `Basic ${TOKENS.admin}`,
    empty: 'Bearer ',
    unknown: 'Bearer not-a-real-token-123456',
    'token only': TOKENS.admin,
  };
  for (const [name, authorization] of Object.entries(cases)) {
    const res = await h.app.inject({ method: 'GET', url: '/v1/me', headers: authorization ? { authorization } : {} });
    t.equal(res.statusCode, 401, name);
    t.equal(res.json().error.code, 'UNAUTHENTICATED', name);
  }
  const ok = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `bearer ${TOKENS.reviewer}` } });
  t.same(ok.json(), { name: 'rev-alice', role: 'reviewer' }, 'the scheme name is case-insensitive');
});

t.test('the key is checked before the body is read', async (t) => {
  const h = await buildTestApp(t);
  const res = await h.app.inject({ method: 'POST', url: '/v1/complaints', payload: '{not json', headers: { 'content-type': 'application/json' } });
  t.equal(res.statusCode, 401);
  const wrongRole = await h.req('reviewer', {
    method: 'POST',
    url: '/v1/complaints',
    payload: 'x'.repeat(2_000_000),
    headers: { 'content-type': 'text/plain' },
  });
  t.equal(wrongRole.statusCode, 403, '403 comes before 413 and 415');
});

t.test('keys created and revoked with npm run keys', async (t) => {
  const h = await buildTestApp(t);
  const env = { ...process.env, SIEVE_DATA_DIR: h.dir, SIEVE_API_KEYS: '' };
  const cli = (...args: string[]) => run('npx', ['tsx', 'scripts/keys.ts', ...args], { env });
  const { stdout: token } = await cli('create', '--role', 'supervisor', '--name', 'sup-erin');
  const me = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token.trim()}` } });
  t.same(me.json(), { name: 'sup-erin', role: 'supervisor' });
  const { stdout: list } = await cli('list');
  t.match(list, /supervisor\tsup-erin/);
  t.notMatch(list, token.trim(), 'tokens are never listed');
  await cli('revoke', 'sup-erin');
  const after = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token.trim()}` } });
  t.equal(after.statusCode, 401, 'a revoked key is refused at once');
  const bad = await cli('create', '--role', 'boss', '--name', 'x').catch((e) => e);
  t.equal(bad.code, 64, 'usage errors exit non-zero');
  t.match(bad.stderr, /--role must be one of/);

  // Names tell people apart in the audit log and the four-eyes rule.
  const reserved = await cli('create', '--role', 'reviewer', '--name', 'System').catch((e) => e);
  t.not(reserved.code, 0);
  t.match(reserved.stderr, /reserved/);
  await cli('create', '--role', 'reviewer', '--name', 'rev-fay');
  const twice = await cli('create', '--role', 'supervisor', '--name', 'rev-fay').catch((e) => e);
  t.not(twice.code, 0, 'a name in force cannot be given to a second key');
  t.match(twice.stderr, /in force/);
  const again = await cli('create', '--role', 'reviewer', '--name', 'sup-erin');
  t.ok(again.stdout.trim(), "a revoked key's name may be used again");

  const audit = (await h.get('admin', '/v1/audit?limit=100')).json().items.filter((r: { entityType: string }) => r.entityType === 'api_key');
  t.same(
    audit.map((r: { action: string }) => r.action),
    ['create', 'revoke', 'create', 'create'],
    'creations and revocations are audited',
  );
  t.match(audit[0], { actor: /^cli:/, entityId: /^k_/ });
});

t.test('keys may expire: refused with 401 once past, the expiry audited, shown by /v1/me', async (t) => {
  let clock = Date.parse('2026-06-01T09:00:00+08:00');
  const h = await buildTestApp(t, { now: () => clock });
  const { token } = await h.app.store.write((tx) =>
    h.app.keys.create(tx, { role: 'reviewer', name: 'rev-temp', expiresAt: Date.parse('2026-06-30T00:00:00+08:00'), actor: 'cli:test' }),
  );
  const me = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
  t.same(me.json(), { name: 'rev-temp', role: 'reviewer', expiresAt: '2026-06-30T00:00:00+08:00' });
  clock = Date.parse('2026-06-30T00:00:01+08:00');
  const expired = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
  t.equal(expired.statusCode, 401);
  t.equal(expired.json().error.code, 'UNAUTHENTICATED');
  t.match(expired.json().error.message, /expired at 2026-06-30T00:00:00\+08:00/);
  t.same(expired.json().error.details, [{ path: '/headers/authorization', message: 'expired' }]);
  t.equal(await h.app.store.write((tx) => h.app.keys.recordExpired(tx)), 1, 'the scheduled work records the expiry');
  t.equal(await h.app.store.write((tx) => h.app.keys.recordExpired(tx)), 0, 'once');
  const records = (await h.get('admin', '/v1/audit?limit=100')).json().items.filter((r: { entityType: string }) => r.entityType === 'api_key');
  t.same(
    records.map((r: { action: string; actor: string }) => [r.action, r.actor]),
    [
      ['create', 'cli:test'],
      ['expire', 'system'],
    ],
  );
  await t.rejects(
    h.app.store.write((tx) => h.app.keys.create(tx, { role: 'reviewer', name: 'sup-carol', actor: 'cli:test' })),
    /in force/,
    "a static key's name is taken too",
  );
  await t.rejects(
    h.app.store.write((tx) => h.app.keys.create(tx, { role: 'reviewer', name: 'rev-late', expiresAt: clock - 1, actor: 'cli:test' })),
    /future/,
  );
});

t.test('static keys cannot take the reserved name', async (t) => {
  const { loadConfig, ConfigError } = await import('../../src/config.js');
  t.throws(() => loadConfig({ SIEVE_API_KEYS: 'reviewer:system:0123456789abcdef0123', SIEVE_PII_KEY: 'ab'.repeat(32) }), ConfigError);
});
