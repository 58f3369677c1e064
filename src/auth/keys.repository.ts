import { and, asc, count, eq, isNull, or, sql } from 'drizzle-orm';
import type { Role } from '../config.js';
import type { SqliteDb } from '../storage/sqlite.js';
import { apiKeys } from '../storage/schema.js';

export interface StoredKey {
  id: string;
  name: string;
  role: Role;
  createdAt: number;
  revokedAt: number | null;
}

export interface KeyRepository {
  findActiveByHash(tokenHash: string): Promise<StoredKey | undefined>;
  insert(key: StoredKey & { tokenHash: string }): Promise<void>;
  list(): Promise<StoredKey[]>;
  /** Revokes the active keys with this id or name; returns how many. */
  revoke(idOrName: string, at: number): Promise<number>;
  countAll(): Promise<number>;
}

export function createSqliteKeyRepository(db: SqliteDb): KeyRepository {
  const columns = { id: apiKeys.id, name: apiKeys.name, role: apiKeys.role, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt };
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
        .run().changes;
    },
    async countAll() {
      return db.select({ n: count() }).from(apiKeys).get()!.n;
    },
  };
}
