/**
 * Reads the profit, allegation and conduct signals that a complaint's free text carries. Every
 * signal keeps the exact words it was read from, quoted from the original text, because those
 * quotes become evidence shown to reviewers and cited in a legal notice.
 *
 * The text is read after NFKC (full-width digits, ￥, ，) and traditional → simplified conversion.
 * Lexicon phrases are found in one dictionary pass, leftmost-longest, so a longer phrase shadows
 * the shorter ones inside it (未标注 is a label defect, not the negation 未). Everything else
 * (amounts, negation, pairing a multiple with 赔偿) works on that list of matches.
 *
 * This module is the public entry (a reader per lexicon, the shipped lexicons' readers); the layers
 * are the modules beside it: text → phrase-scanner and tags → numbers → compile → reading and
 * goods → signals.
 */
import { lexiconFor, type Lexicon, type LexiconVersion } from '../lexicon.js';
import { compile } from './compile.js';
import { read } from './signals.js';
import type { TextFields, TextSignalReader, TextSignals } from './types.js';

export type {
  CategorySignal,
  LabelOrAdSignal,
  PhraseSignal,
  PunitiveHow,
  PunitiveMultiple,
  PunitiveSignal,
  TextAmounts,
  TextFields,
  TextSignalReader,
  TextSignals,
} from './types.js';

/** A reader for a given lexicon (a rule set may carry its own); compiles it once. */
export function createTextSignalReader(lexicon: Lexicon): TextSignalReader {
  const compiled = compile(lexicon);
  return (text, fields = {}) => read(compiled, text, fields);
}

const readers = new Map<LexiconVersion, TextSignalReader>();

function readerFor(version: LexiconVersion): TextSignalReader {
  let reader = readers.get(version);
  if (!reader) {
    reader = createTextSignalReader(lexiconFor(version));
    readers.set(version, reader);
  }
  return reader;
}

/** Reads the signals of one complaint text with a shipped lexicon (v1 by default). Pure and synchronous. */
export function readTextSignals(text: string, fields?: TextFields, version: LexiconVersion = 'v1'): TextSignals {
  return readerFor(version)(text, fields);
}

/**
 * Compiles the readers of these shipped lexicons now (~30 ms for all), so that the service's first
 * complaint after a start does not: compiled at first use, they held that intake for as long.
 */
export function compileReaders(versions: readonly LexiconVersion[]): void {
  for (const version of versions) readerFor(version);
}

/** The shipped lexicons whose readers this process has compiled. */
export const compiledReaders = (): LexiconVersion[] => [...readers.keys()];
