import { and, asc, desc, eq, getTableColumns, gt, inArray, isNotNull, isNull, lt, ne, notInArray, or, sql } from 'drizzle-orm';
import type { SqliteDb } from './connection.js';
import { inList, list, rowReader, setTo } from './sql-helpers.js';
import { complainants, identifiers, registryEntries, textIdentifiers } from './schema.js';
import { CLOSED_STATES, OPEN_STATES, WORK_STATES } from '../../registry/state-machine.js';
import type { FoundIdentifier } from '../../identity/free-text.js';
import type { ComplainantRecord, IdentifierRecord, IdentityLink, IdentityRepository } from '../ports.js';

export function createSqliteIdentityRepository(db: SqliteDb): IdentityRepository {
  const byKey = db
    .select()
    .from(complainants)
    .where(and(eq(complainants.keyType, sql.placeholder('type')), eq(complainants.keyHash, sql.placeholder('hash'))))
    .prepare();
  const byId = db
    .select()
    .from(complainants)
    .where(eq(complainants.id, sql.placeholder('id')))
    .prepare();
  const recordColumns = getTableColumns(complainants);
  const records = rowReader<ComplainantRecord>(recordColumns);
  const many = db.select(recordColumns).from(complainants).where(inList(complainants.id, 'ids')).prepare();
  const rootsFor = db.select({ id: complainants.id, mergedInto: complainants.mergedInto }).from(complainants).where(inList(complainants.id, 'ids')).prepare();
  const insert = db
    .insert(complainants)
    .values({
      id: sql.placeholder('id'),
      keyType: sql.placeholder('keyType'),
      keyHash: sql.placeholder('keyHash'),
      idType: sql.placeholder('idType'),
      name: sql.placeholder('name'),
      createdAt: sql.placeholder('createdAt'),
    })
    .returning()
    .prepare();
  const rename = db
    .update(complainants)
    .set({ name: setTo('name') })
    .where(eq(complainants.id, sql.placeholder('id')))
    .prepare();
  const attachIdentifier = db
    .insert(identifiers)
    .values({
      complainantId: sql.placeholder('complainantId'),
      type: sql.placeholder('type'),
      hash: sql.placeholder('hash'),
      masked: sql.placeholder('masked'),
      firstSeenAt: sql.placeholder('firstSeenAt'),
    })
    // Only an earlier sighting rewrites the row: every complaint attaches its filer's identifiers
    // again, and an unconditional update wrote the row's page and its owner-index page each time.
    .onConflictDoUpdate({
      target: [identifiers.type, identifiers.hash, identifiers.complainantId],
      set: { firstSeenAt: sql`excluded.first_seen_at` },
      setWhere: sql`excluded.first_seen_at < ${identifiers.firstSeenAt}`,
    })
    .prepare();
  const mine = db.select().from(identifiers).where(inList(identifiers.complainantId, 'ids')).as('mine');
  const linkColumns = {
    complainantId: mine.complainantId,
    otherId: identifiers.complainantId,
    via: identifiers.type,
    hash: identifiers.hash,
    masked: identifiers.masked,
    since: sql<number>`max(${mine.firstSeenAt}, ${identifiers.firstSeenAt})`,
    otherKeyType: complainants.keyType,
    otherKeyHash: complainants.keyHash,
  };
  const linkRows = rowReader<IdentityLink>(linkColumns);
  const links = db
    .select(linkColumns)
    .from(mine)
    .innerJoin(identifiers, and(eq(identifiers.type, mine.type), eq(identifiers.hash, mine.hash)))
    .innerJoin(complainants, eq(complainants.id, identifiers.complainantId))
    .where(and(inList(mine.type, 'types'), ne(identifiers.complainantId, mine.complainantId)))
    .prepare();
  const LINK_TYPES = list(['phone', 'address', 'account']);
  const allMerged = db.select({ id: complainants.id, root: complainants.mergedInto }).from(complainants).where(isNotNull(complainants.mergedInto)).prepare();
  const merged = db.select({ id: complainants.id, root: complainants.mergedInto }).from(complainants).where(inList(complainants.mergedInto, 'ids')).prepare();
  const offer = db
    .update(complainants)
    .set({
      assessmentSeq: setTo('seq'),
      assessedAsOf: setTo('asOf'),
      score: setTo('score'),
      level: setTo('level'),
      assessmentCodes: setTo('codes'),
      profitCount: setTo('profitCount'),
    })
    .where(
      and(
        eq(complainants.id, sql.placeholder('id')),
        or(sql`${complainants.assessedAsOf} IS NULL`, sql`${complainants.assessedAsOf} <= ${sql.placeholder('asOf')}`),
      ),
    )
    .prepare();
  const setState = db
    .update(complainants)
    .set({ registryState: setTo('state') })
    .where(eq(complainants.id, sql.placeholder('id')))
    .prepare();
  const holdersOf = db
    .selectDistinct({ id: identifiers.complainantId })
    .from(identifiers)
    .where(and(eq(identifiers.type, sql.placeholder('type')), eq(identifiers.hash, sql.placeholder('hash'))))
    .prepare();

  return {
    async findByKey(keyType, keyHash) {
      return byKey.get({ type: keyType, hash: keyHash }) as ComplainantRecord | undefined;
    },
    async findById(id) {
      return byId.get({ id }) as ComplainantRecord | undefined;
    },
    async findMany(ids) {
      if (!ids.length) return [];
      return records(many, { ids: list(ids) });
    },
    async rootsOf(ids) {
      if (!ids.length) return new Map();
      return new Map(rootsFor.all({ ids: list(ids) }).map((r) => [r.id, r.mergedInto ?? r.id]));
    },
    async create(rec) {
      return insert.get(rec) as ComplainantRecord;
    },
    async setName(id, name) {
      rename.run({ id, name });
    },
    async holders(type, hash) {
      return holdersOf.all({ type, hash }).map((r) => r.id);
    },
    async attach(rec) {
      attachIdentifier.run({ ...rec });
    },
    async identifiersOf(ids) {
      if (!ids.length) return [];
      return db.select().from(identifiers).where(inArray(identifiers.complainantId, ids)).all() as IdentifierRecord[];
    },
    async linksOf(ids) {
      if (!ids.length) return [];
      return linkRows(links, { ids: list(ids), types: LINK_TYPES });
    },
    async members(rootId) {
      return [rootId, ...merged.all({ ids: list([rootId]) }).map((r) => r.id)];
    },
    async mergedInto(rootIds) {
      if (!rootIds.length) return [];
      return merged.all({ ids: list(rootIds) }).map((r) => ({ id: r.id, root: r.root! }));
    },
    async mergedRecords() {
      return allMerged.all().map((r) => ({ id: r.id, root: r.root! }));
    },
    async setMergedInto(ids, rootId) {
      if (ids.length) db.update(complainants).set({ mergedInto: rootId }).where(inArray(complainants.id, ids)).run();
    },
    async offerAssessment(id, a) {
      // Assessment seqs only grow, so an equal asOf means this one is the most recently stored.
      offer.run({ id, seq: a.seq, asOf: a.asOf, score: a.score, level: a.level, codes: a.codes, profitCount: a.profitCount ?? 0 });
    },
    async setRegistryState(id, state) {
      setState.run({ id, state });
    },
    async queue({ levels, registryState, after, limit }) {
      const conds = [isNull(complainants.mergedInto), isNotNull(complainants.assessmentSeq)];
      if (levels?.length) conds.push(levels.length === 1 ? eq(complainants.level, levels[0]) : inArray(complainants.level, [...levels]));
      if (registryState) conds.push(eq(complainants.registryState, registryState));
      if (after) conds.push(or(lt(complainants.score, after.score), and(eq(complainants.score, after.score), gt(complainants.id, after.id)))!);
      return db
        .select()
        .from(complainants)
        .where(and(...conds))
        .orderBy(desc(complainants.score), asc(complainants.id))
        .limit(limit)
        .all() as ComplainantRecord[];
    },
    async idsByName(name, limit) {
      // Not LIKE: SQLite's folds ASCII case, so 'zhang' would find 'Zhang San'. The name column is
      // not indexed, so a prefix compare scans no more than LIKE did.
      return db
        .select({ id: complainants.id })
        .from(complainants)
        .where(sql`substr(${complainants.name}, 1, length(${name})) = ${name}`)
        .orderBy(asc(complainants.id))
        .limit(limit)
        .all()
        .map((r) => r.id);
    },
    async workQueue({ levels, registryState, offset, limit }) {
      const conds = [isNull(complainants.mergedInto), isNotNull(complainants.assessmentSeq)];
      if (levels?.length) conds.push(inArray(complainants.level, [...levels]));
      if (registryState) conds.push(eq(complainants.registryState, registryState));
      // Work waiting for a person, then people not in the registry, then other open entries (listed), then closed ones.
      const rank = sql`CASE WHEN ${inArray(complainants.registryState, [...WORK_STATES])} THEN 0 WHEN ${complainants.registryState} = 'none' THEN 1 WHEN ${inArray(complainants.registryState, [...OPEN_STATES])} THEN 2 ELSE 3 END`;
      const flaggedAt = sql`(SELECT min(${registryEntries.createdAt}) FROM ${registryEntries} WHERE ${registryEntries.complainantId} = ${complainants.id} AND ${notInArray(registryEntries.state, [...CLOSED_STATES])})`;
      return db
        .select()
        .from(complainants)
        .where(and(...conds))
        .orderBy(rank, desc(complainants.score), desc(complainants.profitCount), sql`${flaggedAt} IS NULL`, flaggedAt, asc(complainants.id))
        .limit(limit)
        .offset(offset)
        .all() as ComplainantRecord[];
    },
    async rootIds(afterId, limit) {
      return db
        .select({ id: complainants.id })
        .from(complainants)
        .where(and(isNull(complainants.mergedInto), gt(complainants.id, afterId)))
        .orderBy(asc(complainants.id))
        .limit(limit)
        .all()
        .map((r) => r.id);
    },
    async recordTextIdentifiers(sourceType, sourceId, found) {
      if (found.length)
        db.insert(textIdentifiers)
          .values(found.map((f) => ({ sourceType, sourceId, type: f.type, hash: f.hash, masked: f.masked })))
          .run();
    },
    async textIdentifiersOf(sourceIds) {
      if (!sourceIds.length) return [];
      return db
        .select({
          sourceType: textIdentifiers.sourceType,
          sourceId: textIdentifiers.sourceId,
          type: textIdentifiers.type,
          hash: textIdentifiers.hash,
          masked: textIdentifiers.masked,
        })
        .from(textIdentifiers)
        .where(inArray(textIdentifiers.sourceId, sourceIds))
        .orderBy(asc(textIdentifiers.seq))
        .all() as Array<FoundIdentifier & { sourceType: string; sourceId: string }>;
    },
    async countByLevel() {
      return db
        .select({ level: complainants.level, n: sql<number>`count(*)` })
        .from(complainants)
        .where(isNull(complainants.mergedInto))
        .groupBy(complainants.level)
        .all();
    },
    async countRoots() {
      return db.select({ n: sql<number>`count(*)` }).from(complainants).where(isNull(complainants.mergedInto)).get()!.n;
    },
  };
}
