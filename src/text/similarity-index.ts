/**
 * Near-duplicate search over every stored complaint: MinHash signatures of normalised texts
 * (persisted on the complaint row) in an in-memory banded LSH index, rebuilt at start. Candidates
 * are verified by the signature estimate before they are reported.
 */
import { LshIndex } from './lsh-index.js';
import { SIGNATURE_LENGTH, signature, signatureFromBytes, signatureToBytes } from './minhash.js';
import { normaliseForMatching } from './normalise.js';
import { shingleSet } from './shingles.js';

export { SIGNATURE_SCHEME } from './minhash.js';

export interface IndexParams {
  bands: number;
  rows: number;
  /** Distinct documents examined per query at most (hot templates make long chains). */
  maxCandidates: number;
  /** Matches kept per query at most. */
  maxMatches: number;
}

/** Chosen by measurement: see docs/performance.md ("Near-duplicate search"). */
export const DEFAULT_INDEX_PARAMS: IndexParams = { bands: 32, rows: 4, maxCandidates: 400, maxMatches: 100 };

/** The signature of a complaint text, with its respondent's name masked. */
export function fingerprint(text: string, respondentName: string): Uint16Array {
  return signature(shingleSet(normaliseForMatching(text, { maskNames: [respondentName] })));
}

export const fingerprintToBytes = (sig: Uint16Array): Buffer => Buffer.from(signatureToBytes(sig));
export const fingerprintFromBytes = (bytes: Uint8Array): Uint16Array => signatureFromBytes(bytes);

export class SimilarityIndex {
  private readonly lsh: LshIndex;
  /** Complaint seq of each index document. */
  private seqs: Int32Array;

  constructor(readonly params: IndexParams = DEFAULT_INDEX_PARAMS, capacity = 0) {
    this.lsh = new LshIndex({ bands: params.bands, rows: params.rows, initialCapacity: capacity });
    this.seqs = new Int32Array(Math.max(1024, capacity));
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

  /** Stored complaints whose estimated similarity reaches `threshold`, best first. */
  query(sig: Uint16Array, threshold: number): Array<{ seq: number; similarity: number }> {
    return this.lsh
      .query(sig, { maxCandidates: this.params.maxCandidates, minEstimate: threshold, maxMatches: this.params.maxMatches })
      .map((m) => ({ seq: this.seqs[m.doc], similarity: m.estimate }));
  }
}

export { SIGNATURE_LENGTH };
