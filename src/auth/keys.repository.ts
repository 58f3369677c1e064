import { and, asc, count, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { Role } from '../config.js';
import type { SqliteDb } from '../storage/sqlite.js';
import { apiKeys } from '../storage/schema.js';

export interface StoredKey {
  id: string;
  name: string;
  role: Role;
  createdAt: number;
  revokedAt: number | null;
  /** A key past this instant is refused. */
  expiresAt: number | null;
}

export interface KeyRepository {
  findActiveByHash(tokenHash: string): Promise<StoredKey | undefined>;
  insert(key: StoredKey & { tokenHash: string }): Promise<void>;
  list(): Promise<StoredKey[]>;
  /** Revokes the active keys with this id or name; returns them. */
  revoke(idOrName: string, at: number): Promise<StoredKey[]>;
  countAll(): Promise<number>;
  /** Keys neither revoked nor expired at `at`. */
  active(at: number): Promise<StoredKey[]>;
  /** Keys past their expiry whose expiry is not recorded yet; marks it recorded. */
  takeExpired(at: number): Promise<StoredKey[]>;
}

export function createSqliteKeyRepository(db: SqliteDb): KeyRepository {
  const columns = {
    id: apiKeys.id,
    name: apiKeys.name,
    role: apiKeys.role,
    createdAt: apiKeys.createdAt,
    revokedAt: apiKeys.revokedAt,
    expiresAt: apiKeys.expiresAt,
  };
  // Every authenticated request runs this lookup, so it is prepared once.
  const byHash = db
    .select(columns)
    .from(apiKeys)
    .where(and(eq(apiKeys.tokenHash, sql.placeholder('hash')), isNull(apiKeys.revokedAt)))
    .prepare();
  return {
    async findActiveByHash(tokenHash) {
      return byHash.get({ hash: tokenHash }) as StoredKey | undefined;
    },
    async insert(key) {
      db.insert(apiKeys).values(key).run();
    },
    async list() {
      return db.select(columns).from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id)).all() as StoredKey[];
    },
    async revoke(idOrName, at) {
      return db
        .update(apiKeys)
        .set({ revokedAt: at })
        .where(and(or(eq(apiKeys.id, idOrName), eq(apiKeys.name, idOrName)), isNull(apiKeys.revokedAt)))
        .returning(columns)
        .all() as StoredKey[];
    },
    async active(at) {
      return db
        .select(columns)
        .from(apiKeys)
        .where(and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, at))))
        .all() as StoredKey[];
    },
    async takeExpired(at) {
      return db
        .update(apiKeys)
        .set({ expiredAt: at })
        .where(and(isNull(apiKeys.revokedAt), isNull(apiKeys.expiredAt), lte(apiKeys.expiresAt, at)))
        .returning(columns)
        .all() as StoredKey[];
    },
    async countAll() {
      return db.select({ n: count() }).from(apiKeys).get()!.n;
    },
  };
}
