import { and, asc, count, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { SqliteDb } from './connection.js';
import { apiKeys } from './schema.js';
import type { KeyRepository, StoredKey } from '../ports.js';

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
