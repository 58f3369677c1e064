import { and, asc, type Column, eq, getTableColumns, gt, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { SqliteDb } from './connection.js';
import { inList, list, rowReader, setTo } from './sql-helpers.js';
import type { SQLiteInsertValue } from 'drizzle-orm/sqlite-core';
import { complaints, events, similarPairs } from './schema.js';
import type { ReversePairs } from './reverse-pairs.js';
import type { ComplaintRepository, ComplaintSummary, DetectionRow, EventRecord, RingCandidate, StoredPair } from '../ports.js';

const summaryColumns = {
  seq: complaints.seq,
  id: complaints.id,
  externalId: complaints.externalId,
  complainantId: complaints.complainantId,
  kind: complaints.kind,
  receivedAt: complaints.receivedAt,
  respondentName: complaints.respondentName,
  respondentCreditCode: complaints.respondentCreditCode,
  respondentRegion: complaints.respondentRegion,
  purchaseAt: complaints.purchaseAt,
  purchaseAmount: complaints.purchaseAmount,
  purchaseQuantity: complaints.purchaseQuantity,
  purchaseProduct: complaints.purchaseProduct,
  purchaseOrderIds: complaints.purchaseOrderIds,
  claimAmount: complaints.claimAmount,
  claimPunitive: complaints.claimPunitive,
  textHash: complaints.textHash,
  facts: complaints.facts,
  selfMatches: complaints.selfMatches,
};

/** SQLite caps bound parameters per statement; long id lists are read in chunks. */
function chunked<T, R>(items: T[], size: number, read: (part: T[]) => R[]): R[] {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...read(items.slice(i, i + size)));
  return out;
}

/** @param reverse the pairs by their older complaint, over this connection (reverse-pairs.ts) */
export function createSqliteComplaintRepository(db: SqliteDb, reverse: ReversePairs): ComplaintRepository {
  const byExternalId = db
    .select()
    .from(complaints)
    .where(eq(complaints.externalId, sql.placeholder('x')))
    .prepare();
  const byId = db
    .select()
    .from(complaints)
    .where(eq(complaints.id, sql.placeholder('id')))
    .prepare();
  const complaintColumns = getTableColumns(complaints);
  const insertColumns = (Object.keys(complaintColumns) as Array<keyof typeof complaintColumns>).filter((k) => k !== 'seq');
  // Bare placeholders, values encoded in `insert`: drizzle runs a placeholder's value through the
  // column's encoder even when it is null, which stored a missing claim.reward/harm as false and a
  // missing order list as the JSON text 'null'.
  const insertComplaint = db
    .insert(complaints)
    .values(Object.fromEntries(insertColumns.map((k) => [k, sql`${sql.placeholder(k)}`])) as SQLiteInsertValue<typeof complaints>)
    .returning({ seq: complaints.seq })
    .prepare();
  const updateResult = db
    .update(complaints)
    .set({ result: setTo('result') })
    .where(eq(complaints.seq, sql.placeholder('seq')))
    .prepare();
  const summariesOf = db.select(summaryColumns).from(complaints).where(inList(complaints.seq, 'seqs')).prepare();
  // Reads by seq from narrow indexes (schema.ts): SQLite would look a seq up in the table itself,
  // whose rows are kilobytes, so the index is named. Fields as raw SQL: drizzle accepts a hinted
  // source only as SQL, and then not the table's own columns.
  const refColumns = {
    seq: sql<number>`seq`,
    id: sql<string>`id`,
    externalId: sql<string>`external_id`,
    complainantId: sql<string>`complainant_id`,
    receivedAt: sql<number>`received_at`,
  };
  const byRefs = sql`complaints INDEXED BY complaints_refs`;
  const refsOf = db.select(refColumns).from(byRefs).where(inList(sql`seq`, 'seqs')).prepare();
  const filedFrom = db
    .select(refColumns)
    .from(byRefs)
    .where(sql`seq > ${sql.placeholder('after')}`)
    .orderBy(sql`seq`)
    .limit(sql.placeholder('limit'))
    .prepare();
  const normsOf = db
    .select({ seq: sql<number>`seq`, text: sql<string>`text_normalised` })
    .from(sql`complaints INDEXED BY complaints_normalised`)
    .where(inList(sql`seq`, 'seqs'))
    .prepare();
  const detectionColumns = {
    seq: complaints.seq,
    id: complaints.id,
    externalId: complaints.externalId,
    complainantId: complaints.complainantId,
    kind: complaints.kind,
    receivedAt: complaints.receivedAt,
    respondentName: complaints.respondentName,
    respondentCreditCode: complaints.respondentCreditCode,
    respondentRegion: complaints.respondentRegion,
    purchaseAt: complaints.purchaseAt,
    textHash: complaints.textHash,
    facts: complaints.facts,
    selfMatches: complaints.selfMatches,
  };
  const detectionRows = rowReader<DetectionRow>(detectionColumns);
  const detectionKeys = (Object.keys(detectionColumns) as Array<keyof typeof detectionColumns>).filter((k) => k !== 'seq');
  const historyOf = db
    .select(detectionColumns)
    .from(complaints)
    .where(and(inList(complaints.complainantId, 'ids'), gt(complaints.receivedAt, sql.placeholder('from')), lte(complaints.receivedAt, sql.placeholder('to'))))
    .prepare();
  const sinceOf = db
    .select(detectionColumns)
    .from(complaints)
    .where(and(inList(complaints.complainantId, 'ids'), gt(complaints.seq, sql.placeholder('after'))))
    .prepare();
  const latestOf = db
    .select({ at: sql<number | null>`max(${complaints.receivedAt})` })
    .from(complaints)
    .where(inList(complaints.complainantId, 'ids'))
    .prepare();
  const insertPair = db
    .insert(similarPairs)
    .values({
      complaintSeq: sql.placeholder('seq'),
      otherSeq: sql.placeholder('other'),
      similarity: sql.placeholder('sim'),
      complaintReceivedAt: sql.placeholder('receivedAt'),
      complaintComplainant: sql.placeholder('complainant'),
      otherReceivedAt: sql.placeholder('otherReceivedAt'),
      otherComplainant: sql.placeholder('otherComplainant'),
    })
    .onConflictDoNothing()
    .prepare();
  const factsOf = db.select({ seq: complaints.seq, facts: complaints.facts }).from(complaints).where(inList(complaints.seq, 'seqs')).prepare();
  // A pair is stored once, with its later complaint, and read from either end: `seq` is the
  // complaint asked about, `otherSeq` the one it resembles. From the later end here; from the
  // older end through `reverse`.
  const [newer, older] = [similarPairs.complaintSeq, similarPairs.otherSeq];
  const pairColumns = { seq: newer, otherSeq: older, similarity: similarPairs.similarity };
  const pairsForward = db.select(pairColumns).from(similarPairs).where(inList(newer, 'seqs')).prepare();
  const within = db
    .select(pairColumns)
    .from(similarPairs)
    .where(and(inList(newer, 'seqs'), inList(older, 'seqs')))
    .prepare();
  // Ring candidates from the later end: the other complaint's filer and receipt are on the same row.
  const ringColumns = { ...pairColumns, otherReceivedAt: similarPairs.otherReceivedAt, otherComplainant: similarPairs.otherComplainant };
  const ringRows = rowReader<RingCandidate>(ringColumns);
  const ringQuery = db
    .select(ringColumns)
    .from(similarPairs)
    .where(
      and(
        inList(newer, 'seqs'),
        sql`${older} NOT IN (SELECT value FROM json_each(${sql.placeholder('excluded')}))`,
        sql`${similarPairs.similarity} >= ${sql.placeholder('min')}`,
        gt(similarPairs.otherReceivedAt, sql.placeholder('from')),
        lte(similarPairs.otherReceivedAt, sql.placeholder('to')),
      ),
    )
    .prepare();
  const eventColumns = {
    seq: events.seq,
    id: events.id,
    complaintId: events.complaintId,
    type: events.type,
    at: events.at,
    amount: events.amount,
    note: events.note,
    createdAt: events.createdAt,
  };

  const eventByIdentity = db
    .select(eventColumns)
    .from(events)
    .where(
      and(
        eq(events.complaintId, sql.placeholder('c')),
        eq(events.type, sql.placeholder('t')),
        eq(events.at, sql.placeholder('at')),
        eq(events.amountKey, sql.placeholder('k')),
      ),
    )
    .prepare();
  const insertEventRow = db
    .insert(events)
    .values({
      id: sql.placeholder('id'),
      complaintId: sql.placeholder('complaintId'),
      complainantId: sql.placeholder('complainantId'),
      type: sql.placeholder('type'),
      at: sql.placeholder('at'),
      amount: sql.placeholder('amount'),
      amountKey: sql.placeholder('amountKey'),
      note: sql.placeholder('note'),
      createdAt: sql.placeholder('createdAt'),
    })
    .returning(eventColumns)
    .prepare();
  const eventRows = rowReader<EventRecord>(eventColumns);
  const eventsAfterRows = rowReader<EventRecord & { complainantId: string | null }>({ ...eventColumns, complainantId: events.complainantId });
  const eventsByComplainant = db
    .select(eventColumns)
    .from(events)
    .where(and(inList(events.complainantId, 'ids'), lte(events.at, sql.placeholder('to'))))
    .orderBy(asc(events.at), asc(events.seq))
    .prepare();
  const rowsAfter = db
    .select(detectionColumns)
    .from(complaints)
    .where(gt(complaints.seq, sql.placeholder('after')))
    .orderBy(asc(complaints.seq))
    .limit(sql.placeholder('limit'))
    .prepare();
  const pairsAfterSeq = db
    .select()
    .from(similarPairs)
    .where(gt(similarPairs.complaintSeq, sql.placeholder('after')))
    .prepare();
  const eventsAfterSeq = db
    .select({ ...eventColumns, complainantId: events.complainantId })
    .from(events)
    .where(gt(events.seq, sql.placeholder('after')))
    .orderBy(asc(events.seq))
    .limit(sql.placeholder('limit'))
    .prepare();
  const through = db.$client.prepare('SELECT coalesce((SELECT max(seq) FROM complaints), 0) AS complaint, coalesce((SELECT max(seq) FROM events), 0) AS event');
  const eventsFor = db.select(eventColumns).from(events).where(inList(events.complaintId, 'ids')).orderBy(asc(events.at), asc(events.seq)).prepare();

  return {
    async findByExternalId(externalId) {
      return byExternalId.get({ x: externalId });
    },
    async findById(id) {
      return byId.get({ id });
    },
    async insert(row) {
      const values: Record<string, unknown> = {};
      for (const key of insertColumns) {
        const value = (row as Record<string, unknown>)[key];
        // Any column: each maps its own kind of value (the union of their mappers takes none).
        const column: Column = complaintColumns[key];
        values[key] = value == null ? null : column.mapToDriverValue(value);
      }
      return insertComplaint.get(values)!.seq;
    },
    async setResult(seq, result) {
      updateResult.run({ seq, result });
    },
    async summariesBySeq(seqs) {
      if (!seqs.length) return [];
      return summariesOf.all({ seqs: list(seqs) }) as ComplaintSummary[];
    },
    async normalisedTexts(seqs) {
      if (!seqs.length) return new Map();
      return new Map(normsOf.all({ seqs: list(seqs) }).map((r) => [r.seq, r.text]));
    },
    async refsBySeq(seqs) {
      if (!seqs.length) return [];
      return refsOf.all({ seqs: list(seqs) });
    },
    async filedAfter(afterSeq, limit) {
      // A start reads a million of these: as arrays, without drizzle's mapping of each value.
      return (filedFrom.values({ after: afterSeq, limit }) as Array<[number, string, string, string, number]>).map(
        ([seq, id, externalId, complainantId, receivedAt]) => ({ seq, id, externalId, complainantId, receivedAt }),
      );
    },
    async history(ids, from, to) {
      if (!ids.length) return [];
      const rows = detectionRows(historyOf, { ids: list(ids), from, to });
      return rows.sort((a, b) => a.receivedAt - b.receivedAt || a.seq - b.seq);
    },
    async historySince(ids, afterSeq) {
      if (!ids.length) return [];
      return detectionRows(sinceOf, { ids: list(ids), after: afterSeq });
    },
    async timeline(ids) {
      if (!ids.length) return [];
      const rows = chunked(ids, 500, (part) => db.select(summaryColumns).from(complaints).where(inArray(complaints.complainantId, part)).all());
      return (rows as ComplaintSummary[]).sort((a, b) => b.receivedAt - a.receivedAt || b.seq - a.seq);
    },
    async latestReceivedAt(ids) {
      if (!ids.length) return null;
      return latestOf.get({ ids: list(ids) })?.at ?? null;
    },
    async newestReceivedAt() {
      // max() over the complaints_received index: one step to its end.
      return (
        db
          .select({ at: sql<number | null>`max(${complaints.receivedAt})` })
          .from(complaints)
          .get()?.at ?? null
      );
    },
    async texts(seqs) {
      return chunked(seqs, 500, (part) =>
        db
          .select({ seq: complaints.seq, id: complaints.id, text: complaints.text, respondentName: complaints.respondentName })
          .from(complaints)
          .where(inArray(complaints.seq, part))
          .all(),
      );
    },
    async maxSeq() {
      return (
        db
          .select({ m: sql<number | null>`max(${complaints.seq})` })
          .from(complaints)
          .get()?.m ?? 0
      );
    },
    async factsSources(afterSeq, limit) {
      const {
        seq,
        id,
        respondentName,
        text,
        purchaseAmount,
        purchaseQuantity,
        purchaseProduct,
        purchaseOrderIds,
        claimAmount,
        claimPunitive,
        claimReward,
        claimHarm,
        facts,
      } = complaints;
      return db
        .select({
          seq,
          id,
          respondentName,
          text,
          purchaseAmount,
          purchaseQuantity,
          purchaseProduct,
          purchaseOrderIds,
          claimAmount,
          claimPunitive,
          claimReward,
          claimHarm,
          facts,
        })
        .from(complaints)
        .where(gt(complaints.seq, afterSeq))
        .orderBy(asc(complaints.seq))
        .limit(limit)
        .all();
    },
    async setFacts(seq, facts) {
      db.update(complaints).set({ facts }).where(eq(complaints.seq, seq)).run();
    },
    async replaceText(seq, r) {
      db.update(complaints).set(r).where(eq(complaints.seq, seq)).run();
    },
    async notes(afterSeq, limit) {
      return db
        .select({ seq: events.seq, id: events.id, note: events.note })
        .from(events)
        .where(and(gt(events.seq, afterSeq), isNotNull(events.note)))
        .orderBy(asc(events.seq))
        .limit(limit)
        .all() as Array<{ seq: number; id: string; note: string }>;
    },
    async setNote(seq, note) {
      db.update(events).set({ note }).where(eq(events.seq, seq)).run();
    },
    async signatures(afterSeq, limit) {
      return db
        .select({ seq: complaints.seq, signature: complaints.signature })
        .from(complaints)
        .where(gt(complaints.seq, afterSeq))
        .orderBy(asc(complaints.seq))
        .limit(limit)
        .all();
    },
    async count() {
      return db.select({ n: sql<number>`count(*)` }).from(complaints).get()!.n;
    },

    async insertPairs(complaint, pairs) {
      for (const p of pairs)
        insertPair.run({
          seq: complaint.seq,
          other: p.otherSeq,
          sim: p.similarity,
          receivedAt: complaint.receivedAt,
          complainant: complaint.complainantId,
          otherReceivedAt: p.otherReceivedAt,
          otherComplainant: p.otherComplainantId,
        });
    },
    async pairsOf(seqs) {
      if (!seqs.length) return [];
      const param = { seqs: list(seqs) };
      const later = reverse.later(seqs, Number.NEGATIVE_INFINITY, false).map(({ seq, otherSeq, similarity }) => ({ seq, otherSeq, similarity }));
      return [...pairsForward.all(param), ...later];
    },

    async pairsWithin(seqs) {
      if (seqs.length < 2) return [];
      return within.all({ seqs: list(seqs) });
    },
    async ringCandidates(seqs, excluded, min, from, to) {
      if (!seqs.length) return [];
      const param = { seqs: list(seqs), excluded: list(excluded), min, from, to };
      const not = new Set(excluded);
      const later = reverse.later(seqs, min).filter((p) => !not.has(p.otherSeq) && p.otherReceivedAt > from && p.otherReceivedAt <= to);
      return [...ringRows(ringQuery, param), ...later];
    },
    async factsBySeq(seqs) {
      if (!seqs.length) return new Map();
      return new Map(factsOf.all({ seqs: list(seqs) }).map((r) => [r.seq, r.facts]));
    },

    async findEvent(complaintId, type, at, amount) {
      return eventByIdentity.get({ c: complaintId, t: type, at, k: amount ?? -1 }) as EventRecord | undefined;
    },
    async insertEvent(e) {
      return insertEventRow.get({ ...e, amountKey: e.amount ?? -1 }) as EventRecord;
    },
    async eventsOf(complaintIds) {
      if (!complaintIds.length) return [];
      return eventRows(eventsFor, { ids: list(complaintIds) });
    },
    async eventsOfComplainants(ids, to) {
      if (!ids.length) return [];
      return eventRows(eventsByComplainant, { ids: list(ids), to });
    },
    detectionRowOf(seq, row) {
      const out: Record<string, unknown> = { seq };
      for (const key of detectionKeys) {
        const value = (row as Record<string, unknown>)[key];
        // Through the column's encoding and back, as `insert` wrote it and a read decodes it.
        const column: Column = detectionColumns[key];
        out[key] = value == null ? null : column.mapFromDriverValue(column.mapToDriverValue(value));
      }
      return out as DetectionRow;
    },
    async detectionRowsAfter(after, limit) {
      return detectionRows(rowsAfter, { after, limit });
    },
    async pairsAfter(after) {
      return pairsAfterSeq.all({ after }) as StoredPair[];
    },
    async eventsAfter(after, limit) {
      // complainant_id is written with every event (nullable only for SQLite's ALTER TABLE).
      return eventsAfterRows(eventsAfterSeq, { after, limit }) as Array<EventRecord & { complainantId: string }>;
    },
    async storedThrough() {
      return through.get() as { complaint: number; event: number };
    },
    async maxEventSeq() {
      return (
        db
          .select({ m: sql<number | null>`max(${events.seq})` })
          .from(events)
          .get()?.m ?? 0
      );
    },
  };
}
