/**
 * `make` remembered for each argument, for values asked for again and again (names, keys). Bounded:
 * past `limit` entries everything is forgotten at once, which keeps memory flat without the
 * bookkeeping of an LRU.
 */
export function remembered<T>(make: (value: string) => T, limit: number): (value: string) => T {
  const made = new Map<string, T>();
  return (value) => {
    let out = made.get(value);
    if (out === undefined) {
      out = make(value);
      if (made.size >= limit) made.clear();
      made.set(value, out);
    }
    return out;
  };
}
