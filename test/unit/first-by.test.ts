/** firstBy keeps a finding's best few exactly as sorting everything and cutting would. */
import t from 'tap';
import { firstBy } from '../../src/shared/first-by.js';

t.test('the first k in order are those a stable sort puts first, ties in their input order', async (t) => {
  // A fixed generator: the same lists every run, with many ties (scores from a handful of values).
  let state = 7;
  const next = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  const byScore = (a: { score: number }, b: { score: number }) => b.score - a.score;
  let compared = 0;
  for (let list = 0; list < 300; list++) {
    const items = Array.from({ length: Math.floor(next() * 60) }, (_, i) => ({ i, score: Math.floor(next() * 6) }));
    for (const k of [0, 1, 3, 10, 59, 100]) {
      const expected = [...items].sort(byScore).slice(0, k);
      const got = firstBy(items, k, byScore);
      if (got.map((x) => x.i).join() !== expected.map((x) => x.i).join()) t.fail(`list ${list}, k ${k}: ${got.map((x) => x.i)} ≠ ${expected.map((x) => x.i)}`);
      compared++;
    }
  }
  t.equal(compared, 1800, 'every list was compared at every k');
  const items = [3, 1, 2].map((score, i) => ({ i, score }));
  t.same(firstBy(items, 2, byScore), [items[0], items[2]], 'the best two, best first');
  t.same(
    items.map((x) => x.i),
    [0, 1, 2],
    'the input is left as it was',
  );
});

t.test('lists already in order, or in its exact reverse, give the same as sorting', async (t) => {
  const byScore = (a: { score: number }, b: { score: number }) => b.score - a.score;
  const ids = (xs: Array<{ i: number }>) => xs.map((x) => x.i);
  const expect = (items: Array<{ i: number; score: number }>, k: number) => ids([...items].sort(byScore).slice(0, k));
  // In time order and asked for newest first: the last k, newest first.
  const ascending = [1, 2, 3, 4, 5, 6].map((score, i) => ({ i, score }));
  t.same(ids(firstBy(ascending, 3, byScore)), [5, 4, 3]);
  t.same(ids(firstBy(ascending, 3, byScore)), expect(ascending, 3));
  // Already in order, ties included: the first k as they stand.
  const ordered = [9, 7, 7, 7, 2].map((score, i) => ({ i, score }));
  t.same(ids(firstBy(ordered, 3, byScore)), expect(ordered, 3));
  // Nearly reversed, with a tie: ties keep their input order, so this is no plain reverse.
  const tied = [1, 2, 2, 3, 4].map((score, i) => ({ i, score }));
  t.same(ids(firstBy(tied, 4, byScore)), [4, 3, 1, 2]);
  t.same(ids(firstBy(tied, 4, byScore)), expect(tied, 4));
  t.same(ids(firstBy(ascending, 0, byScore)), [], 'none asked for, none given');
  t.same(ids(ascending), [0, 1, 2, 3, 4, 5], 'the input is left as it was');
});
