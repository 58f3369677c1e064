import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { SqliteDb } from './connection.js';
import { inList, list } from './sql-helpers.js';
import { documentCounters, documents, documentServices } from './schema.js';
import type { DocumentRepository } from '../ports.js';

export function createSqliteDocumentRepository(db: SqliteDb): DocumentRepository {
  const summary = {
    id: documents.id,
    entryId: documents.entryId,
    kind: documents.kind,
    number: documents.number,
    year: documents.year,
    seq: documents.seq,
    htmlSha256: documents.htmlSha256,
    pdfSha256: documents.pdfSha256,
    pdfAt: documents.pdfAt,
    createdAt: documents.createdAt,
    createdBy: documents.createdBy,
  };
  const servicesOf = db.select().from(documentServices).where(inList(documentServices.documentId, 'ids')).prepare();
  return {
    async nextNumber(prefix, year) {
      // One statement takes the number: the row is created at 1 or incremented, and read back.
      const row = db
        .insert(documentCounters)
        .values({ prefix, year, last: 1 })
        .onConflictDoUpdate({ target: [documentCounters.prefix, documentCounters.year], set: { last: sql`${documentCounters.last} + 1` } })
        .returning({ last: documentCounters.last })
        .get();
      return row.last;
    },
    async insert(doc) {
      db.insert(documents).values(doc).run();
    },
    async get(id) {
      return db.select().from(documents).where(eq(documents.id, id)).get();
    },
    async forEntry(entryId) {
      return db.select(summary).from(documents).where(eq(documents.entryId, entryId)).orderBy(asc(documents.createdAt), asc(documents.seq)).all();
    },
    async setPdf(id, pdf, sha256, at) {
      const r = db
        .update(documents)
        .set({ pdf, pdfSha256: sha256, pdfAt: at })
        .where(and(eq(documents.id, id), isNull(documents.pdf)))
        .run();
      return r.changes === 1;
    },
    async insertService(rec) {
      db.insert(documentServices).values(rec).run();
    },
    async serviceOf(documentIds) {
      if (documentIds.length === 0) return [];
      return servicesOf.all({ ids: list(documentIds) });
    },
  };
}
