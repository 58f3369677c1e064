import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { SqliteDb } from '../storage/sqlite.js';
import { auditLog } from '../storage/schema.js';
import { auditFields, auditHash, GENESIS_HASH, type AuditContent, type AuditRecord } from './audit.js';

export interface AuditRepository {
  /** Appends a record to the chain; must run inside a write transaction. */
  append(content: AuditContent): Promise<AuditRecord>;
  page(opts: { entityId?: string; afterSeq: number; limit: number }): Promise<AuditRecord[]>;
  forEntity(entityId: string): Promise<AuditRecord[]>;
  /** All records in chain order, in pages (for verification). */
  scan(afterSeq: number, limit: number): Promise<AuditRecord[]>;
}

export function createSqliteAuditRepository(db: SqliteDb): AuditRepository {
  const last = db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).prepare();
  const toRecord = (r: typeof auditLog.$inferSelect): AuditRecord => ({ ...r, data: r.data ?? undefined });
  return {
    async append(content) {
      const tail = last.get();
      // Sequence numbers are assigned here, not by AUTOINCREMENT, because the hash covers them.
      const seq = (tail?.seq ?? 0) + 1;
      const prevHash = tail?.hash ?? GENESIS_HASH;
      const record: AuditRecord = { ...content, seq, prevHash, hash: auditHash(seq, prevHash, content) };
      db.insert(auditLog)
        .values({ seq, ...auditFields(content), prevHash, hash: record.hash })
        .run();
      return record;
    },
    async page({ entityId, afterSeq, limit }) {
      return db
        .select()
        .from(auditLog)
        .where(entityId ? and(eq(auditLog.entityId, entityId), gt(auditLog.seq, afterSeq)) : gt(auditLog.seq, afterSeq))
        .orderBy(asc(auditLog.seq))
        .limit(limit)
        .all()
        .map(toRecord);
    },
    async forEntity(entityId) {
      return db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(asc(auditLog.seq)).all().map(toRecord);
    },
    async scan(afterSeq, limit) {
      return db.select().from(auditLog).where(gt(auditLog.seq, afterSeq)).orderBy(asc(auditLog.seq)).limit(limit).all().map(toRecord);
    },
  };
}
