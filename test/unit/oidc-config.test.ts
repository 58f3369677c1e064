/** The identity provider's settings are validated once at start, every problem reported together. */
import t from 'tap';
import { ConfigError, loadConfig } from '../../src/config.js';
import { mapRole } from '../../src/auth/oidc.js';

const BASE = { SIEVE_DATA_DIR: '/tmp/sieve-config-test' };
const OIDC = {
  SIEVE_OIDC_ISSUER: 'https://sso.example.gov.cn/realms/bureau',
  SIEVE_OIDC_CLIENT_ID: 'sieve',
  SIEVE_OIDC_CLIENT_SECRET: 'secret',
  SIEVE_PUBLIC_URL: 'https://sieve.example.gov.cn/',
  SIEVE_OIDC_ROLES: 'sieve-reviewers=reviewer; cn=sup,ou=groups=supervisor',
};

const problems = (env: Record<string, string>) => {
  try {
    loadConfig({ ...BASE, ...env });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

t.test('a complete configuration', async (t) => {
  const { oidc, trustProxy } = loadConfig({ ...BASE, ...OIDC, SIEVE_TRUST_PROXY: '10.0.0.1' });
  t.match(oidc, {
    issuer: 'https://sso.example.gov.cn/realms/bureau',
    redirectUrl: 'https://sieve.example.gov.cn/auth/oidc/callback',
    postLogoutUrl: 'https://sieve.example.gov.cn/console',
    scopes: 'openid profile',
    roleClaim: 'groups',
    nameClaim: 'sub',
    idleSeconds: 1800,
    maxAgeSeconds: 28800,
    roles: [
      { value: 'sieve-reviewers', role: 'reviewer' },
      { value: 'cn=sup,ou=groups', role: 'supervisor' },
    ],
  });
  t.equal(trustProxy, '10.0.0.1');
  t.equal(loadConfig(BASE).oidc, null, 'no issuer: bearer tokens only');
  t.equal(loadConfig(BASE).trustProxy, false);
});

t.test('every problem is named', async (t) => {
  t.same(problems({ SIEVE_OIDC_ISSUER: 'http://sso.example.gov.cn' }), [
    'SIEVE_OIDC_ISSUER must be an https:// URL (got "http://sso.example.gov.cn")',
    'SIEVE_OIDC_CLIENT_ID is required with SIEVE_OIDC_ISSUER',
    'SIEVE_PUBLIC_URL (this service as the browser reaches it) or SIEVE_OIDC_REDIRECT_URL is required with SIEVE_OIDC_ISSUER',
    'SIEVE_OIDC_ROLES is required with SIEVE_OIDC_ISSUER: claim-value=role,… (e.g. sieve-reviewers=reviewer)',
  ]);
  t.same(problems({ ...OIDC, SIEVE_OIDC_ROLES: 'a=boss,b=reviewer,b=supervisor,nothing', SIEVE_OIDC_SCOPES: 'profile' }), [
    'SIEVE_OIDC_ROLES entry 1 has role "boss"; use one of intake, reviewer, supervisor, admin',
    'SIEVE_OIDC_ROLES entry 3 repeats the value "b"',
    'SIEVE_OIDC_ROLES entry 4 must be claim-value=role',
    'SIEVE_OIDC_SCOPES must include openid',
  ]);
  t.same(problems({ ...OIDC, SIEVE_SESSION_IDLE_TIMEOUT: '7200', SIEVE_SESSION_MAX_AGE: '3600' }), [
    'SIEVE_SESSION_IDLE_TIMEOUT must not exceed SIEVE_SESSION_MAX_AGE',
  ]);
  t.same(problems({ ...OIDC, SIEVE_OIDC_REDIRECT_URL: 'https://sieve.example.gov.cn/login?x=1' }), ['SIEVE_OIDC_REDIRECT_URL must have no query or fragment']);
  t.same(problems({ ...OIDC, SIEVE_OIDC_REDIRECT_URL: 'https://sieve.example.gov.cn/login' }), [
    'SIEVE_OIDC_REDIRECT_URL must end in /auth/oidc/callback (the path this service answers the provider on)',
  ]);
  t.same(problems({ SIEVE_OIDC_CLIENT_ID: 'sieve' }), ['SIEVE_OIDC_CLIENT_ID is set but SIEVE_OIDC_ISSUER is not: set it to use OpenID Connect sign-in']);
});

t.test('the role is the first mapping the claim holds, a string or a list', async (t) => {
  const cfg = { roleClaim: 'groups', roles: loadConfig({ ...BASE, ...OIDC }).oidc!.roles };
  t.equal(mapRole(cfg, { groups: ['cn=sup,ou=groups', 'sieve-reviewers'] }), 'reviewer', 'configured order decides');
  t.equal(mapRole(cfg, { groups: 'cn=sup,ou=groups' }), 'supervisor');
  t.equal(mapRole(cfg, { groups: ['staff'] }), null);
  t.equal(mapRole(cfg, {}), null);
  t.equal(mapRole(cfg, { groups: [1, null] }), null);
});
