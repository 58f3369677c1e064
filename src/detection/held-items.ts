/**
 * How complainant profiles (profiles.ts) hold what they read, compactly. As read from the database a
 * heavy filer's complaint row took ~1.6 KB of heap: its facts as every shipped lexicon reads them,
 * phrase lists and respondent names repeated on every row, near-duplicate links as one object each.
 * Holding a province's ~4,500 professional claimants (~1.6M rows, events and pairs) that way would
 * take ~1.1 GB. Held, a row keeps its facts for the one lexicon in use, shares every part equal to
 * one already held (phrase lists, punitive claims, names, codes), and packs its links into numbers;
 * events keep what detection reads; ring pairs are columns of numbers. A row does not keep its
 * external id and text hash: only evidence bundles read them, from a history read from the database.
 *
 * Sharing is safe because nothing in detection changes what it reads (indicators copy before they
 * sort), and held values answer exactly as the rows read from the database: the profiles'
 * differential test compares every reading (SIEVE_PROFILES=verify).
 */
import type { DetectionRow, EventRecord, RingCandidate } from '../storage/ports.js';
import { factsView, type ComplaintFacts } from './facts.js';
import type { LexiconVersion } from './lexicon.js';
import type { SourceEvent, SourceRow } from './history.js';
import { regionOf, respondentForm } from './respondents.js';

/**
 * One instance for every equal string or value. A pool that grows past `limit` starts over: what was
 * shared stays shared, only later values stop finding it (so it never grows beyond its limit).
 */
export class Interner {
  private strings = new Map<string, string>();
  private values = new Map<string, unknown>();

  constructor(private readonly limit = 200_000) {}

  get size(): number {
    return this.strings.size + this.values.size;
  }

  clear(): void {
    this.strings.clear();
    this.values.clear();
  }

  str<T extends string | null>(s: T): T {
    if (s === null) return s;
    const held = this.strings.get(s);
    if (held !== undefined) return held as T;
    if (this.strings.size >= this.limit) this.strings.clear();
    this.strings.set(s, s);
    return s;
  }

  /** Plain JSON values (as parsed from a stored column), keyed by their JSON. */
  value<T>(v: T): T {
    if (typeof v === 'string') return this.str(v);
    if (v === null || typeof v !== 'object') return v;
    const key = JSON.stringify(v);
    // Phrases quoting an amount or a quantity ("货款650元") are their complaint's own: pooled, they
    // would cost their key without ever being shared. (A punitive multiple, "10x", is not a quote.)
    if (QUOTED_NUMBER.test(key)) return v;
    const held = this.values.get(key);
    if (held !== undefined) return held as T;
    if (this.values.size >= this.limit) this.values.clear();
    this.values.set(key, v);
    return v;
  }

  /** Facts with each part shared; order ids, unique to each complaint, are kept as they are. */
  facts(f: ComplaintFacts): ComplaintFacts {
    const out: Record<string, unknown> = {};
    const parts = f as unknown as Record<string, unknown>;
    // Read once per held row (a heavy filer's profile is hundreds): no entry arrays, nulls first.
    for (const k in parts) {
      const v = parts[k];
      out[k] = v === null || typeof v === 'number' ? v : k === 'orderIds' && (v as string[]).length ? v : this.value(v);
    }
    return out as unknown as ComplaintFacts;
  }
}

/** A digit in the JSON of a value, other than in a punitive multiple ("multiple":"10x"). */
const QUOTED_NUMBER = /\d(?!\d*x")/;

const NO_MATCHES: ReadonlyArray<{ seq: number; similarity: number }> = Object.freeze([]);

/**
 * A complaint row as a profile holds it: facts for one lexicon, parts shared, links packed; not its
 * external id and text hash (~120 bytes a row), which only evidence bundles read.
 */
export class HeldRow implements SourceRow {
  readonly seq: number;
  readonly id: string;
  readonly complainantId: string;
  readonly kind: DetectionRow['kind'];
  readonly receivedAt: number;
  readonly respondentName: string;
  readonly respondentCreditCode: string | null;
  readonly respondentRegion: string | null;
  readonly purchaseAt: number | null;
  readonly facts: ComplaintFacts;
  // Worked out once here rather than looked up again at every assessment (history.ts).
  readonly respondentForm: string;
  readonly regionForm: string | null;
  /** Earlier near-duplicates of the complainant's own: seq, similarity, seq, similarity… (null: none). */
  private readonly matches: number[] | null;

  constructor(row: DetectionRow, lexicon: LexiconVersion, pool: Interner) {
    this.seq = row.seq;
    this.id = row.id;
    this.complainantId = pool.str(row.complainantId);
    this.kind = pool.str(row.kind);
    this.receivedAt = row.receivedAt;
    this.respondentName = pool.str(row.respondentName);
    this.respondentCreditCode = pool.str(row.respondentCreditCode);
    this.respondentRegion = pool.str(row.respondentRegion);
    this.purchaseAt = row.purchaseAt;
    this.facts = pool.facts(factsView(row.facts, lexicon));
    this.respondentForm = respondentForm({ name: this.respondentName, creditCode: this.respondentCreditCode });
    this.regionForm = regionOf(this.respondentRegion, this.respondentCreditCode);
    this.matches = row.selfMatches.length ? packMatches(row.selfMatches) : null;
  }

  /** Each earlier near-duplicate of the complainant's own, without building the list. */
  eachMatch(fn: (seq: number, similarity: number) => void): void {
    const m = this.matches;
    if (m) for (let i = 0; i < m.length; i += 2) fn(m[i], m[i + 1]);
  }

  get selfMatches(): Array<{ seq: number; similarity: number }> {
    const m = this.matches;
    if (!m) return NO_MATCHES as Array<{ seq: number; similarity: number }>;
    const out = new Array<{ seq: number; similarity: number }>(m.length / 2);
    for (let i = 0; i < m.length; i += 2) out[i / 2] = { seq: m[i], similarity: m[i + 1] };
    return out;
  }
}

/** Exactly as long as it needs to be (a grown array keeps spare room). */
function packMatches(matches: Array<{ seq: number; similarity: number }>): number[] {
  const out = new Array<number>(matches.length * 2).fill(0);
  for (let i = 0; i < matches.length; i++) {
    out[2 * i] = matches[i].seq;
    out[2 * i + 1] = matches[i].similarity;
  }
  return out;
}

/** An event as a profile holds it: what detection reads, its complaint id and type shared. */
export function holdEvent(e: EventRecord, complaintId: string, pool: Interner): SourceEvent {
  return { seq: e.seq, id: e.id, complaintId, type: pool.str(e.type), at: e.at };
}

/** Stored pairs from one side, as columns: four numbers and the other complaint's filer each. */
export class HeldPairs {
  /** seq, otherSeq, similarity, otherReceivedAt of each pair. */
  private nums: number[] = [];
  private others: string[] = [];

  constructor(pairs: RingCandidate[] = [], pool?: Interner) {
    for (const p of pairs) this.push(p, pool);
  }

  get length(): number {
    return this.others.length;
  }

  push(p: RingCandidate, pool?: Interner): void {
    this.nums.push(p.seq, p.otherSeq, p.similarity, p.otherReceivedAt);
    this.others.push(pool ? pool.str(p.otherComplainant) : p.otherComplainant);
  }

  /** The pairs `keep` accepts, as candidates. */
  select(keep: (seq: number, otherSeq: number, similarity: number, otherReceivedAt: number) => boolean): RingCandidate[] {
    const out: RingCandidate[] = [];
    const n = this.nums;
    for (let i = 0, j = 0; j < this.others.length; i += 4, j++)
      if (keep(n[i], n[i + 1], n[i + 2], n[i + 3]))
        out.push({ seq: n[i], otherSeq: n[i + 1], similarity: n[i + 2], otherReceivedAt: n[i + 3], otherComplainant: this.others[j] });
    return out;
  }

  /**
   * Keeps only the pairs `keep` accepts; returns how many were dropped. In place: a held heavy
   * filer's ring window moves at every assessment, and copying thousands of pairs each time was
   * ~10 KB of garbage an intake for nothing dropped.
   */
  retain(keep: (seq: number, otherSeq: number, similarity: number, otherReceivedAt: number) => boolean): number {
    const [n, others] = [this.nums, this.others];
    const before = others.length;
    let kept = 0;
    for (let i = 0, j = 0; j < before; i += 4, j++)
      if (keep(n[i], n[i + 1], n[i + 2], n[i + 3])) {
        if (kept !== j) {
          n.copyWithin(4 * kept, i, i + 4);
          others[kept] = others[j];
        }
        kept++;
      }
    n.length = 4 * kept;
    others.length = kept;
    return before - kept;
  }
}
