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
  const wrongRole = await h.req('reviewer', { method: 'POST', url: '/v1/complaints', payload: 'x'.repeat(2_000_000), headers: { 'content-type': 'text/plain' } });
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
});
