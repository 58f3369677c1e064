import { fmix32 } from './hash.js';

/**
 * Names the shingling in `SIGNATURE_SCHEME` (minhash.ts); the hash below is part of every stored
 * signature and must not change without a new version here.
 */
export const SHINGLE_VERSION = 'c3m1';

// A UTF-16 unit never takes this value in normalised text (U+FFFF is a noncharacter and is
// stripped), so padded short texts cannot collide with a real 3-gram.
const PAD = 0xffff;

/**
 * Hash of the 3-gram (a, b, c) of UTF-16 units: MurmurHash3's x86_32 body over the 48 bits
 * (two blocks: a·2^16+b, then c) and its finaliser, so that MinHash bins and values drawn from
 * the bits are close to uniform.
 */
function hashTrigram(a: number, b: number, c: number): number {
  let h = 0x5bd1e995;
  let k = Math.imul((a << 16) | b, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  h ^= k;
  h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  k = Math.imul(c, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  h ^= k;
  h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  return fmix32(h ^ 6);
}

/**
 * Sorted, duplicate-free hashes of the character 3-grams of normalised text. A text of one or
 * two characters is one padded shingle, so it still equals itself; an empty text has none.
 */
export function shingleSet(normalised: string): Uint32Array {
  const n = normalised.length;
  if (n === 0) return new Uint32Array(0);
  if (n < 3) {
    const second = n === 2 ? normalised.charCodeAt(1) : PAD;
    return Uint32Array.of(hashTrigram(normalised.charCodeAt(0), second, PAD));
  }
  const hashes = new Uint32Array(n - 2);
  let a = normalised.charCodeAt(0);
  let b = normalised.charCodeAt(1);
  for (let i = 2; i < n; i++) {
    const c = normalised.charCodeAt(i);
    hashes[i - 2] = hashTrigram(a, b, c);
    a = b;
    b = c;
  }
  hashes.sort();
  let unique = 1;
  for (let i = 1; i < hashes.length; i++) {
    if (hashes[i] !== hashes[unique - 1]) hashes[unique++] = hashes[i];
  }
  // A copy, not a view: sets are kept per document and should not pin the longer buffer.
  return unique === hashes.length ? hashes : hashes.slice(0, unique);
}

/**
 * |A ∩ B| / |A ∪ B| of two sorted unique sets. Two empty sets score 0, not 1: a text with no
 * content is no evidence of a shared template.
 */
export function exactJaccard(a: Uint32Array, b: Uint32Array): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < la && j < lb) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) {
      i++;
    } else {
      j++;
    }
  }
  return shared / (la + lb - shared);
}
