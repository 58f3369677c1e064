/**
 * A real OpenID Connect provider for the tests (`oidc-provider`), on 127.0.0.1 at a random port,
 * with Sieve registered as a confidential client (PKCE required) and test accounts whose `groups`
 * claim maps them to roles. Its development login page accepts any password. Consent is taken as
 * given (a first-party client), as a bureau's provider would for its own systems.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const OIDC_CLIENT = { id: 'sieve', secret: 'sieve-client-secret-0123456789abcdef' };
export const OIDC_ROLES = 'sieve-reviewers=reviewer,sieve-supervisors=supervisor';

/** Accounts by login: subject, display name and groups. */
export const OIDC_ACCOUNTS: Record<string, { name: string; groups: string[] }> = {
  'zhang.wei': { name: '张伟', groups: ['staff', 'sieve-supervisors'] },
  'li.na': { name: '李娜', groups: ['sieve-reviewers'] },
  'zhao.lei': { name: '赵磊', groups: ['staff'] },
};

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface TestProvider {
  issuer: string;
  /** Sieve's settings for this provider. */
  env(redirectUrl: string): Record<string, string>;
}

/** A server listening on 127.0.0.1 at a free port (its address is needed before the provider exists). */
async function listening(t: Teardown): Promise<{ server: Server; base: string }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A free port on 127.0.0.1 for a service whose address must be known before it starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startProvider(t: Teardown, sieve: { redirectUrl: string }): Promise<TestProvider> {
  const { server, base: issuer } = await listening(t);
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: [sieve.redirectUrl],
        post_logout_redirect_uris: [new URL('/console', sieve.redirectUrl).href],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'groups'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], groups: ['groups'] },
    cookies: { keys: ['test-provider-cookie-key'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_ctx, id) {
      const account = OIDC_ACCOUNTS[id] ?? { name: id, groups: [] };
      return { accountId: id, claims: async () => ({ sub: id, name: account.name, preferred_username: id, groups: account.groups }) };
    },
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope('openid profile groups');
      await grant.save();
      return grant;
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    env: (redirectUrl) => ({
      SIEVE_OIDC_ISSUER: issuer,
      SIEVE_OIDC_CLIENT_ID: OIDC_CLIENT.id,
      SIEVE_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
      SIEVE_OIDC_REDIRECT_URL: redirectUrl,
      SIEVE_OIDC_SCOPES: 'openid profile groups',
      SIEVE_OIDC_ROLES: OIDC_ROLES,
    }),
  };
}

/** The cookies a browser would keep for one site (name → value), from `Set-Cookie` answers. */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  take(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';');
      const cut = pair.indexOf('=');
      const name = pair.slice(0, cut).trim();
      const value = pair.slice(cut + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Signs `login` in at the provider over real HTTP as a browser would (following its redirects,
 * keeping its cookies, posting its login form) from the authorization URL Sieve sent the browser to,
 * and returns the address the provider sends the browser back to Sieve with.
 */
export async function loginAtProvider(authorizationUrl: string, login: string): Promise<URL> {
  const jar = new CookieJar();
  let url = new URL(authorizationUrl);
  let method = 'GET';
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: { cookie: jar.header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    });
    jar.take(res.headers.getSetCookie());
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.origin !== new URL(authorizationUrl).origin) return next;
      [url, method, body] = [next, 'GET', undefined];
      continue;
    }
    const page = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (res.status !== 200 || !action || !page.includes('name="login"'))
      throw new Error(`unexpected answer from the provider (${res.status}): ${page.slice(0, 300)}`);
    [url, method, body] = [new URL(action.replace(/&amp;/g, '&'), url), 'POST', new URLSearchParams({ prompt: 'login', login, password: 'any' })];
  }
  throw new Error('the provider did not send the browser back');
}
