/**
 * Shingle sets of stored texts that an exact check needed, by complaint seq. A template filed
 * again and again is checked against the same earlier filings each time; without this each check
 * read the stored normalised text and shingled it again. A stored text's normalised form never
 * changes (the one rewrite, masking at start, runs before the index loads), so a set stays right
 * for as long as its complaint is indexed; a complaint taken out of the index is taken out here.
 */
import { LRUCache } from 'lru-cache';
import { shingleSet } from './shingles.js';

/**
 * Bytes of shingle sets held; a set is ~4 bytes a character of the text. The province's filers, 18,000
 * complaints from a start, needed 190,000 sets, 99 MB (docs/performance.md): at 32 MB a fifth more
 * texts were read again from the database, each a random page the VM may have dropped.
 */
export const SHINGLE_CACHE_BYTES = 128 * 2 ** 20;

export class ShingleCache {
  private readonly sets: LRUCache<number, Uint32Array>;
  private hits = 0;
  private misses = 0;

  constructor(maxBytes = SHINGLE_CACHE_BYTES) {
    // 64 bytes a set for the typed array's object, beside its elements.
    this.sets = new LRUCache({ maxSize: maxBytes, sizeCalculation: (set) => set.byteLength + 64 });
  }

  /** Of `seqs`, those whose sets are not held: their texts are to be read. */
  missing(seqs: number[]): number[] {
    return seqs.filter((seq) => !this.sets.has(seq));
  }

  /** The set of a stored text: held, or made from `text` (read for it) and held. */
  get(seq: number, text: string | undefined): Uint32Array | undefined {
    const held = this.sets.get(seq);
    if (held) {
      this.hits += 1;
      return held;
    }
    if (text === undefined) return undefined;
    this.misses += 1;
    const set = shingleSet(text);
    this.sets.set(seq, set);
    return set;
  }

  forget(seq: number): void {
    this.sets.delete(seq);
  }

  stats(): { sets: number; bytes: number; hits: number; misses: number } {
    return { sets: this.sets.size, bytes: this.sets.calculatedSize, hits: this.hits, misses: this.misses };
  }
}
