import { and, asc, eq, sql } from 'drizzle-orm';
import type { SqliteDb } from './connection.js';
import { rescanItems, rescans } from './schema.js';
import type { RescanItem, RescanRecord, RescanRepository } from '../ports.js';

export function createSqliteRescanRepository(db: SqliteDb): RescanRepository {
  // A rescan writes a row per complainant: a write's items travel as one JSON array (like id lists,
  // see sql-helpers) and SQLite unpacks them, rather than binding and converting each value in JS.
  const item = (key: string) => sql`value ->> ${key}`;
  const insertFromJson = (rescanId: string, items: RescanItem[]) =>
    db.run(sql`INSERT INTO ${rescanItems} (${sql.join(
      [
        rescanItems.rescanId,
        rescanItems.complainantId,
        rescanItems.beforeLevel,
        rescanItems.beforeScore,
        rescanItems.afterLevel,
        rescanItems.afterScore,
        rescanItems.findings,
        rescanItems.outcome,
      ].map((c) => sql.identifier(c.name)),
      sql`, `,
    )})
      SELECT ${rescanId}, ${item('complainantId')}, ${item('beforeLevel')}, ${item('beforeScore')}, ${item('afterLevel')},
        ${item('afterScore')}, value -> 'findings', ${item('outcome')}
      FROM json_each(${JSON.stringify(items)}) WHERE true
      ON CONFLICT DO NOTHING`);
  return {
    async insert(r) {
      db.insert(rescans).values(r).run();
    },
    async get(id) {
      return db.select().from(rescans).where(eq(rescans.id, id)).get() as RescanRecord | undefined;
    },
    async update(id, patch) {
      db.update(rescans).set(patch).where(eq(rescans.id, id)).run();
    },
    async inState(state) {
      return db.select().from(rescans).where(eq(rescans.state, state)).orderBy(asc(rescans.createdAt), asc(rescans.id)).all() as RescanRecord[];
    },
    async insertItems(rescanId, items) {
      if (items.length) insertFromJson(rescanId, items);
    },
    async doneIds(rescanId) {
      return new Set(
        db
          .select({ id: rescanItems.complainantId })
          .from(rescanItems)
          .where(eq(rescanItems.rescanId, rescanId))
          .all()
          .map((r) => r.id),
      );
    },
    async deleteFinishedItems(limit) {
      return db.run(
        sql`DELETE FROM ${rescanItems} WHERE rowid IN (
          SELECT ${rescanItems}.rowid FROM ${rescans} JOIN ${rescanItems} ON ${rescanItems.rescanId} = ${rescans.id}
          WHERE ${rescans.state} IN ('done', 'failed') LIMIT ${limit})`,
      ).changes;
    },
    async items(rescanId, afterId, limit) {
      const { complainantId, beforeLevel, beforeScore, afterLevel, afterScore, findings, outcome } = rescanItems;
      return db
        .select({ complainantId, beforeLevel, beforeScore, afterLevel, afterScore, findings, outcome })
        .from(rescanItems)
        .where(and(eq(rescanItems.rescanId, rescanId), sql`${rescanItems.complainantId} > ${afterId}`))
        .orderBy(asc(rescanItems.complainantId))
        .limit(limit)
        .all() as RescanItem[];
    },
  };
}
