/**
 * Public ids (shared/ids.ts): random ones keep 96 bits; those of complaints, complainants and events
 * lead with the time they were made, so that they sort in time order as strings (SQLite compares
 * text by code unit), and still differ when made in the same millisecond.
 */
import t from 'tap';
import { compareText, newId, newOrderedId } from '../../src/shared/ids.js';

t.test('a random id has its prefix and 96 random bits, url-safe', async (t) => {
  const id = newId('r');
  t.match(id, /^r_[A-Za-z0-9_-]{16}$/);
  t.not(newId('r'), id);
});

t.test('ids in time order sort as strings in that order, across every digit of the time', async (t) => {
  const times = [0, 1, 63, 64, 65, 4095, 4096, 262_143, 262_144, 1_700_000_000_000, Date.parse('2026-12-05T00:00:00Z'), 2 ** 47, 2 ** 48 - 1];
  const ids = times.map((at) => newOrderedId('c', at));
  for (const id of ids) t.match(id, /^c_[A-Za-z0-9_-]{20}$/, 'prefix, 8 characters of time and 12 random ones, url-safe');
  t.same([...ids].sort(compareText), ids, 'sorted as strings, they are in time order');
  // Neighbouring milliseconds across digit boundaries: base64url's own digit order (A–Z, a–z, 0–9, -, _) is not code-unit order.
  const unordered: number[] = [];
  for (let at = 1_000_000; at < 1_000_000 + 10_000; at++) if (compareText(newOrderedId('p', at), newOrderedId('p', at + 1)) >= 0) unordered.push(at);
  t.same(unordered, [], 'each of 10,000 consecutive milliseconds sorts before the next');
});

t.test('ids made in the same millisecond all differ, and share their time', async (t) => {
  const at = Date.now();
  const ids = new Set(Array.from({ length: 20_000 }, () => newOrderedId('e', at)));
  t.equal(ids.size, 20_000);
  t.equal(new Set([...ids].map((id) => id.slice(0, 10))).size, 1, 'one time prefix');
});
