import { eq, lte, or, sql } from 'drizzle-orm';
import type { SqliteDb } from './connection.js';
import { sessions } from './schema.js';
import type { SessionRecord, SessionRepository } from '../ports.js';

export function createSqliteSessionRepository(db: SqliteDb): SessionRepository {
  // Every request in a session runs this lookup, so it is prepared once.
  const byHash = db
    .select()
    .from(sessions)
    .where(eq(sessions.tokenHash, sql.placeholder('hash')))
    .prepare();
  return {
    async insert(session) {
      db.insert(sessions).values(session).run();
    },
    async findByHash(tokenHash) {
      return byHash.get({ hash: tokenHash }) as SessionRecord | undefined;
    },
    async touch(id, at) {
      db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id)).run();
    },
    async delete(id) {
      return db.delete(sessions).where(eq(sessions.id, id)).run().changes > 0;
    },
    async deleteStale(now, idleSince) {
      return db
        .delete(sessions)
        .where(or(lte(sessions.expiresAt, now), lte(sessions.lastSeenAt, idleSince)))
        .run().changes;
    },
  };
}
