/**
 * API keys: static ones from SIEVE_API_KEYS (held in memory, hashed) and ones created from the
 * command line (stored hashed, optionally expiring). A key's name is the person recorded in the
 * audit log and compared by the four-eyes rule, so names are unique among keys in force and
 * `system` (the actor of automatic actions) is no key's name. Creating, revoking and the expiry
 * of a stored key are audited.
 */
import { RESERVED_KEY_NAMES, type Role, type StaticKey } from '../config.js';
import { newId } from '../shared/ids.js';
import { DomainError } from '../shared/errors.js';
import { formatTime } from '../shared/time.js';
import type { AuditRepository } from '../storage/ports.js';
import type { KeyRepository, StoredKey } from '../storage/ports.js';
import type { Principal } from './permissions.js';
import { generateToken, hashToken } from './tokens.js';

/** Where key changes are written: the keys and the audit chain, in one transaction. */
export interface KeyWrites {
  keys: KeyRepository;
  audit: AuditRepository;
}

export type Authentication = { principal: Principal } | { expiredAt: number } | null;

export function createKeyService(staticKeys: StaticKey[], repo: KeyRepository, now: () => number) {
  const fromEnv = new Map<string, Principal>(staticKeys.map((k) => [hashToken(k.token), { name: k.name, role: k.role }]));
  const staticNames = new Set(staticKeys.map((k) => k.name));
  const audit = (tx: KeyWrites, key: StoredKey, action: string, actor: string, at: number, data?: unknown) =>
    tx.audit.append({ entityType: 'api_key', entityId: key.id, action, actor, at, data: { name: key.name, role: key.role, ...(data as object) } });
  return {
    async authenticate(token: string): Promise<Authentication> {
      const hash = hashToken(token);
      const known = fromEnv.get(hash);
      if (known) return { principal: known };
      const stored = await repo.findActiveByHash(hash);
      if (!stored) return null;
      if (stored.expiresAt !== null && stored.expiresAt <= now()) return { expiredAt: stored.expiresAt };
      return { principal: { name: stored.name, role: stored.role, ...(stored.expiresAt !== null ? { expiresAt: stored.expiresAt } : {}) } };
    },
    /** Creates a key and returns its token: the only time the token exists outside the caller. */
    async create(tx: KeyWrites, opts: { role: Role; name: string; expiresAt?: number; actor: string }): Promise<{ key: StoredKey; token: string }> {
      const at = now();
      if (RESERVED_KEY_NAMES.has(opts.name.toLowerCase()))
        throw new DomainError('VALIDATION_FAILED', `"${opts.name}" is reserved: automatic actions are audited under it.`);
      if (staticNames.has(opts.name) || (await tx.keys.active(at)).some((k) => k.name === opts.name))
        throw new DomainError('VALIDATION_FAILED', `A key named "${opts.name}" is in force; names tell people apart in the audit log and the four-eyes rule.`);
      if (opts.expiresAt !== undefined && opts.expiresAt <= at) throw new DomainError('VALIDATION_FAILED', 'The expiry must lie in the future.');
      const token = generateToken();
      const key: StoredKey = { id: newId('k'), name: opts.name, role: opts.role, createdAt: at, revokedAt: null, expiresAt: opts.expiresAt ?? null };
      await tx.keys.insert({ ...key, tokenHash: hashToken(token) });
      await audit(tx, key, 'create', opts.actor, at, key.expiresAt === null ? {} : { expiresAt: formatTime(key.expiresAt) });
      return { key, token };
    },
    list: () => repo.list(),
    async revoke(tx: KeyWrites, idOrName: string, actor: string): Promise<StoredKey[]> {
      const at = now();
      const revoked = await tx.keys.revoke(idOrName, at);
      for (const key of revoked) await audit(tx, key, 'revoke', actor, at);
      return revoked;
    },
    /** Records the expiry of keys that reached it (scheduled work). */
    async recordExpired(tx: KeyWrites): Promise<number> {
      const at = now();
      const expired = await tx.keys.takeExpired(at);
      for (const key of expired) await audit(tx, key, 'expire', 'system', at, { expiresAt: formatTime(key.expiresAt!) });
      return expired.length;
    },
    async storedCount() {
      return repo.countAll();
    },
  };
}

export type KeyService = ReturnType<typeof createKeyService>;
