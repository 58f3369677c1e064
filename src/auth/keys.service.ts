/**
 * API keys: static ones from SIEVE_API_KEYS (held in memory, hashed) and ones created from the
 * command line (stored hashed). A key's name is the person recorded in the audit log.
 */
import type { Role, StaticKey } from '../config.js';
import { newId } from '../shared/ids.js';
import type { KeyRepository, StoredKey } from './keys.repository.js';
import type { Principal } from './permissions.js';
import { generateToken, hashToken } from './tokens.js';

export function createKeyService(staticKeys: StaticKey[], repo: KeyRepository, now: () => number) {
  const fromEnv = new Map<string, Principal>(staticKeys.map((k) => [hashToken(k.token), { name: k.name, role: k.role }]));
  return {
    async authenticate(token: string): Promise<Principal | null> {
      const hash = hashToken(token);
      const known = fromEnv.get(hash);
      if (known) return known;
      const stored = await repo.findActiveByHash(hash);
      return stored ? { name: stored.name, role: stored.role } : null;
    },
    /** Creates a key and returns its token: the only time the token exists outside the caller. */
    async create(role: Role, name: string): Promise<{ key: StoredKey; token: string }> {
      const token = generateToken();
      const key: StoredKey = { id: newId('k'), name, role, createdAt: now(), revokedAt: null };
      await repo.insert({ ...key, tokenHash: hashToken(token) });
      return { key, token };
    },
    list: () => repo.list(),
    revoke: (idOrName: string) => repo.revoke(idOrName, now()),
    async storedCount() {
      return repo.countAll();
    },
  };
}

export type KeyService = ReturnType<typeof createKeyService>;
