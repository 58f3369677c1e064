/**
 * Near-duplicate search over every stored complaint: MinHash signatures of normalised texts
 * (persisted on the complaint row) in an in-memory banded LSH index, rebuilt at start. Candidates
 * are verified by the signature estimate before they are reported.
 */
import { LshIndex } from './lsh-index.js';
import { signature, signatureFromBytes, signatureToBytes } from './minhash.js';
import { normaliseForMatching } from './normalise.js';
import { exactJaccard, shingleSet } from './shingles.js';

export { SIGNATURE_SCHEME } from './minhash.js';

export interface IndexParams {
  bands: number;
  rows: number;
  /** Distinct documents examined per query at most (hot templates make long chains). */
  maxCandidates: number;
  /** Matches kept per query at most. */
  maxMatches: number;
}

/** Chosen by measurement: see docs/notes/similarity-measurements.md. */
export const DEFAULT_INDEX_PARAMS: IndexParams = { bands: 32, rows: 4, maxCandidates: 1000, maxMatches: 100 };

/** Signature estimates this close to a threshold are settled by the exact Jaccard instead. */
export const UNCERTAIN_BAND = 0.05;

export interface Fingerprint {
  /** The normalised text (stored, for exact checks of near-threshold candidates later). */
  normalised: string;
  shingles: Uint32Array;
  signature: Uint16Array;
}

/** A complaint text, with its respondent's name masked, ready for the index. */
export function fingerprint(text: string, respondentName: string): Fingerprint {
  const normalised = normaliseForMatching(text, { maskNames: [respondentName] });
  const shingles = shingleSet(normalised);
  return { normalised, shingles, signature: signature(shingles) };
}

/** The exact 3-gram Jaccard similarity of a fingerprinted text and a stored normalised one. */
export function exactSimilarity(fp: Fingerprint, storedNormalised: string): number {
  return exactJaccard(fp.shingles, shingleSet(storedNormalised));
}

export const fingerprintToBytes = (sig: Uint16Array): Buffer => Buffer.from(signatureToBytes(sig));
export const fingerprintFromBytes = (bytes: Uint8Array): Uint16Array => signatureFromBytes(bytes);

export class SimilarityIndex {
  private readonly lsh: LshIndex;
  /** Complaint seq of each index document. */
  private seqs: Int32Array;
  /** Documents whose transaction was rolled back; the LSH chains cannot unlink them. */
  private readonly removed = new Set<number>();

  constructor(
    readonly params: IndexParams = DEFAULT_INDEX_PARAMS,
    capacity = 0,
  ) {
    this.lsh = new LshIndex({ bands: params.bands, rows: params.rows, initialCapacity: capacity });
    // Room for a quarter more: sized exactly, the first add after a start copied it (4 MB at 1M).
    this.seqs = new Int32Array(Math.max(1024, capacity + (capacity >> 2)));
  }

  get size(): number {
    return this.lsh.size;
  }

  memoryBytes(): number {
    return this.lsh.memoryBytes() + this.seqs.byteLength;
  }

  add(seq: number, sig: Uint16Array): void {
    const doc = this.lsh.add(sig);
    if (doc >= this.seqs.length) {
      const grown = new Int32Array(this.seqs.length * 2);
      grown.set(this.seqs);
      this.seqs = grown;
    }
    this.seqs[doc] = seq;
  }

  /** Forgets a document (its storing transaction was undone). */
  remove(seq: number): void {
    for (let doc = this.size - 1; doc >= 0; doc--)
      if (this.seqs[doc] === seq && !this.removed.has(doc)) {
        this.removed.add(doc);
        return;
      }
  }

  /** Stored complaints whose estimated similarity reaches `threshold`, best first. */
  query(sig: Uint16Array, threshold: number): Array<{ seq: number; similarity: number }> {
    const removed = this.removed;
    return this.lsh
      .query(sig, {
        maxCandidates: this.params.maxCandidates,
        minEstimate: threshold,
        maxMatches: this.params.maxMatches,
        ...(removed.size ? { exclude: (doc: number) => removed.has(doc) } : {}),
      })
      .map((m) => ({ seq: this.seqs[m.doc], similarity: m.estimate }));
  }
}
