/**
 * The first `k` items of `items` in the order `compare` gives, exactly as `[...items].sort(compare)
 * .slice(0, k)` would return them (ties keep their input order, as the stable sort does), without
 * sorting all of them: findings keep the best ten of a heavy filer's thousands of pairs.
 */
export function firstBy<T>(items: readonly T[], k: number, compare: (a: T, b: T) => number): T[] {
  if (items.length <= k) return [...items].sort(compare);
  const best: T[] = [];
  if (k <= 0) return best;
  for (const item of items) {
    // Not before the last kept one: a tie goes after it, as in the stable sort.
    if (best.length === k && compare(item, best[k - 1]) >= 0) continue;
    let at = best.length;
    while (at > 0 && compare(item, best[at - 1]) < 0) at--;
    best.splice(at, 0, item);
    if (best.length > k) best.pop();
  }
  return best;
}
