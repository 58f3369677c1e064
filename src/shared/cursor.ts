/** Opaque pagination cursors: base64url JSON of the last item's sort key. */
import { validationFailed } from './errors.js';

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, check: (v: unknown) => v is T): T | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (check(value)) return value;
  } catch {
    /* reported below */
  }
  throw validationFailed([{ path: '/querystring/cursor', message: 'is not a cursor this list gave out' }]);
}

/**
 * One page of a keyset-paginated list: one row more than the page is asked for, to learn whether
 * another page follows; the next cursor is the sort key of the page's last row.
 */
export async function readPage<R, K>(limit: number, fetch: (rows: number) => Promise<R[]>, keyOf: (last: R) => K): Promise<{ rows: R[]; next: K | null }> {
  const rows = await fetch(limit + 1);
  const page = rows.slice(0, limit);
  return { rows: page, next: rows.length > limit ? keyOf(page[page.length - 1]) : null };
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** The contract: default 50, larger values clamped to 500 (smaller ones are refused by the schema). */
export function pageSize(limit: number | undefined): number {
  return Math.min(limit ?? DEFAULT_LIMIT, MAX_LIMIT);
}
