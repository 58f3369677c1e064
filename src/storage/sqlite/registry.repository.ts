import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, notInArray, or, sql } from 'drizzle-orm';
import type { SqliteDb } from './connection.js';
import { inList, list } from './sql-helpers.js';
import { allowlist, merges, registryEntries } from './schema.js';
import { CLOSED_STATES, type RegistryState } from '../../registry/state-machine.js';
import type { EntryRecord, MergeRecord } from '../../registry/entry.js';
import type { RegistryRepository } from '../ports.js';

export function createSqliteRegistryRepository(db: SqliteDb): RegistryRepository {
  const row = (r: unknown) => r as EntryRecord;
  const latest = db
    .select({ id: registryEntries.id, state: registryEntries.state })
    .from(registryEntries)
    .where(eq(registryEntries.complainantId, sql.placeholder('c')))
    .orderBy(desc(registryEntries.createdAt), desc(registryEntries.id))
    .limit(1)
    .prepare();
  const open = db
    .select({ id: registryEntries.id, state: registryEntries.state })
    .from(registryEntries)
    .where(and(eq(registryEntries.complainantId, sql.placeholder('c')), notInArray(registryEntries.state, [...CLOSED_STATES])))
    .limit(1)
    .prepare();

  const generationOf = db
    .select({ made: sql<number>`count(*)`, undone: sql<number>`count(${merges.undoneAt})` })
    .from(merges)
    .prepare();

  const closedOf = db
    .select()
    .from(registryEntries)
    .where(and(eq(registryEntries.complainantId, sql.placeholder('c')), inArray(registryEntries.state, [...CLOSED_STATES])))
    .orderBy(desc(registryEntries.closedAt), desc(registryEntries.id))
    .limit(1)
    .prepare();
  const statesOf = db
    .select()
    .from(registryEntries)
    .where(and(inList(registryEntries.state, 'states'), inList(registryEntries.complainantId, 'ids')))
    .orderBy(desc(registryEntries.createdAt), asc(registryEntries.id))
    .prepare();
  const allowedOf = db
    .select()
    .from(allowlist)
    .where(
      and(
        inList(allowlist.complainantId, 'ids'),
        lte(allowlist.createdAt, sql.placeholder('recordedBy')),
        gt(allowlist.expiresAt, sql.placeholder('at')),
        or(isNull(allowlist.revokedAt), gt(allowlist.revokedAt, sql.placeholder('recordedBy'))),
      ),
    )
    .prepare();

  return {
    async insert(entry) {
      db.insert(registryEntries).values(entry).run();
    },
    async update(id, patch) {
      db.update(registryEntries).set(patch).where(eq(registryEntries.id, id)).run();
    },
    async get(id) {
      return row(db.select().from(registryEntries).where(eq(registryEntries.id, id)).get());
    },
    async latestFor(complainantId) {
      return latest.get({ c: complainantId }) as { id: string; state: RegistryState } | undefined;
    },
    async openFor(complainantId) {
      return open.get({ c: complainantId }) as { id: string; state: RegistryState } | undefined;
    },
    async lastClosedFor(complainantId) {
      return row(closedOf.get({ c: complainantId }));
    },
    async forComplainant(complainantId) {
      return db
        .select()
        .from(registryEntries)
        .where(eq(registryEntries.complainantId, complainantId))
        .orderBy(desc(registryEntries.createdAt), desc(registryEntries.id))
        .all() as EntryRecord[];
    },
    async page({ state, states, complainantId, heldBy, deadlineBefore, deadlineFrom, after, limit }) {
      const conds = [];
      if (state) conds.push(eq(registryEntries.state, state));
      if (states) conds.push(inArray(registryEntries.state, [...states]));
      if (complainantId) conds.push(eq(registryEntries.complainantId, complainantId));
      if (heldBy) conds.push(eq(registryEntries.heldBy, heldBy));
      if (deadlineBefore !== undefined) conds.push(lt(registryEntries.deadline, deadlineBefore));
      if (deadlineFrom !== undefined) conds.push(gte(registryEntries.deadline, deadlineFrom));
      if (after)
        conds.push(or(lt(registryEntries.createdAt, after.createdAt), and(eq(registryEntries.createdAt, after.createdAt), gt(registryEntries.id, after.id))));
      return db
        .select()
        .from(registryEntries)
        .where(conds.length ? and(...conds) : undefined)
        .orderBy(desc(registryEntries.createdAt), asc(registryEntries.id))
        .limit(limit)
        .all() as EntryRecord[];
    },
    async countByState() {
      return db.select({ state: registryEntries.state, n: sql<number>`count(*)` }).from(registryEntries).groupBy(registryEntries.state).all();
    },
    async countDecisionsDue(now) {
      return db
        .select({ n: sql<number>`count(*)` })
        .from(registryEntries)
        .where(and(eq(registryEntries.state, 'notified'), lt(registryEntries.deadline, now)))
        .get()!.n;
    },
    async expiredListings(now) {
      return db
        .select()
        .from(registryEntries)
        .where(and(eq(registryEntries.state, 'listed'), lte(registryEntries.expiresAt, now)))
        .orderBy(asc(registryEntries.expiresAt), asc(registryEntries.id))
        .all() as EntryRecord[];
    },
    async inStates<S extends RegistryState>(states: readonly S[], complainantIds: string[]) {
      if (!complainantIds.length) return [];
      return statesOf.all({ states: list(states), ids: list(complainantIds) }) as Array<EntryRecord & { state: S }>;
    },
    async all(states) {
      return db
        .select()
        .from(registryEntries)
        .where(inArray(registryEntries.state, states))
        .orderBy(desc(registryEntries.createdAt), asc(registryEntries.id))
        .all() as EntryRecord[];
    },

    async insertAllow(rec) {
      db.insert(allowlist).values(rec).run();
    },
    async revokeAllow(id, at, by) {
      return (
        db
          .update(allowlist)
          .set({ revokedAt: at, revokedBy: by })
          .where(and(eq(allowlist.id, id), isNull(allowlist.revokedAt)))
          .run().changes > 0
      );
    },
    async getAllow(id) {
      return db.select().from(allowlist).where(eq(allowlist.id, id)).get();
    },
    async allowlist({ activeAt }) {
      return db
        .select()
        .from(allowlist)
        .where(activeAt === undefined ? undefined : and(isNull(allowlist.revokedAt), gt(allowlist.expiresAt, activeAt)))
        .orderBy(desc(allowlist.createdAt), asc(allowlist.id))
        .all();
    },
    async allowedAt(complainantIds, at, recordedBy) {
      if (!complainantIds.length) return [];
      return allowedOf.all({ ids: list(complainantIds), at, recordedBy });
    },

    async insertMerge(rec) {
      db.insert(merges).values(rec).run();
    },
    async getMerge(id) {
      return db.select().from(merges).where(eq(merges.id, id)).get() as MergeRecord | undefined;
    },
    async undoMerge(id, at, by, reason) {
      db.update(merges).set({ undoneAt: at, undoneBy: by, undoReason: reason }).where(eq(merges.id, id)).run();
    },
    async mergeGeneration() {
      // Merges are never deleted and an undo only sets undone_at: both counts only grow.
      const g = generationOf.get()!;
      return `${g.made}.${g.undone}`;
    },
  };
}
