/**
 * Seeded randomness: the sfc32 generator every complainant, cohort and merchant owns, weighted
 * draws, and the bijection that keeps running counters from colliding.
 */
import { fmix32 } from '../text/hash.js';

export function hashKeys(keys: readonly number[], salt: number): number {
  let h = fmix32(salt * 0x9e3779b9);
  for (const k of keys) h = fmix32((Math.imul(h ^ (k >>> 0), 0x01000193) + 0x7f4a7c15) | 0);
  return h;
}

/**
 * sfc32: fast, small state, good statistics. Every complainant, cohort and merchant owns one,
 * seeded from (seed, domain, index), so what one produces never depends on how the others
 * interleave.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(keys: readonly number[]) {
    this.a = hashKeys(keys, 1);
    this.b = hashKeys(keys, 2);
    this.c = hashKeys(keys, 3);
    this.d = hashKeys(keys, 4);
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  float(): number {
    return this.u32() / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  uniform(lo: number, hi: number): number {
    return lo + this.float() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  /** Log-uniform integer: sizes of waves and volumes are heavy-tailed. */
  logBetween(lo: number, hi: number): number {
    return Math.min(hi, Math.floor(Math.exp(this.uniform(Math.log(lo), Math.log(hi + 1)))));
  }

  digits(n: number): string {
    let s = '';
    while (s.length < n) s += String(this.u32() % 1_000_000_000).padStart(9, '0');
    return s.slice(0, n);
  }

  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const x = xs[i];
      xs[i] = xs[j];
      xs[j] = x;
    }
    return xs;
  }
}

export class Weighted<T> {
  private readonly items: T[] = [];
  private readonly cumulative: number[] = [];
  private total = 0;

  constructor(entries: Iterable<readonly [T, number]>) {
    for (const [item, w] of entries) {
      if (w <= 0) continue;
      this.total += w;
      this.items.push(item);
      this.cumulative.push(this.total);
    }
  }

  draw(rng: Rng): T {
    const x = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

/**
 * Identifiers must never collide between different people by accident (a collision would be a
 * false SHARED_IDENTITY link), so running counters go through a multiplicative bijection mod
 * 10^k: unique by construction, scattered to the eye.
 */
export function scatter(counter: number, modulus: number, multiplier: number, offset: number): number {
  return ((((counter % modulus) * multiplier + offset) % modulus) + modulus) % modulus;
}
