import { createRequire } from 'node:module';

// The natural package root loads dotenv and writes to stdout, and the deep module ships no type
// declarations, so the stemmer is required by path and given the one signature used here.
// Tokenising happens in the normaliser's single pass over mixed Chinese/English text (a run of
// Latin letters is a word); test/unit/english.test.ts holds it equal to natural's WordTokenizer.
const require = createRequire(import.meta.url);
const porter = require('natural/lib/natural/stemmers/porter_stemmer.js') as {
  stem(token: string): string;
};

// Complaint texts reuse a small English vocabulary (brand names, "app", "vip", "refund"), and the
// regex-based Porter steps cost 10–20 µs per word, so stems are memoised. The bound keeps a
// stream of unique tokens (order codes written in letters) from growing the cache without limit.
const STEM_CACHE_LIMIT = 4096;
const stemCache = new Map<string, string>();

/** Porter stem of one lower-case token of ASCII letters, so "complained" and "complaints" meet. */
export function stemWord(lowerCaseWord: string): string {
  let stem = stemCache.get(lowerCaseWord);
  if (stem === undefined) {
    stem = porter.stem(lowerCaseWord);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(lowerCaseWord, stem);
  }
  return stem;
}
