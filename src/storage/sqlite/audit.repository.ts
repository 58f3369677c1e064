import { and, asc, count, desc, eq, gt, isNull } from 'drizzle-orm';
import type { SqliteDb } from './connection.js';
import { auditLog } from './schema.js';
import { DomainError } from '../../shared/errors.js';
import { auditFields, auditHash, auditMac, GENESIS_HASH, withActorIdentity, type AuditRecord } from '../../registry/audit.js';
import type { AuditRepository } from '../ports.js';
import type { AuditSeal } from '../../registry/audit.js';

export function createSqliteAuditRepository(db: SqliteDb, seal: AuditSeal | null): AuditRepository {
  const last = db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).prepare();
  /**
   * Verification reads a record whose data is not JSON as it is (its hash then fails and names
   * it); everything else treats it as the server fault it is.
   */
  const toRecord = (row: typeof auditLog.$inferSelect, lenient = false): AuditRecord => {
    const { actorIdentity, ...r } = row;
    const parse = (json: string | null) => (json === null ? undefined : JSON.parse(json));
    try {
      return { ...r, ...(actorIdentity === null ? {} : { actorIdentity: parse(actorIdentity) }), data: parse(r.data) };
    } catch (err) {
      if (lenient) return { ...r, ...(actorIdentity === null ? {} : { actorIdentity }), data: r.data ?? undefined };
      throw new Error(`Audit record ${r.seq} holds data that is not JSON: ${(err as Error).message}`);
    }
  };
  const lenient = (r: typeof auditLog.$inferSelect) => toRecord(r, true);
  return {
    async append(given) {
      const content = withActorIdentity(given);
      if (!seal) throw new Error('This store was opened without the audit key, so it cannot write audit records.');
      if (seal.refusal) throw new DomainError('AUDIT_CHAIN_BROKEN', seal.refusal);
      const tail = last.get();
      // Sequence numbers are assigned here, not by AUTOINCREMENT, because the hash covers them.
      const seq = (tail?.seq ?? 0) + 1;
      const prevHash = tail?.hash ?? GENESIS_HASH;
      const hash = auditHash(seq, prevHash, content);
      const fields = auditFields(content);
      const record: AuditRecord = { ...content, seq, prevHash, hash, mac: auditMac(seal.key, seq, hash) };
      db.insert(auditLog)
        .values({
          seq,
          ...fields,
          actorIdentity: content.actorIdentity ? JSON.stringify(content.actorIdentity) : null,
          data: fields.data === null ? null : JSON.stringify(fields.data),
          prevHash,
          hash,
          mac: record.mac,
        })
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
        .map((r) => toRecord(r));
    },
    async forEntity(entityId) {
      return db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityId, entityId))
        .orderBy(asc(auditLog.seq))
        .all()
        .map((r) => toRecord(r));
    },
    async scan(afterSeq, limit) {
      return db.select().from(auditLog).where(gt(auditLog.seq, afterSeq)).orderBy(asc(auditLog.seq)).limit(limit).all().map(lenient);
    },
    async countByAction(entityType) {
      return db
        .select({ action: auditLog.action, n: count() })
        .from(auditLog)
        .where(eq(auditLog.entityType, entityType))
        .groupBy(auditLog.action)
        .orderBy(asc(auditLog.action))
        .all();
    },
    async head() {
      const row = db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1).get();
      return row ? lenient(row) : undefined;
    },
    async unauthenticated() {
      return db.select({ n: count() }).from(auditLog).where(isNull(auditLog.mac)).get()?.n ?? 0;
    },
    async seal(macs) {
      for (const m of macs) db.update(auditLog).set({ mac: m.mac }).where(eq(auditLog.seq, m.seq)).run();
    },
  };
}
