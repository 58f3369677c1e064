import { NORMALISATION_VERSION } from './normalise.js';
import { SHINGLE_VERSION } from './shingles.js';
import { fmix32 } from './hash.js';

/** Values per signature. */
export const SIGNATURE_LENGTH = 128;

/**
 * Everything a stored signature depends on: normalisation, shingle hash, sketch and value width.
 * Stored signatures are comparable only with signatures of the same scheme; on a mismatch they
 * must be recomputed from the texts. (toSimplified's dictionaries come from opencc-js, so an
 * upgrade of that package that changes conversions needs a new NORMALISATION_VERSION as well.)
 */
export const SIGNATURE_SCHEME = `${NORMALISATION_VERSION}.${SHINGLE_VERSION}.oph-optdens-128x16-s1`;

const BIN_SHIFT = 25; // 32 − log2(SIGNATURE_LENGTH): the top 7 hash bits choose the bin
const VALUE_MASK = (1 << BIN_SHIFT) - 1;
const EMPTY = 0xffffffff;

// Fixed seeds: signatures are persisted and compared across restarts and versions.
const ELEMENT_SEED = 0x3c6ef372;
const PROBE_SEED = 0xa54ff53a;

const mins = new Uint32Array(SIGNATURE_LENGTH);

/**
 * One-permutation hashing with optimal densification (Shrivastava, ICML 2017): each shingle is
 * hashed once into one of 128 bins and each bin keeps its minimum (25-bit) value; an empty bin
 * then copies the bin found by its own fixed probe sequence, so that two sets whose bin is empty
 * in both copy from the same place and every position still collides with probability J.
 * 128 hashes per shingle cost ~10× more for the same accuracy.
 *
 * Returns the full-width values; `signature` keeps 16 bits of each.
 */
export function denseMinValues(set: Uint32Array): Uint32Array {
  const out = new Uint32Array(SIGNATURE_LENGTH);
  // An empty set has no bin to copy from; all-zero values are its (degenerate) sketch.
  if (set.length === 0) return out;
  mins.fill(EMPTY);
  for (let i = 0; i < set.length; i++) {
    const h = fmix32(set[i] ^ ELEMENT_SEED);
    const bin = h >>> BIN_SHIFT;
    const value = h & VALUE_MASK;
    if (value < mins[bin]) mins[bin] = value;
  }
  for (let bin = 0; bin < SIGNATURE_LENGTH; bin++) {
    let value = mins[bin];
    for (let attempt = 1; value === EMPTY; attempt++) {
      value = mins[fmix32(Math.imul(bin, 0x9e3779b1) ^ Math.imul(attempt, 0x7feb352d) ^ PROBE_SEED) >>> BIN_SHIFT];
    }
    out[bin] = value;
  }
  return out;
}

/**
 * 128-value MinHash signature of a shingle set, 16 bits per value (low bits of each bin
 * minimum). Two different minima agree by chance with probability 2^-16, which moves an estimate
 * by under 0.0001, while the signature takes half the memory of 32-bit values.
 * An empty set (empty text) gets the all-zero signature: callers should not index such texts.
 */
export function signature(set: Uint32Array): Uint16Array {
  const values = denseMinValues(set);
  const sig = new Uint16Array(SIGNATURE_LENGTH);
  for (let i = 0; i < SIGNATURE_LENGTH; i++) sig[i] = values[i] & 0xffff;
  return sig;
}

/** Fraction of equal positions: an unbiased estimate of the Jaccard similarity of the sets. */
export function estimateJaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError('signatures of different lengths');
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return equal / a.length;
}

/** Little-endian bytes for storage, independent of the platform's byte order. */
export function signatureToBytes(sig: Uint16Array): Uint8Array {
  const bytes = new Uint8Array(sig.length * 2);
  for (let i = 0; i < sig.length; i++) {
    bytes[2 * i] = sig[i] & 0xff;
    bytes[2 * i + 1] = sig[i] >>> 8;
  }
  return bytes;
}

/** Inverse of `signatureToBytes`; works on any byte offset (database blobs are not aligned). */
export function signatureFromBytes(bytes: Uint8Array): Uint16Array {
  if (bytes.length !== SIGNATURE_LENGTH * 2) {
    throw new RangeError(`a signature has ${SIGNATURE_LENGTH * 2} bytes, got ${bytes.length}`);
  }
  const sig = new Uint16Array(SIGNATURE_LENGTH);
  for (let i = 0; i < SIGNATURE_LENGTH; i++) sig[i] = bytes[2 * i] | (bytes[2 * i + 1] << 8);
  return sig;
}
