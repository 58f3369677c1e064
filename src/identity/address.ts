import { toSimplified } from '../text/chinese.js';

/**
 * The form of an address used for linking complainants: the same flat written with full-width
 * digits, traditional characters or extra spaces and punctuation must match.
 */
export function normaliseAddress(address: string): string {
  return toSimplified(address.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
}
