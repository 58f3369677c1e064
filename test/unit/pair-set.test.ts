/** The set of pairs seen: each pair is new once, whatever its place in the bits or past them. */
import t from 'tap';
import { pairSet } from '../../src/shared/pair-set.js';

t.test('each key is new the first time only, at every bit boundary, in bits and in the set beyond them', async (t) => {
  for (const places of [1, 6, 32, 1024, 1025, 3000]) {
    const seen = pairSet(places);
    const keys = [...new Set([0, 1, 30, 31, 32, 33, 63, 64, places * places - 2, places * places - 1].filter((k) => k >= 0 && k < places * places))];
    t.same(
      keys.map((k) => seen.add(k)),
      keys.map(() => true),
      `${places} places: every key new the first time`,
    );
    t.same(
      keys.map((k) => seen.add(k)),
      keys.map(() => false),
      `${places} places: none new the second time`,
    );
  }
});
