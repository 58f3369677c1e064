import { toSimplified } from './chinese.js';
import { stemWord } from './english.js';
import { remembered } from '../shared/remembered.js';

/**
 * Names the normalisation in `SIGNATURE_SCHEME` (minhash.ts): any change to what this module
 * outputs changes stored signatures, so it must come with a new version here.
 */
export const NORMALISATION_VERSION = 'n1';

/** Stands for a masked respondent name; punctuation is stripped, so it never occurs otherwise. */
export const NAME_PLACEHOLDER = '#';

export interface NormaliseOptions {
  /**
   * Respondent or merchant names (any script or width). Each use of a template names another
   * merchant; masking the name lets the uses match on the template text alone.
   */
  maskNames?: readonly string[];
}

// 0 (the table's default): dropped.
const KEEP = 1;
const DIGIT = 2;
const LATIN = 3;
const HIGH_SURROGATE = 4;

// One lookup per UTF-16 unit instead of a Unicode-property regex per character: the regexes cost
// more than the whole rest of the pass. Built once (~10 ms) from the same properties.
const kindOf = buildKindTable();

function buildKindTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  const letterOrMark = /[\p{L}\p{M}]/u;
  const number = /\p{N}/u;
  for (let code = 0; code < 0x10000; code++) {
    if (code >= 0xd800 && code <= 0xdbff) {
      table[code] = HIGH_SURROGATE;
      continue;
    }
    // A lone low surrogate is malformed input and carries no text.
    if (code >= 0xdc00 && code <= 0xdfff) continue;
    const ch = String.fromCharCode(code);
    if (number.test(ch)) table[code] = DIGIT;
    else if (code >= 0x61 && code <= 0x7a) table[code] = LATIN;
    else if (letterOrMark.test(ch)) table[code] = KEEP;
  }
  return table;
}

const astralKeep = /^[\p{L}\p{M}]$/u;
const astralDigit = /^\p{N}$/u;

const ZERO = 0x30;

// Reused output buffer: normalisation runs per complaint on the ingest path.
let buffer = new Uint16Array(1024);

/**
 * Text reduced to what distinguishes one template from another: NFKC (full-width to half-width),
 * traditional to simplified, lower case, whitespace/punctuation/symbols removed, every run of
 * digits (any Unicode number character, 〇 included) collapsed to one '0' (dates, amounts and
 * order numbers differ between uses of one template, in value and in length), Latin words
 * Porter-stemmed, and the given names replaced by `NAME_PLACEHOLDER`. Chinese numerals written
 * as words (一, 十) are left alone: they are also parts of ordinary words.
 */
export function normaliseForMatching(text: string, opts?: NormaliseOptions): string {
  const normalised = normaliseCharacters(text);
  const names = opts?.maskNames;
  return names === undefined || names.length === 0 ? normalised : maskNames(normalised, names);
}

function normaliseCharacters(text: string): string {
  const source = toSimplified(text.normalize('NFKC')).toLowerCase();
  const n = source.length;
  // Stemming only shortens words and every other step emits at most one unit per input unit.
  if (buffer.length < n) buffer = new Uint16Array(Math.max(n, buffer.length * 2));
  const out = buffer;
  let length = 0;
  let inDigits = false;
  let i = 0;
  while (i < n) {
    const code = source.charCodeAt(i);
    const kind = kindOf[code];
    if (kind === DIGIT) {
      if (!inDigits) out[length++] = ZERO;
      inDigits = true;
      i++;
      continue;
    }
    if (kind === KEEP) {
      out[length++] = code;
      i++;
    } else if (kind === LATIN) {
      let end = i + 1;
      while (end < n && kindOf[source.charCodeAt(end)] === LATIN) end++;
      const stem = stemWord(source.slice(i, end));
      for (let k = 0; k < stem.length; k++) out[length++] = stem.charCodeAt(k);
      i = end;
    } else if (kind === HIGH_SURROGATE) {
      const width = source.codePointAt(i)! > 0xffff ? 2 : 1;
      const ch = source.slice(i, i + width);
      i += width;
      if (astralDigit.test(ch)) {
        if (!inDigits) out[length++] = ZERO;
        inDigits = true;
        continue;
      }
      // A lone surrogate or an astral symbol (emoji) is dropped like punctuation.
      if (width === 1 || !astralKeep.test(ch)) continue;
      out[length++] = ch.charCodeAt(0);
      out[length++] = ch.charCodeAt(1);
    } else {
      // Dropped separators do not end a digit run: "12.50", "1,280" and "138 0013 8000" are
      // single numbers.
      i++;
      continue;
    }
    inDigits = false;
  }
  return decodeUtf16(out, length);
}

function decodeUtf16(units: Uint16Array, length: number): string {
  // fromCharCode.apply is the fastest decoder for short strings; chunks keep long texts within
  // the engine's argument limit.
  const chunk = 8192;
  if (length <= chunk) return String.fromCharCode.apply(null, units.subarray(0, length) as unknown as number[]);
  let s = '';
  for (let start = 0; start < length; start += chunk) {
    const end = Math.min(length, start + chunk);
    s += String.fromCharCode.apply(null, units.subarray(start, end) as unknown as number[]);
  }
  return s;
}

// Legal-form and shop-type endings: complaints often write the name without them ("某某食品"
// for "某某食品有限公司"), so the core is masked as well. Longest first.
const NAME_SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '官方旗舰店',
  '有限公司',
  '分公司',
  '旗舰店',
  '专营店',
  '专卖店',
  '直营店',
  '便利店',
  '门市部',
  '经营部',
  '公司',
  '集团',
  '商行',
  '超市',
  '网店',
  '商店',
  '店',
];

// A respondent is named by many complaints, and normalising a name costs as much as a short
// text (toSimplified dominates), so forms are memoised; the bound keeps memory flat.
const nameForms = remembered(computeNameForms, 4096);

function computeNameForms(name: string): string[] {
  const full = normaliseCharacters(name);
  const forms = [full];
  let core = full;
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const suffix of NAME_SUFFIXES) {
      if (core.endsWith(suffix) && core.length - suffix.length >= 2) {
        core = core.slice(0, -suffix.length);
        stripped = true;
        break;
      }
    }
  }
  if (core !== full) forms.push(core);
  // A form made of masked digits and one character ("0天") would mask ordinary phrases.
  return forms.filter((form) => form.replace(/0/g, '').length >= 2);
}

function maskNames(normalised: string, names: readonly string[]): string {
  const forms = names.flatMap(nameForms);
  // Longer forms first, so a full name is masked whole before its core could split it.
  forms.sort((a, b) => b.length - a.length);
  let masked = normalised;
  for (const form of forms) {
    if (masked.includes(form)) masked = masked.replaceAll(form, NAME_PLACEHOLDER);
  }
  return masked;
}
