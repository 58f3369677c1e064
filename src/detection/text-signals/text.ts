/**
 * The text as it is read: NFKC, simplified and lower-cased, with a way back to the original words;
 * character classes, sentence and clause ends, and spans over it.
 */
import { toSimplified } from '../../text/chinese.js';

// ---------------------------------------------------------------------------------------------
// Normalisation

export interface Normalised {
  /** NFKC, simplified, ASCII lower-cased. */
  text: string;
  /** The original words behind text[start, end). */
  quote(start: number, end: number): string;
}

const asciiLower = (s: string) => s.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());

export const normalisePhrase = (phrase: string) => asciiLower(toSimplified(phrase.normalize('NFKC'))).trim();

export function normalise(original: string): Normalised {
  let nfkc = original.normalize('NFKC');
  // Where NFKC changed the length (… → ...), the original offsets of each normalised unit.
  let origin: { from: Int32Array; to: Int32Array } | undefined;
  if (nfkc.length !== original.length) {
    const parts: string[] = [];
    const from: number[] = [];
    const to: number[] = [];
    for (let i = 0; i < original.length; ) {
      const width = original.codePointAt(i)! > 0xffff ? 2 : 1;
      const piece = original.slice(i, i + width).normalize('NFKC');
      parts.push(piece);
      for (let k = 0; k < piece.length; k++) {
        from.push(i);
        to.push(i + width);
      }
      i += width;
    }
    nfkc = parts.join('');
    origin = { from: Int32Array.from(from), to: Int32Array.from(to) };
  }
  const simplified = toSimplified(nfkc);
  const text = asciiLower(simplified);
  // A conversion that changed the length would break the offsets; quote the normalised words.
  if (simplified.length !== nfkc.length) return { text, quote: (s, e) => text.slice(s, e) };
  if (origin) {
    const { from, to } = origin;
    return { text, quote: (s, e) => original.slice(from[s], to[e - 1]) };
  }
  return { text, quote: (s, e) => original.slice(s, e) };
}

// ---------------------------------------------------------------------------------------------
// Characters

export const isAlnum = (code: number) => (code >= 48 && code <= 57) || (code >= 97 && code <= 122);
const isDigit = (code: number) => code >= 48 && code <= 57;
export const isSpace = (ch: string | undefined) => ch === ' ' || ch === '\t';

export function isSentenceEnd(text: string, i: number): boolean {
  const c = text[i];
  if (c === '。' || c === '!' || c === '?' || c === ';' || c === '\n' || c === '\r') return true;
  // An English full stop; not a decimal point, not a dot of an ellipsis.
  return c === '.' && (i + 1 === text.length || isSpace(text[i + 1]) || text[i + 1] === '\n');
}

export function isClauseEnd(text: string, i: number): boolean {
  if (text[i] === ',') {
    // 1,000 is one number, not two clauses.
    return !(isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1)));
  }
  return isSentenceEnd(text, i);
}

export function crosses(text: string, from: number, to: number, end: (t: string, i: number) => boolean): boolean {
  for (let i = from; i < to; i++) if (end(text, i)) return true;
  return false;
}

export function sentenceAround(text: string, at: number): Span {
  let start = at;
  while (start > 0 && !isSentenceEnd(text, start - 1)) start--;
  let end = at;
  while (end < text.length && !isSentenceEnd(text, end)) end++;
  return [start, end];
}

export type Span = [number, number];

export function execAll(pattern: RegExp, text: string): RegExpExecArray[] {
  const hits: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let hit = pattern.exec(text); hit; hit = pattern.exec(text)) hits.push(hit);
  return hits;
}
