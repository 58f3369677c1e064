/**
 * Personal numbers typed into free text — complaint texts, event notes, reviewers' reasons — are
 * held to the same rule as the structured fields (domain.md, "Privacy"): only masked, plus their
 * keyed hash. Masking happens before the text is stored or analysed, so detection, near-duplicate
 * search and every screen see one text, the same at intake and in every later rescan.
 *
 * Found: resident ID numbers with a valid check character, mainland mobile numbers, landline
 * numbers with an area code, and bank-card numbers (16–19 digits passing Luhn). A number that
 * fails its check is left as written: an order number or an amount is not personal data.
 */
import validator from 'validator';
import { bankCardKey, idNumberKey, phoneKey } from './identifier-keys.js';
import { maskIdNumber, maskPhone } from './masking.js';
import type { PiiHasher } from './pii.js';
import { normaliseResidentId } from './resident-id.js';

export type FoundType = 'resident_id' | 'mobile' | 'landline' | 'bank_card';

export interface FoundIdentifier {
  type: FoundType;
  masked: string;
  /** The keyed hash under the same convention as structured identifiers, so it can link people. */
  hash: string;
}

export interface MaskedText {
  text: string;
  found: FoundIdentifier[];
}

interface Pattern {
  type: FoundType;
  re: RegExp;
  /** The number in its one normal form, or null when the candidate is not one. */
  normalise(digits: string): string | null;
  mask(normal: string): string;
  key(hash: PiiHasher, normal: string): string;
}

/** Tried in this order; a span taken by one is not looked at again. */
const PATTERNS: Pattern[] = [
  {
    type: 'resident_id',
    re: /(?<![0-9A-Za-z])\d{6}[ ]?\d{8}[ ]?\d{3}[0-9Xx](?![0-9A-Za-z])/g,
    // The check character alone lets one long order number in eleven through; a birth date too.
    normalise: (d) => (plausibleBirthDate(d.slice(6, 14)) ? normaliseResidentId(d) : null),
    mask: maskIdNumber,
    key: (hash, n) => idNumberKey(hash, 'resident_id', n),
  },
  {
    type: 'bank_card',
    re: /(?<!\d)\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?(?!\d)/g,
    normalise: (d) => (d.length >= 16 && d.length <= 19 && validator.isLuhnNumber(d) ? d : null),
    mask: (n) => `${n.slice(0, 4)}${'*'.repeat(n.length - 8)}${n.slice(-4)}`,
    key: bankCardKey,
  },
  {
    type: 'mobile',
    re: /(?<![\d+])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/g,
    normalise: (d) => {
      const n = d.length > 11 ? d.slice(d.length - 11) : d;
      return /^1[3-9]\d{9}$/.test(n) ? n : null;
    },
    mask: maskPhone,
    key: phoneKey,
  },
  {
    type: 'landline',
    re: /(?<!\d)(?:[(（]0\d{2,3}[)）]|0\d{2,3})[ -]?[2-9]\d{6,7}(?!\d)/g,
    normalise: (d) => (/^0\d{9,11}$/.test(d) ? d : null),
    mask: maskPhone,
    key: phoneKey,
  },
];

function plausibleBirthDate(yyyymmdd: string): boolean {
  const [y, m, d] = [yyyymmdd.slice(0, 4), yyyymmdd.slice(4, 6), yyyymmdd.slice(6, 8)].map(Number);
  return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/** Full-width digits read as digits (one UTF-16 unit each, so positions stay the same). */
function asciiDigits(text: string): string {
  return text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/**
 * Masks every personal number in `text`. Masked forms contain no run of digits long enough to be
 * found again, so masking a masked text changes nothing.
 */
export function maskFreeText(text: string, hash: PiiHasher): MaskedText {
  const scan = asciiDigits(text);
  const spans: Array<{ start: number; end: number; masked: string; found: FoundIdentifier }> = [];
  const taken = (start: number, end: number) => spans.some((s) => start < s.end && end > s.start);
  for (const p of PATTERNS) {
    for (const m of scan.matchAll(p.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken(start, end)) continue;
      const normal = p.normalise(m[0].replace(/[^0-9Xx]/g, ''));
      if (!normal) continue;
      const masked = p.mask(normal);
      spans.push({ start, end, masked, found: { type: p.type, masked, hash: p.key(hash, normal) } });
    }
  }
  if (!spans.length) return { text, found: [] };
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + s.masked;
    at = s.end;
  }
  return { text: out + text.slice(at), found: spans.map((s) => s.found) };
}

/**
 * For showing text written before masking existed and kept unchanged since (reasons and defences
 * in the audit chain, which is never rewritten): the masked text alone.
 */
export function redactFreeText(text: string): string;
export function redactFreeText(text: string | null | undefined): string | null | undefined;
export function redactFreeText(text: string | null | undefined): string | null | undefined {
  return text == null ? text : maskFreeText(text, () => '').text;
}

/** A masker bound to the identifier key: what services are given. */
export type FreeTextMasker = (text: string) => MaskedText;

export function createFreeTextMasker(hash: PiiHasher): FreeTextMasker {
  return (text) => maskFreeText(text, hash);
}
