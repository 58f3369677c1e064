import { randomFillSync } from 'node:crypto';

/** Public ids: a type prefix (c_ complaint, p_ complainant, r_ registry entry, d_ document, ss_ staff session, …) and 96 random bits, or for complaints, complainants and events the time then 72 random bits (newOrderedId). */
export type IdPrefix = 'c' | 'p' | 'r' | 'e' | 'k' | 'a' | 'm' | 's' | 'ss' | 'd';

const ID_BYTES = 12;
// Random bytes are drawn for 512 ids at a time, as node's randomUUID pools them: a call to the
// system's generator per id was 2 % of the bulk import's time.
const pool = Buffer.alloc(ID_BYTES * 512);
let used = pool.length;

function randomChars(bytes: number): string {
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += bytes;
  return pool.toString('base64url', used - bytes, used);
}

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomChars(ID_BYTES)}`;
}

/** base64url's 64 characters in code-unit order: fixed-width numbers written in them sort as their values. */
const ORDERED = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
/** 48 bits of milliseconds since 1970, in 8 characters: enough until the year 10889. */
const TIME_CHARS = 8;
/** 72 random bits after the time: ids made in the same millisecond still never meet. */
const ORDERED_RANDOM_BYTES = 9;

/**
 * Ids of the rows stored by the hundred thousand (complaints, complainants, events): the time they
 * were made, to the millisecond, then 72 random bits. Every index that leads with such an id — the
 * rows' own, and a new complainant's history, identifiers and assessments — then takes new entries
 * at one place, whose pages are in the cache, instead of at a random page of a file of gigabytes
 * (docs/performance.md, "Ids in time order").
 */
export function newOrderedId(prefix: 'c' | 'p' | 'e', at = Date.now()): string {
  let time = '';
  for (let i = 0, n = Math.max(0, Math.floor(at)); i < TIME_CHARS; i++, n = Math.floor(n / 64)) time = ORDERED[n % 64] + time;
  return `${prefix}_${time}${randomChars(ORDERED_RANDOM_BYTES)}`;
}

/** Code-unit order: deterministic like localeCompare, and far cheaper in hot sorts. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
