/**
 * Complainant profiles: what the indicators read about a complainant that only ever grows — their
 * complaint rows in the lookback, the events on them, the stored near-duplicate pairs touching
 * them — kept in memory between assessments, so a heavy filer's next complaint is assessed without
 * reading their history again.
 *
 * A cache over committed rows, never a second source of truth. Complaint rows, pairs (written with
 * the later complaint) and events are append-only, each in its own storage order, so the store
 * keeps one cursor per order: before every use it reads what was stored after its cursor — by this
 * process or any other writing the same database — and adds each row to the profiles it belongs to.
 * Each profile also records the sequences it was complete up to when it was read, so nothing is
 * counted twice. What is not cached (identity links, merges, other people's complaints) is read
 * from the database as before. Only used inside write transactions (one writer at a time, so the
 * catch-up and the reads see one state); a transaction undone clears everything (sequences of
 * undone rows are reused).
 *
 * Held compactly (held-items.ts): rows with their facts for one lexicon, the one the rule set in use
 * reads; a rule set reading another one drops everything once.
 *
 * Bounded: at most `budget` held items (complaint rows + events + pairs); the least recently used
 * complainants are dropped first and read again when next needed. Far behind (another process
 * stored more than `catchUpLimit` rows since), the store starts over instead of replaying them.
 */
import type { DetectionRow, EventRecord, StoredComplaint, StoredPair, WriteContext } from '../storage/ports.js';
import type { HistorySource, SourceEvent } from './history.js';
import { HeldPairs, HeldRow, holdEvent, Interner } from './held-items.js';
import type { LexiconVersion } from './lexicon.js';

/** Storage sequences: complaints (and the pairs written with them), events. */
interface Cursor {
  complaint: number;
  event: number;
}

interface Profile {
  key: string;
  members: string[];
  /** Rows received after this instant are all held. */
  from: number;
  /** The sequences this profile was complete up to when read; later rows come from the catch-up. */
  seen: Cursor;
  /** By receivedAt, then seq (as the history reads them). */
  rows: HeldRow[];
  /** Every event on a held complaint, by date then seq. */
  events: SourceEvent[];
  /**
   * Stored pairs touching a held complaint, from its side: those at least `ring.min` similar with
   * both complaints received after `ring.from` (what TEMPLATE_RING last asked for; a popular template
   * is matched by thousands of later complaints, so not every pair ever stored). Null: not read yet.
   */
  pairs: HeldPairs;
  ring: { min: number; from: number } | null;
}

export interface ProfileStats {
  profiles: number;
  items: number;
  budget: number;
  /** Assessments answered from a held profile, and those that had to read one. */
  hits: number;
  loads: number;
  /** Times everything was dropped: a transaction undone, or far behind other writers. */
  resets: number;
  /** Complaints this process stored that were taken as written, not read back by a catch-up. */
  taken: number;
}

const byReceived = (a: HeldRow, b: HeldRow) => a.receivedAt - b.receivedAt || a.seq - b.seq;
const byDate = (a: SourceEvent, b: SourceEvent) => a.at - b.at || a.seq - b.seq;
const FOREVER = Number.MAX_SAFE_INTEGER;

export class ProfileStore {
  private readonly profiles = new Map<string, Profile>();
  /** Complainant record → keys of the profiles it is a member of. */
  private readonly byRecord = new Map<string, Set<string>>();
  private cursor: Cursor | null = null;
  /** Rows hold their facts as this lexicon reads them (another one asked for: everything is read again). */
  private lexicon: LexiconVersion | null = null;
  private readonly pool = new Interner();
  private items = 0;
  private hits = 0;
  private loads = 0;
  private resets = 0;
  private taken = 0;

  constructor(
    readonly budget: number,
    private readonly catchUpLimit = 5_000,
  ) {}

  /** Keyed by the set of records counted together (a reviewer's merge makes another set). */
  static key(members: string[]): string {
    return [...members].sort().join('\u0000');
  }

  stats(): ProfileStats {
    return { profiles: this.profiles.size, items: this.items, budget: this.budget, hits: this.hits, loads: this.loads, resets: this.resets, taken: this.taken };
  }

  /** Forgets everything: the next use reads from the database again. */
  clear(): void {
    if (this.cursor) this.resets++;
    this.profiles.clear();
    this.byRecord.clear();
    this.cursor = null;
    this.items = 0;
    this.pool.clear();
  }

  /**
   * A history source for one assessment inside `tx`: brought up to date with everything stored so
   * far, then answering the complainant's reads from their profile.
   */
  async source(tx: WriteContext): Promise<HistorySource> {
    await this.catchUp(tx);
    let current: Profile | undefined;
    return {
      rows: async (members, from, to, lexicon) => {
        if (this.lexicon !== null && lexicon !== this.lexicon) {
          // A rule set reading another lexicon: held facts are of the old one.
          this.clear();
          await this.catchUp(tx);
        }
        this.lexicon = lexicon;
        current = await this.profile(tx, members, from);
        return current.rows.filter((r) => r.receivedAt > from && r.receivedAt <= to);
      },
      events: async (members, to) => {
        const p = current?.key === ProfileStore.key(members) ? current : undefined;
        if (!p) return tx.complaints.eventsOfComplainants(members, to);
        return p.events.filter((e) => e.at <= to);
      },
      ring: async (seqs, excluded, min, from, to) => {
        const held = current && new Set(current.rows.map((r) => r.seq));
        if (!current || !held || seqs.some((s) => !held.has(s))) return tx.complaints.ringCandidates(seqs, excluded, min, from, to);
        await this.ringPairs(tx, current, min, from);
        const ours = new Set(seqs);
        const not = new Set(excluded);
        return current.pairs.select(
          (seq, otherSeq, similarity, otherReceivedAt) =>
            ours.has(seq) && !not.has(otherSeq) && similarity >= min && otherReceivedAt > from && otherReceivedAt <= to,
        );
      },
    };
  }

  /** Makes `p` hold the pairs TEMPLATE_RING asks for: read when a lower `min` or an earlier `from` is asked. */
  private async ringPairs(tx: WriteContext, p: Profile, min: number, from: number): Promise<void> {
    if (p.ring && min >= p.ring.min && from >= p.ring.from) {
      if (from > p.ring.from) {
        // The window moved on: pairs with complaints before it are not asked for again.
        this.items -= p.pairs.retain((_s, _o, _sim, otherReceivedAt) => otherReceivedAt > from);
        p.ring.from = from;
      }
      return;
    }
    tx.onRollback(() => this.clear());
    const ours = p.rows.filter((r) => r.receivedAt > from).map((r) => r.seq);
    const pairs = await tx.complaints.ringCandidates(ours, [], min, from, FOREVER);
    this.items += pairs.length - p.pairs.length;
    p.pairs = new HeldPairs(pairs, this.pool);
    p.ring = { min, from };
    this.evict(p.key);
  }

  /** Adds what was stored after the cursor to the profiles it belongs to. */
  private async catchUp(tx: WriteContext): Promise<void> {
    if (!this.cursor) {
      this.cursor = { complaint: await tx.complaints.maxSeq(), event: await tx.complaints.maxEventSeq() };
      tx.onRollback(() => this.clear());
      return;
    }
    const cursor = this.cursor;
    // Nothing stored since (an intake's own complaint was handed over by `stored`): one read says so.
    const top = await tx.complaints.storedThrough();
    if (top.complaint === cursor.complaint && top.event === cursor.event) return;
    const rows = await tx.complaints.detectionRowsAfter(cursor.complaint, this.catchUpLimit + 1);
    const events = await tx.complaints.eventsAfter(cursor.event, this.catchUpLimit + 1);
    if (!rows.length && !events.length) return;
    tx.onRollback(() => this.clear());
    if (rows.length > this.catchUpLimit || events.length > this.catchUpLimit) {
      // Far behind another writer: reading the profiles afresh costs less than replaying it all.
      this.clear();
      this.cursor = { complaint: await tx.complaints.maxSeq(), event: await tx.complaints.maxEventSeq() };
      return;
    }
    const pairs = rows.length ? await tx.complaints.pairsAfter(cursor.complaint) : [];
    for (const row of rows) for (const p of this.holding(row.complainantId)) if (row.seq > p.seen.complaint) this.addRow(p, row);
    for (const pair of pairs) this.addPair(pair);
    for (const e of events) for (const p of this.holding(e.complainantId)) if (e.seq > p.seen.event) this.addEvent(p, e);
    this.cursor = { complaint: rows.at(-1)?.seq ?? cursor.complaint, event: events.at(-1)?.seq ?? cursor.event };
    this.evict();
  }

  /**
   * A complaint this transaction has just stored, with its pairs, as the next catch-up would read
   * them back: added now instead (a held filer's next assessment reads it, and every intake paid
   * for reading and decoding its own row again). Only when it is the next in storage order after
   * the cursor: then nothing else was stored between, and another process's rows, before or
   * after, are still read by the catch-up in order.
   */
  stored(tx: WriteContext, complaint: StoredComplaint): void {
    const { seq, complainantId } = complaint;
    if (!this.cursor || seq !== this.cursor.complaint + 1) return;
    tx.onRollback(() => this.clear());
    // Made only for a held profile: decoding the row again is most of what reading it cost.
    let row: DetectionRow | undefined;
    for (const p of this.holding(complainantId)) {
      if (seq <= p.seen.complaint) continue;
      row ??= complaint.row();
      this.addRow(p, row);
    }
    for (const pair of complaint.pairs) this.addPair(pair);
    this.cursor = { ...this.cursor, complaint: seq };
    this.taken++;
    this.evict();
  }

  private *holding(recordId: string): Iterable<Profile> {
    for (const key of this.byRecord.get(recordId) ?? []) {
      const p = this.profiles.get(key);
      if (p) yield p;
    }
  }

  private addRow(p: Profile, row: DetectionRow): void {
    if (row.receivedAt <= p.from) return; // before the window this profile holds
    const held = new HeldRow(row, this.lexicon!, this.pool);
    const at = p.rows.length && byReceived(p.rows[p.rows.length - 1], held) > 0 ? p.rows.findIndex((r) => byReceived(r, held) > 0) : p.rows.length;
    p.rows.splice(at, 0, held);
    this.items++;
  }

  /** A pair goes to the profiles of both complaints' filers, each from its own side. */
  private addPair(pair: StoredPair): void {
    const later = { seq: pair.complaintSeq, receivedAt: pair.complaintReceivedAt, filer: pair.complaintComplainant };
    const earlier = { seq: pair.otherSeq, receivedAt: pair.otherReceivedAt, filer: pair.otherComplainant };
    for (const [ours, theirs] of [
      [later, earlier],
      [earlier, later],
    ])
      for (const p of this.holding(ours.filer))
        if (
          p.ring &&
          pair.complaintSeq > p.seen.complaint &&
          ours.receivedAt > p.from &&
          pair.similarity >= p.ring.min &&
          ours.receivedAt > p.ring.from &&
          theirs.receivedAt > p.ring.from
        ) {
          p.pairs.push(
            { seq: ours.seq, otherSeq: theirs.seq, similarity: pair.similarity, otherReceivedAt: theirs.receivedAt, otherComplainant: theirs.filer },
            this.pool,
          );
          this.items++;
        }
  }

  private addEvent(p: Profile, e: EventRecord): void {
    const on = p.rows.find((r) => r.id === e.complaintId);
    if (!on) return; // on a complaint before the window
    const event = holdEvent(e, on.id, this.pool);
    const at = p.events.length && byDate(p.events[p.events.length - 1], event) > 0 ? p.events.findIndex((x) => byDate(x, event) > 0) : p.events.length;
    p.events.splice(at, 0, event);
    this.items++;
  }

  /** The profile of these records holding every row received after `from`: held, trimmed, or read. */
  private async profile(tx: WriteContext, members: string[], from: number): Promise<Profile> {
    const key = ProfileStore.key(members);
    let p = this.profiles.get(key);
    // An earlier window than the one held (a complaint replayed out of order, a longer lookback): read afresh.
    if (p && from < p.from) {
      this.drop(key);
      p = undefined;
    }
    if (p) {
      this.hits++;
      this.profiles.delete(key); // most recently used last
      this.profiles.set(key, p);
      if (p.rows.length && p.rows[0].receivedAt <= from) this.trim(p, from);
      return p;
    }
    this.loads++;
    tx.onRollback(() => this.clear());
    const rows = (await tx.complaints.history(members, from, FOREVER)).map((r) => new HeldRow(r, this.lexicon!, this.pool));
    const held = new Map(rows.map((r) => [r.id, r.id]));
    const events = (await tx.complaints.eventsOfComplainants(members, FOREVER)).flatMap((e) => {
      const on = held.get(e.complaintId);
      return on === undefined ? [] : [holdEvent(e, on, this.pool)];
    });
    // Pairs are read when TEMPLATE_RING first asks, for the window it asks about.
    p = { key, members: members.map((m) => this.pool.str(m)), from, seen: { ...this.cursor! }, rows, events, pairs: new HeldPairs(), ring: null };
    this.profiles.set(key, p);
    for (const m of members) {
      const keys = this.byRecord.get(m) ?? new Set();
      keys.add(key);
      this.byRecord.set(m, keys);
    }
    this.items += rows.length + events.length;
    this.evict(key);
    return p;
  }

  /** The window moved on: forget what no later window of this profile will need. */
  private trim(p: Profile, from: number): void {
    const before = p.rows.length + p.events.length + p.pairs.length;
    p.rows = p.rows.filter((r) => r.receivedAt > from);
    const seqs = new Set(p.rows.map((r) => r.seq));
    const ids = new Set(p.rows.map((r) => r.id));
    p.events = p.events.filter((e) => ids.has(e.complaintId));
    p.pairs.retain((seq) => seqs.has(seq));
    p.from = from;
    this.items -= before - (p.rows.length + p.events.length + p.pairs.length);
  }

  private evict(keep?: string): void {
    for (const [key] of this.profiles) {
      if (this.items <= this.budget) break;
      if (key !== keep) this.drop(key);
    }
  }

  private drop(key: string): void {
    const p = this.profiles.get(key);
    if (!p) return;
    this.items -= p.rows.length + p.events.length + p.pairs.length;
    this.profiles.delete(key);
    for (const m of p.members) {
      const keys = this.byRecord.get(m);
      keys?.delete(key);
      if (keys?.size === 0) this.byRecord.delete(m);
    }
  }
}
