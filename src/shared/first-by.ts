/**
 * The first `k` items of `items` in the order `compare` gives, exactly as `[...items].sort(compare)
 * .slice(0, k)` would return them (ties keep their input order, as the stable sort does), without
 * sorting all of them: findings keep the best ten of a heavy filer's thousands of pairs.
 */
export function firstBy<T>(items: readonly T[], k: number, compare: (a: T, b: T) => number): T[] {
  if (items.length <= k) return [...items].sort(compare);
  if (k <= 0) return [];
  // A finding's complaints come in time order and are kept newest first: the exact reverse, with
  // no ties, needs no selection (nor does a list already in order).
  if (everyNext(items, (a, b) => compare(a, b) > 0)) return items.slice(-k).reverse();
  if (everyNext(items, (a, b) => compare(a, b) <= 0)) return items.slice(0, k);
  const best: T[] = [];
  for (const item of items) {
    // Not before the last kept one: a tie goes after it, as in the stable sort.
    if (best.length === k && compare(item, best[k - 1]) >= 0) continue;
    // After every kept one it does not come before (ties included), found by halving.
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(item, best[mid]) < 0) hi = mid;
      else lo = mid + 1;
    }
    best.splice(lo, 0, item);
    if (best.length > k) best.pop();
  }
  return best;
}

/** Whether `holds` holds for every item and the one after it. */
function everyNext<T>(items: readonly T[], holds: (a: T, b: T) => boolean): boolean {
  for (let i = 1; i < items.length; i++) if (!holds(items[i - 1], items[i])) return false;
  return true;
}
