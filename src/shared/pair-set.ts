/**
 * Pairs of a list's places already seen, each pair by one number below `places²` (`add` says whether
 * the pair is new). A heavy filer's thousands of pairs are one bit each rather than an entry in a
 * hash set; the bits are made at the first pair, so a list without pairs costs nothing.
 */
export function pairSet(places: number): { add(key: number): boolean } {
  if (places > 1024) {
    const seen = new Set<number>();
    return {
      add(key) {
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      },
    };
  }
  let bits: Uint32Array | undefined;
  return {
    add(key) {
      bits ??= new Uint32Array(((places * places) >>> 5) + 1);
      const word = key >>> 5;
      const bit = 1 << (key & 31);
      if (bits[word] & bit) return false;
      bits[word] |= bit;
      return true;
    },
  };
}
