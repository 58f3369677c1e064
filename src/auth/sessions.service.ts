/**
 * Staff sessions after signing in through the identity provider: a random secret in a cookie, only
 * its hash stored; an idle and an absolute end; a CSRF token derived from the secret that every
 * writing request made with the cookie must carry in a header. Signing in and out are audited with
 * the provider's identity of the person.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OidcConfig, Role } from '../config.js';
import type { ActorIdentity } from '../registry/audit.js';
import { newId } from '../shared/ids.js';
import type { SessionRecord, Store } from '../storage/ports.js';
import type { Principal } from './permissions.js';
import { generateToken, hashToken } from './tokens.js';

export const SESSION_COOKIE = 'sieve_session';
export const CSRF_HEADER = 'x-csrf-token';

/** A signed-in person as the provider describes them, with the role their groups map to. */
export interface SignedInPerson {
  name: string;
  role: Role;
  identity: ActorIdentity;
  idToken: string | null;
}

export type Resumed = { session: SessionRecord; principal: Principal } | { ended: 'idle' | 'absolute' } | null;

export function sessionPrincipal(s: SessionRecord): Principal {
  const identity: ActorIdentity = { issuer: s.issuer, subject: s.subject };
  if (s.displayName !== null) identity.name = s.displayName;
  if (s.username !== null) identity.username = s.username;
  return { name: s.name, role: s.role, identity };
}

export function createSessionService(deps: { store: Store; now: () => number; config: Pick<OidcConfig, 'idleSeconds' | 'maxAgeSeconds'> }) {
  const { store, now } = deps;
  const idleMs = deps.config.idleSeconds * 1000;
  const maxAgeMs = deps.config.maxAgeSeconds * 1000;
  // Last use is written at most this often, so a busy console does not queue a write per request;
  // the idle end is then exact to within this much.
  const touchEveryMs = Math.min(60_000, idleMs / 10);
  const audit = (tx: Parameters<Parameters<Store['write']>[0]>[0], s: SessionRecord, action: string, at: number, data?: object) =>
    tx.audit.append({
      entityType: 'session',
      entityId: s.id,
      action,
      actor: s.name,
      actorIdentity: sessionPrincipal(s).identity,
      at,
      data: { role: s.role, ...data },
    });

  return {
    /** Starts a session and returns the cookie's secret: the only time it exists outside the browser. */
    async start(person: SignedInPerson): Promise<{ token: string; session: SessionRecord }> {
      const at = now();
      const token = generateToken();
      const session: SessionRecord = {
        id: newId('ss'),
        tokenHash: hashToken(token),
        name: person.name,
        role: person.role,
        issuer: person.identity.issuer,
        subject: person.identity.subject,
        displayName: person.identity.name ?? null,
        username: person.identity.username ?? null,
        idToken: person.idToken,
        createdAt: at,
        lastSeenAt: at,
        expiresAt: at + maxAgeMs,
      };
      await store.write(async (tx) => {
        // Sessions nobody signed out of go here rather than in a sweeper of their own.
        await tx.sessions.deleteStale(at, at - idleMs);
        await tx.sessions.insert(session);
        await audit(tx, session, 'sign_in', at);
      });
      return { token, session };
    },

    /** The session a cookie's secret belongs to, if it is still in force (its last use is recorded). */
    async resume(token: string): Promise<Resumed> {
      const at = now();
      const session = await store.read.sessions.findByHash(hashToken(token));
      if (!session) return null;
      const ended = at >= session.expiresAt ? 'absolute' : at - session.lastSeenAt >= idleMs ? 'idle' : null;
      if (ended) {
        await store.write((tx) => tx.sessions.delete(session.id));
        return { ended };
      }
      if (at - session.lastSeenAt >= touchEveryMs) await store.write((tx) => tx.sessions.touch(session.id, at));
      return { session, principal: sessionPrincipal(session) };
    },

    /** Signs out: the session is gone at once, whatever the cookie still holds. */
    async end(session: SessionRecord): Promise<void> {
      const at = now();
      await store.write(async (tx) => {
        if (await tx.sessions.delete(session.id)) await audit(tx, session, 'sign_out', at);
      });
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;

/**
 * The CSRF token of a session: derived from its secret, so nothing more is stored, and useless
 * without the cookie it came from. The console reads it from GET /auth/session (same origin only).
 */
export function csrfToken(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('sieve-csrf').digest('base64url');
}

export function csrfMatches(sessionToken: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(csrfToken(sessionToken));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
