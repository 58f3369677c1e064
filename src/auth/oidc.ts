/**
 * OpenID Connect sign-in (authorization code with PKCE, state and nonce) through `openid-client`,
 * and what Sieve takes from the provider's answer: the person's name for the audit log and the
 * four-eyes rule, their identity, and the role their groups map to.
 */
import * as client from 'openid-client';
import { RESERVED_KEY_NAMES, type OidcConfig, type Role } from '../config.js';
import type { SignedInPerson } from './sessions.service.js';

/** What the browser holds between leaving for the provider and coming back (in a short-lived cookie). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
}

/** A sign-in the provider completed but Sieve refuses; `message` is shown to the person. */
export class SignInRefused extends Error {
  constructor(
    readonly status: 400 | 403,
    message: string,
  ) {
    super(message);
    this.name = 'SignInRefused';
  }
}

type Claims = Record<string, unknown>;

/** The first mapping, in configured order, whose value the person's role claim holds. */
export function mapRole(cfg: Pick<OidcConfig, 'roleClaim' | 'roles'>, claims: Claims): Role | null {
  const raw = claims[cfg.roleClaim];
  const held = new Set(Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : typeof raw === 'string' ? [raw] : []);
  return cfg.roles.find((r) => held.has(r.value))?.role ?? null;
}

export function personFrom(cfg: OidcConfig, claims: Claims, idToken: string | null): SignedInPerson {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const subject = text(claims.sub)!;
  const display = text(claims.name) ?? text(claims.preferred_username) ?? subject;
  const name = text(claims[cfg.nameClaim]);
  if (!name) throw new SignInRefused(403, `统一身份认证未提供账号的 ${cfg.nameClaim} 信息，无法确定操作人身份。请联系系统管理员。`);
  // Names are compared by the four-eyes rule and printed in the audit log: nothing may pose as `system`.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (name.length > 255 || RESERVED_KEY_NAMES.has(name.toLowerCase()) || /[\u0000-\u001f\u007f]/.test(name))
    throw new SignInRefused(403, `账号标识“${name.slice(0, 64)}”不能在本系统中使用。请联系系统管理员。`);
  const role = mapRole(cfg, claims);
  if (!role)
    throw new SignInRefused(
      403,
      `您的账号（${display}）已通过统一身份认证，但未被授予本系统的任何角色，不能登录。如需使用，请联系系统管理员开通审查员或主管权限。`,
    );
  return {
    name,
    role,
    idToken,
    identity: { issuer: String(claims.iss), subject, name: text(claims.name), username: text(claims.preferred_username) },
  };
}

export function createOidcClient(cfg: OidcConfig) {
  let discovered: Promise<client.Configuration> | null = null;
  // Discovered on first use, not at start: a provider that is down must not stop the service (bearer
  // tokens still work), and a failed discovery is tried again on the next sign-in.
  const configuration = () => {
    discovered ??= client
      .discovery(
        new URL(cfg.issuer),
        cfg.clientId,
        cfg.clientSecret,
        cfg.clientSecret ? client.ClientSecretBasic(cfg.clientSecret) : client.None(),
        // Configuration accepts http:// only on the loopback interface (a provider on this machine).
        cfg.issuer.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        discovered = null;
        throw err;
      });
    return discovered;
  };

  return {
    /** Where to send the browser, and what it must bring back. */
    async begin(): Promise<{ url: string; pending: PendingSignIn }> {
      const config = await configuration();
      const pending = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: cfg.redirectUrl,
        scope: cfg.scopes,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, pending };
    },

    /**
     * Checks the provider's answer against what the browser brought back (state, PKCE, nonce, the ID
     * token's signature, issuer, audience and times) and reads the person: ID token claims, and the
     * userinfo endpoint's where there is one (many providers put groups only there).
     */
    async finish(query: string, pending: PendingSignIn): Promise<SignedInPerson> {
      const config = await configuration();
      const callback = new URL(cfg.redirectUrl);
      callback.search = query;
      const tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims()!;
      let claims: Claims = { ...idClaims };
      if (config.serverMetadata().userinfo_endpoint) {
        const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...info, ...idClaims };
      }
      return personFrom(cfg, claims, tokens.id_token ?? null);
    },

    /** The provider's sign-out address for this session, when the provider has one. */
    async endSessionUrl(idToken: string | null): Promise<string | null> {
      const config = await configuration();
      if (!config.serverMetadata().end_session_endpoint) return null;
      const params: Record<string, string> = { post_logout_redirect_uri: cfg.postLogoutUrl };
      if (idToken) params.id_token_hint = idToken;
      return client.buildEndSessionUrl(config, params).href;
    },
  };
}

export type OidcClient = ReturnType<typeof createOidcClient>;
