import { randomBytes } from 'node:crypto';

/** Public ids: a type prefix (c_ complaint, p_ complainant, r_ registry entry, d_ document, ss_ staff session, …) and 96 random bits. */
export type IdPrefix = 'c' | 'p' | 'r' | 'e' | 'k' | 'a' | 'm' | 's' | 'ss' | 'd';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/** Code-unit order: deterministic like localeCompare, and far cheaper in hot sorts. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
