/**
 * Near-duplicate pairs read from their older complaint, without an index kept up to date row by row.
 *
 * A pair is stored once, with its later complaint (`similar_pairs`, in key order: each commit
 * writes the table's last leaves). Read from the older end, it used to come from an index on
 * `other_seq`, where each of a complaint's ~13 pairs landed in a random leaf: a quarter of the
 * pages a complaint wrote, and of the reads the service's thread waited on.
 *
 * Now the older end is a table merged in behind marks (`similar_pairs_by_older`), one mark per
 * block of older seqs (`other_seq >> blockBits`): a pair is in that table once its later
 * complaint's seq is at most its block's mark. The pairs after the marks — the tail — are read
 * from `similar_pairs` into memory, by older seq, and answered from there. When the tail has grown
 * past `mergeAbove`, the writer sweeps the blocks in order, one small transaction each, between the
 * service's own: each block's leaves are written once for hundreds of pairs instead of once a pair.
 *
 * The memory is a cache over committed rows, as everything held in memory here: it catches up from
 * `similar_pairs` by seq before each read (pairs are stored with their later complaint, so they
 * only ever grow at the end), and reads the marks with the pairs, so another process's merge or
 * intake since is seen. Inside a write transaction it may hold the transaction's own pairs; the
 * store undoes them with the transaction (`mark`/`truncate`).
 */
import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import type { SqliteDb } from './connection.js';

export interface ReversePairOptions {
  /** Older seqs per block, as a power of two: a block's leaves are what one merge transaction writes. */
  blockBits: number;
  /** Pairs held in the tail before the writer sweeps them into the table. */
  mergeAbove: number;
  /** Pairs merged in one transaction at most, so that none holds the service's thread for long. */
  mergeAtOnce: number;
}

/**
 * 4,096 older seqs a block: at 1M complaints and 13 pairs each, ~130 leaves of 8 KiB. 300,000 pairs
 * held (~30 MB): a sweep every ~23,000 complaints, writing each leaf of the table about once, in
 * steps of 2,000 pairs (docs/performance.md, "Pairs read from their older end").
 */
export const REVERSE_PAIR_DEFAULTS: ReversePairOptions = { blockBits: 12, mergeAbove: 300_000, mergeAtOnce: 2_000 };

/** A pair read from its older complaint `seq`: `otherSeq` is the later one. */
export interface LaterPair {
  seq: number;
  otherSeq: number;
  similarity: number;
  otherReceivedAt: number;
  otherComplainant: string;
}

interface ForwardRow {
  complaintSeq: number;
  otherSeq: number;
  similarity: number;
  complaintReceivedAt: number;
  complaintComplainant: string;
}

const json = (xs: number[]) => JSON.stringify(xs);
const byEnds = (a: LaterPair, b: LaterPair) => a.seq - b.seq || a.otherSeq - b.otherSeq;

export class ReversePairs {
  /** Block → older seq → its later pairs after the block's mark, by later seq. */
  private readonly blocks = new Map<number, Map<number, LaterPair[]>>();
  /** Every pair in `similar_pairs` up to this later seq is held (or merged); -1: nothing read yet. */
  private cursor = -1;
  private held = 0;
  /** Pairs added since merged ones were last looked for. */
  private sincePruned = 0;
  /** Pairs added since the last commit, in order: what a rollback takes out again. */
  private uncommitted: LaterPair[] = [];
  /** A sweep under way: the later seq it merges through, and the next block. */
  private sweep: { through: number; next: number } | null = null;
  /** Blocks merged by the transaction in progress: dropped from memory once it commits. */
  private merged: Array<{ block: number; through: number }> = [];

  private readonly client: Database.Database;
  private readonly tailAfter: Statement;
  private readonly marksOf: Statement;
  private readonly allMarks: Statement;
  private readonly lowest: Statement;
  private readonly olderOf: Statement;
  private readonly olderWithFilers: Statement;
  private readonly insertOlder: Statement;
  private readonly setMark: Statement;

  constructor(
    db: SqliteDb,
    readonly options: ReversePairOptions = REVERSE_PAIR_DEFAULTS,
  ) {
    this.client = db.$client;
    const c = this.client;
    const bits = options.blockBits;
    this.tailAfter = c.prepare(
      `SELECT complaint_seq AS complaintSeq, other_seq AS otherSeq, similarity, complaint_received_at AS complaintReceivedAt,
        complaint_complainant AS complaintComplainant FROM similar_pairs WHERE complaint_seq > ? ORDER BY complaint_seq, other_seq`,
    );
    this.marksOf = c.prepare(`SELECT block, through FROM similar_pair_marks WHERE block IN (SELECT value FROM json_each(?))`);
    this.allMarks = c.prepare('SELECT block, through FROM similar_pair_marks');
    // Below every mark, and below the first block without one (nothing of it was ever merged).
    this.lowest = c.prepare(`SELECT min(coalesce(min(through), 0), (coalesce(max(block), -1) + 1) << ${bits}) AS at FROM similar_pair_marks`);
    this.olderOf = c.prepare(
      `SELECT other_seq AS seq, complaint_seq AS otherSeq, similarity FROM similar_pairs_by_older
        WHERE other_seq IN (SELECT value FROM json_each(?)) AND similarity >= ?`,
    );
    this.olderWithFilers = c.prepare(
      `SELECT b.other_seq AS seq, b.complaint_seq AS otherSeq, b.similarity AS similarity, p.complaint_received_at AS otherReceivedAt,
        p.complaint_complainant AS otherComplainant
        FROM similar_pairs_by_older b JOIN similar_pairs p ON p.complaint_seq = b.complaint_seq AND p.other_seq = b.other_seq
        WHERE b.other_seq IN (SELECT value FROM json_each(?)) AND b.similarity >= ?`,
    );
    this.insertOlder = c.prepare('INSERT OR IGNORE INTO similar_pairs_by_older (other_seq, complaint_seq, similarity) VALUES (?, ?, ?)');
    this.setMark = c.prepare(
      'INSERT INTO similar_pair_marks (block, through) VALUES (?, ?) ON CONFLICT (block) DO UPDATE SET through = max(through, excluded.through)',
    );
  }

  private blockOf(seq: number): number {
    return Math.floor(seq / 2 ** this.options.blockBits);
  }

  /** A block's mark; a block without one has nothing merged (every pair's later seq is above its first seq). */
  private markOf(block: number, marks: Map<number, number>): number {
    return marks.get(block) ?? block * 2 ** this.options.blockBits;
  }

  /** The marks of these blocks, or of all. */
  private readMarks(blocks?: number[]): Map<number, number> {
    const rows = (blocks ? this.marksOf.all(json(blocks)) : this.allMarks.all()) as Array<{ block: number; through: number }>;
    return new Map(rows.map((r) => [r.block, r.through]));
  }

  /** Pairs held in memory (the tail). */
  get size(): number {
    return this.held;
  }

  /**
   * Every stored pair whose older complaint is one of `seqs` (at least `min` similar), by older
   * then later seq: those merged from the table, the rest from the tail. Without `withFilers`, the
   * merged ones carry only seq, otherSeq and similarity (no read of the pair's own row).
   */
  later(seqs: number[], min = Number.NEGATIVE_INFINITY, withFilers = true): LaterPair[] {
    if (!seqs.length) return [];
    // The marks after the catch-up: it may forget pairs up to the marks it read, and marks only rise.
    this.catchUp();
    const marks = this.readMarks([...new Set(seqs.map((s) => this.blockOf(s)))]);
    const out = ((withFilers ? this.olderWithFilers : this.olderOf).all(json(seqs), min) as LaterPair[]).filter(
      // Merged by another process after the marks were read: the tail still holds them.
      (p) => p.otherSeq <= this.markOf(this.blockOf(p.seq), marks),
    );
    for (const seq of new Set(seqs)) {
      const block = this.blockOf(seq);
      const mark = this.markOf(block, marks);
      for (const p of this.blocks.get(block)?.get(seq) ?? []) if (p.otherSeq > mark && p.similarity >= min) out.push(p);
    }
    return out.sort(byEnds);
  }

  /** Reads what was stored since the cursor (all of the tail the first time). */
  private catchUp(): void {
    if (this.cursor < 0) {
      const from = (this.lowest.get() as { at: number }).at;
      this.cursor = from;
      this.add(this.tailAfter.all(from) as ForwardRow[], this.readMarks());
      return;
    }
    this.add(this.tailAfter.all(this.cursor) as ForwardRow[]);
    if (this.held > 2 * this.options.mergeAbove && this.sincePruned > this.options.mergeAbove) {
      // Far more held than the writer's sweeps leave (a reader, or a writer beside another
      // process's sweeps): forget what has been merged since. Not in a transaction's own pairs,
      // which no mark reaches.
      const marks = this.readMarks();
      for (const block of [...this.blocks.keys()]) this.dropMerged(block, this.markOf(block, marks));
      this.sincePruned = 0;
    }
  }

  private add(rows: ForwardRow[], marks?: Map<number, number>): void {
    for (const r of rows) {
      const block = this.blockOf(r.otherSeq);
      if (marks && r.complaintSeq <= this.markOf(block, marks)) continue;
      const p: LaterPair = {
        seq: r.otherSeq,
        otherSeq: r.complaintSeq,
        similarity: r.similarity,
        otherReceivedAt: r.complaintReceivedAt,
        otherComplainant: r.complaintComplainant,
      };
      let bySeq = this.blocks.get(block);
      if (!bySeq) {
        bySeq = new Map();
        this.blocks.set(block, bySeq);
      }
      const list = bySeq.get(r.otherSeq);
      if (list) list.push(p);
      else bySeq.set(r.otherSeq, [p]);
      // Outside a transaction (the reader's connection) nothing read can be undone.
      if (this.client.inTransaction) this.uncommitted.push(p);
      this.held++;
      this.sincePruned++;
    }
    if (rows.length) this.cursor = rows[rows.length - 1].complaintSeq;
  }

  /** Where a transaction (or savepoint) starts: `truncate` with it undoes what it added. */
  mark(): number {
    return this.cursor;
  }

  /** Takes out the pairs of a transaction undone: their seqs may be used again. */
  truncate(mark: number): void {
    this.merged = [];
    if (mark < 0) {
      this.clear();
      return;
    }
    while (this.uncommitted.length && this.uncommitted[this.uncommitted.length - 1].otherSeq > mark) {
      const p = this.uncommitted.pop()!;
      const bySeq = this.blocks.get(this.blockOf(p.seq))!;
      const list = bySeq.get(p.seq)!;
      list.pop(); // added in order, so the last
      if (!list.length) bySeq.delete(p.seq);
      this.held--;
    }
    this.cursor = Math.min(this.cursor, mark);
  }

  private clear(): void {
    this.blocks.clear();
    this.cursor = -1;
    this.held = 0;
    this.uncommitted = [];
    this.sweep = null;
  }

  /** After a commit: nothing held can be undone any more, and the blocks it merged leave memory. */
  afterCommit(): void {
    this.uncommitted = [];
    for (const { block, through } of this.merged) this.dropMerged(block, through);
    this.merged = [];
  }

  /** Forgets a block's held pairs up to its mark: they are read from the table now. */
  private dropMerged(block: number, through: number): void {
    const bySeq = this.blocks.get(block);
    if (!bySeq) return;
    for (const [seq, list] of bySeq) {
      const left = list.filter((p) => p.otherSeq > through);
      this.held -= list.length - left.length;
      if (left.length) bySeq.set(seq, left);
      else bySeq.delete(seq);
    }
    if (!bySeq.size) this.blocks.delete(block);
  }

  /** Whether the writer should run `mergeStep` after its transaction. */
  needsMerge(): boolean {
    return this.sweep !== null || (this.cursor >= 0 && this.held > this.options.mergeAbove);
  }

  /**
   * One step of a sweep, inside a write transaction: the blocks before the next held one get their
   * mark moved up (nothing of theirs is held), and that block's held pairs go into the table in
   * key order — at most `mergeAtOnce` of them, the earliest stored first, the mark moved up to the
   * last of them (a block the current filings pair with takes several steps). Returns whether the
   * sweep goes on.
   */
  mergeStep(): boolean {
    this.catchUp();
    this.sweep ??= { through: this.cursor, next: 0 };
    const { through } = this.sweep;
    const last = this.blockOf(through);
    let block = this.sweep.next;
    for (; block <= last && !this.blocks.has(block); block++) this.setMark.run(block, through);
    let upTo = through;
    if (block <= last) {
      const mark = this.markOf(block, this.readMarks([block]));
      const due = [...this.blocks.get(block)!.values()]
        .flat()
        .filter((p) => p.otherSeq > mark && p.otherSeq <= through)
        .sort((a, b) => a.otherSeq - b.otherSeq);
      // A later complaint's pairs go in together: a mark falls between complaints.
      if (due.length > this.options.mergeAtOnce) upTo = due[this.options.mergeAtOnce - 1].otherSeq;
      for (const p of due.filter((d) => d.otherSeq <= upTo).sort(byEnds)) this.insertOlder.run(p.seq, p.otherSeq, p.similarity);
      this.setMark.run(block, upTo);
      this.merged.push({ block, through: upTo });
    }
    const blockDone = upTo === through;
    this.sweep.next = blockDone ? block + 1 : block;
    if (block > last || (blockDone && block === last)) this.sweep = null;
    return this.sweep !== null;
  }

  /**
   * Everything in the tail into the table in one sorted pass, inside a write transaction: after a
   * bulk load, which keeps nothing in memory while it loads.
   */
  mergeAll(): number {
    const c = this.client;
    const bits = this.options.blockBits;
    const from = (this.lowest.get() as { at: number }).at;
    const moved = c
      .prepare(
        `INSERT OR IGNORE INTO similar_pairs_by_older (other_seq, complaint_seq, similarity)
          SELECT p.other_seq, p.complaint_seq, p.similarity FROM similar_pairs p LEFT JOIN similar_pair_marks m ON m.block = p.other_seq >> ${bits}
          WHERE p.complaint_seq > ? AND p.complaint_seq > coalesce(m.through, (p.other_seq >> ${bits}) << ${bits})
          ORDER BY p.other_seq, p.complaint_seq`,
      )
      .run(from).changes;
    const top = c.prepare('SELECT max(complaint_seq) AS seq, max(other_seq) AS other FROM similar_pairs').get() as { seq: number | null; other: number | null };
    if (top.seq !== null && top.other !== null) for (let block = 0; block <= top.other >> bits; block++) this.setMark.run(block, top.seq);
    this.clear();
    return moved;
  }

  /** Pairs after the marks in the database, held or not: what the next process to read them would hold. */
  tailLength(): number {
    const from = (this.lowest.get() as { at: number }).at;
    return (this.client.prepare('SELECT count(*) AS n FROM similar_pairs WHERE complaint_seq > ?').get(from) as { n: number }).n;
  }
}
