import { SIGNATURE_LENGTH } from './minhash.js';

export interface LshIndexOptions {
  bands: number;
  rows: number;
  /** Documents to reserve room for; loading stored signatures should pass their count. */
  initialCapacity?: number;
  /** Documents per segment as a power of two (default 16: 65,536); tests use small ones. */
  segmentBits?: number;
}

export interface LshQueryOptions {
  /**
   * Distinct documents examined at most. A hot template puts thousands of documents in one
   * bucket; without a bound the query cost follows the biggest ring.
   */
  maxCandidates: number;
  /** Signature estimate a candidate needs to be returned. */
  minEstimate: number;
  /** Stop once this many matches are found (newest are met first). */
  maxMatches?: number;
  /**
   * Only documents numbered from this one on. Chains run newest first, so the walk of a chain
   * ends at its first older document: with documents added in time order, a time window
   * ("within 30 days") costs only the candidates inside it.
   */
  minDoc?: number;
  /** Documents to pass over (the query document itself, same complainant, ...); they count as examined. */
  exclude?: (doc: number) => boolean;
}

export interface LshMatch {
  doc: number;
  estimate: number;
}

const NONE = -1;
/**
 * Documents live in segments of 65,536: growing adds a segment (24 MB at 32 bands) instead of
 * copying every array. Measured at 990k stored, growing the whole index by 1.5× allocated ~0.7 GB
 * of new arrays while the old 0.44 GB awaited collection.
 */
const SEGMENT_BITS = 16;
/** The last segment starts this small and doubles up to a full segment, so small indexes stay small. */
const FIRST_SEGMENT = 1024;
const BUCKET_STEP = 1024;
// Documents per bucket (on average) when the table is sized: each extra one costs a query one row
// comparison per band, while a bucket table at load 1 would cost 4 bytes per band per document more.
const LOAD = 2;
/**
 * Growing lets the load reach this before the table doubles: doubling relinks every document, on
 * the thread that answers requests — 2.9 s at a million documents. With the table sized at load 2
 * when the stored signatures are loaded, a service relinks only once its index has grown fourfold
 * since it started; a restart sizes the table again. A bucket shared by a few more documents costs
 * a query a few more row comparisons.
 */
const MAX_LOAD = 8;

function tableSizeFor(capacity: number): number {
  let size = BUCKET_STEP;
  while (size * LOAD < capacity) size *= 2;
  return size;
}

/**
 * Banded LSH over 16-bit MinHash signatures, in typed arrays only: per document its signature
 * (256 bytes), a dedupe stamp (4 bytes) and, per band, a chain link (4 bytes) and half to one
 * bucket head (2–4 bytes). Buckets are chosen by a hash of the band's rows and are shared by
 * unrelated keys, so a walk checks the rows before taking a document as a candidate.
 *
 * Documents are numbered densely from 0 in the order added; chains run newest first.
 */
export class LshIndex {
  readonly bands: number;
  readonly rows: number;
  private readonly shift: number;
  private readonly segment: number;
  private readonly mask: number;
  private count = 0;
  private tableSize: number;
  /** Signature of doc d: signatures[d >> shift] from (d & mask) × 128. */
  private readonly signatures: Uint16Array[] = [];
  /** Chain link of doc d in a band: next[d >> shift][(d & mask) × bands + band], the older document in the same bucket. */
  private readonly next: Int32Array[] = [];
  /** heads[band * tableSize + bucket]: newest document in the bucket. */
  private heads: Int32Array;
  /** Candidate dedupe: seen[doc] === generation means met during the current query. */
  private seen: Uint32Array;
  private generation = 0;
  private readonly cursors: Int32Array;
  private readonly activeBands: Int32Array;

  constructor(opts: LshIndexOptions) {
    const { bands, rows } = opts;
    if (!Number.isInteger(bands) || !Number.isInteger(rows) || bands < 1 || rows < 1) {
      throw new RangeError('bands and rows must be positive integers');
    }
    if (bands * rows > SIGNATURE_LENGTH) {
      throw new RangeError(`bands × rows must not exceed ${SIGNATURE_LENGTH}`);
    }
    this.bands = bands;
    this.rows = rows;
    this.shift = opts.segmentBits ?? SEGMENT_BITS;
    if (!Number.isInteger(this.shift) || this.shift < 1 || this.shift > 24) throw new RangeError('segmentBits must be an integer from 1 to 24');
    this.segment = 1 << this.shift;
    this.mask = this.segment - 1;
    const reserve = Math.max(1, opts.initialCapacity ?? 0);
    for (let docs = 0; docs < reserve; docs += this.segment) this.addSegment(reserve > this.segment ? this.segment : this.segmentRoom(reserve - docs));
    this.tableSize = tableSizeFor(this.capacity);
    this.heads = new Int32Array(this.tableSize * bands).fill(NONE);
    this.seen = new Uint32Array(this.capacity);
    this.cursors = new Int32Array(bands);
    this.activeBands = new Int32Array(bands);
  }

  /**
   * Builds an index from stored signatures laid end to end (doc i at i × 128; add them in time
   * order, see `minDoc`). Pass an `initialCapacity` above the count to reserve room for the
   * documents that will follow.
   */
  static fromSignatures(opts: LshIndexOptions, concatenated: Uint16Array): LshIndex {
    if (concatenated.length % SIGNATURE_LENGTH !== 0) {
      throw new RangeError(`length is not a multiple of ${SIGNATURE_LENGTH}`);
    }
    const count = concatenated.length / SIGNATURE_LENGTH;
    const index = new LshIndex({ ...opts, initialCapacity: Math.max(count, opts.initialCapacity ?? 0) });
    for (let doc = 0; doc < count; doc += index.segment) {
      const docs = Math.min(index.segment, count - doc);
      index.signatures[doc >>> index.shift].set(concatenated.subarray(doc * SIGNATURE_LENGTH, (doc + docs) * SIGNATURE_LENGTH));
    }
    index.count = count;
    index.linkAll();
    return index;
  }

  get size(): number {
    return this.count;
  }

  /** Documents the allocated segments can hold. */
  private get capacity(): number {
    const last = this.signatures.length - 1;
    return last * this.segment + this.signatures[last].length / SIGNATURE_LENGTH;
  }

  /** Bytes held in typed arrays: the footprint of the index but for a few hundred bytes of objects. */
  memoryBytes(): number {
    let bytes = this.heads.byteLength + this.seen.byteLength + this.cursors.byteLength + this.activeBands.byteLength;
    for (const s of this.signatures) bytes += s.byteLength;
    for (const n of this.next) bytes += n.byteLength;
    return bytes;
  }

  /** Adds a signature; returns its document number (0, 1, 2, ...). */
  add(sig: Uint16Array): number {
    if (sig.length !== SIGNATURE_LENGTH) throw new RangeError(`a signature has ${SIGNATURE_LENGTH} values`);
    if (this.count === this.capacity) this.grow();
    const doc = this.count++;
    this.signatures[doc >>> this.shift].set(sig, (doc & this.mask) * SIGNATURE_LENGTH);
    this.link(doc);
    return doc;
  }

  /** A copy of a stored signature. */
  signatureOf(doc: number): Uint16Array {
    this.checkDoc(doc);
    const offset = (doc & this.mask) * SIGNATURE_LENGTH;
    return this.signatures[doc >>> this.shift].slice(offset, offset + SIGNATURE_LENGTH);
  }

  /** Signature estimate of the Jaccard similarity between a signature and a stored document. */
  estimate(sig: Uint16Array, doc: number): number {
    this.checkDoc(doc);
    return this.estimateAt(sig, doc);
  }

  /**
   * Documents sharing at least one band with `sig` whose signature estimate reaches
   * `minEstimate`, best first (ties: newest first). Bands are walked in turn, one chain step
   * each, so that a long chain in one band cannot use up the candidate budget alone.
   */
  query(sig: Uint16Array, opts: LshQueryOptions): LshMatch[] {
    if (sig.length !== SIGNATURE_LENGTH) throw new RangeError(`a signature has ${SIGNATURE_LENGTH} values`);
    const { bands, rows, cursors, activeBands, next, seen, heads, shift, mask } = this;
    const { maxCandidates, minEstimate, exclude } = opts;
    const maxMatches = opts.maxMatches ?? Infinity;
    const minDoc = Math.max(0, opts.minDoc ?? 0);
    if (maxCandidates < 1 || maxMatches < 1) return [];
    const generation = this.nextGeneration();
    const { tableSize } = this;
    // Bands whose chain is not yet exhausted, in band order, compacted as chains run out: one long
    // chain must not cost a pass over every band per step.
    let active = 0;
    for (let band = 0; band < bands; band++) {
      const head = heads[band * tableSize + this.bucketOf(sig, band)];
      if (head < minDoc) continue;
      activeBands[active] = band;
      cursors[active++] = head;
    }
    const matches: LshMatch[] = [];
    let examined = 0;
    walk: while (active > 0) {
      for (let k = 0; k < active; ) {
        const band = activeBands[k];
        const rowStart = band * rows;
        let doc = cursors[k];
        // Pass over documents already examined and those that share only the bucket.
        while (doc >= minDoc && (seen[doc] === generation || !this.sameRows(sig, doc, rowStart))) {
          doc = next[doc >>> shift][(doc & mask) * bands + band];
        }
        // NONE is below every minDoc, so this also ends chains that run out.
        if (doc < minDoc) {
          // Removed in place, the others keeping their order: which documents a bounded query
          // examines must not depend on how many documents share the table's buckets.
          activeBands.copyWithin(k, k + 1, active);
          cursors.copyWithin(k, k + 1, active);
          active--;
          continue;
        }
        cursors[k++] = next[doc >>> shift][(doc & mask) * bands + band];
        seen[doc] = generation;
        examined++;
        if (exclude === undefined || !exclude(doc)) {
          const estimate = this.estimateAt(sig, doc);
          if (estimate >= minEstimate) {
            matches.push({ doc, estimate });
            if (matches.length >= maxMatches) break walk;
          }
        }
        if (examined >= maxCandidates) break walk;
      }
    }
    return matches.sort((a, b) => b.estimate - a.estimate || b.doc - a.doc);
  }

  private checkDoc(doc: number): void {
    if (!Number.isInteger(doc) || doc < 0 || doc >= this.count) throw new RangeError(`no document ${doc}`);
  }

  private nextGeneration(): number {
    if (this.generation === 0xffffffff) {
      this.seen.fill(0);
      this.generation = 0;
    }
    return ++this.generation;
  }

  private estimateAt(sig: Uint16Array, doc: number): number {
    const signatures = this.signatures[doc >>> this.shift];
    const offset = (doc & this.mask) * SIGNATURE_LENGTH;
    let equal = 0;
    for (let i = 0; i < SIGNATURE_LENGTH; i++) if (signatures[offset + i] === sig[i]) equal++;
    return equal / SIGNATURE_LENGTH;
  }

  private sameRows(sig: Uint16Array, doc: number, rowStart: number): boolean {
    const signatures = this.signatures[doc >>> this.shift];
    const offset = (doc & this.mask) * SIGNATURE_LENGTH + rowStart;
    for (let r = 0; r < this.rows; r++) if (signatures[offset + r] !== sig[rowStart + r]) return false;
    return true;
  }

  /** Bucket of a band: FNV-style fold of the rows, finished by murmur's fmix32. */
  private bucketOf(sig: Uint16Array, band: number, offset = 0): number {
    let h = Math.imul(band + 1, 0x9e3779b1);
    const start = offset + band * this.rows;
    for (let r = 0; r < this.rows; r++) h = Math.imul(h ^ sig[start + r], 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h & (this.tableSize - 1);
  }

  private link(doc: number): void {
    const { bands, heads, tableSize } = this;
    const signatures = this.signatures[doc >>> this.shift];
    const next = this.next[doc >>> this.shift];
    const offset = (doc & this.mask) * SIGNATURE_LENGTH;
    const linkBase = (doc & this.mask) * bands;
    for (let band = 0; band < bands; band++) {
      const slot = band * tableSize + this.bucketOf(signatures, band, offset);
      next[linkBase + band] = heads[slot];
      heads[slot] = doc;
    }
  }

  // Band by band, so that the bucket heads being written stay in cache while the documents
  // stream past: several times faster than linking document by document.
  private linkAll(): void {
    const { bands, heads, count, tableSize } = this;
    heads.fill(NONE);
    for (let band = 0; band < bands; band++) {
      const headBase = band * tableSize;
      for (let doc = 0; doc < count; doc++) {
        const signatures = this.signatures[doc >>> this.shift];
        const slot = headBase + this.bucketOf(signatures, band, (doc & this.mask) * SIGNATURE_LENGTH);
        this.next[doc >>> this.shift][(doc & this.mask) * bands + band] = heads[slot];
        heads[slot] = doc;
      }
    }
  }

  /** Room for a segment holding `docs` documents: FIRST_SEGMENT doubled up to a full segment. */
  private segmentRoom(docs: number): number {
    let room = Math.min(FIRST_SEGMENT, this.segment);
    while (room < docs) room *= 2;
    return Math.min(room, this.segment);
  }

  private addSegment(room: number): void {
    this.signatures.push(new Uint16Array(room * SIGNATURE_LENGTH));
    this.next.push(new Int32Array(room * this.bands));
  }

  // Amortised O(1) per add: a full last segment gets a successor, a small one doubles (copying at
  // most one segment). Links stay valid; only a bigger bucket table (past MAX_LOAD) means relinking
  // every document. An index past its first segment is a large one: its next segment is made
  // whole at once, rather than doubled into with six copies (the last ones 20–40 ms at 1M on the
  // thread that answers). Its pages stay untouched, and out of RSS, until documents fill them.
  private grow(): void {
    const last = this.signatures.length - 1;
    const room = this.signatures[last].length / SIGNATURE_LENGTH;
    if (room === this.segment) this.addSegment(this.segment);
    else {
      const signatures = new Uint16Array(room * 2 * SIGNATURE_LENGTH);
      signatures.set(this.signatures[last]);
      this.signatures[last] = signatures;
      const next = new Int32Array(room * 2 * this.bands);
      next.set(this.next[last]);
      this.next[last] = next;
    }
    const capacity = this.capacity;
    // Zero is below every generation, so fresh stamps mean "not seen".
    this.seen = new Uint32Array(capacity);
    if (capacity > this.tableSize * MAX_LOAD) {
      this.tableSize = tableSizeFor(capacity);
      this.heads = new Int32Array(this.tableSize * this.bands);
      this.linkAll();
    }
  }
}
