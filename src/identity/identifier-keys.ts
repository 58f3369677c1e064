/**
 * The one convention for the keyed hash of each kind of identifier. Resolution stores these
 * hashes, lookups search by them, and numbers found in free text are hashed the same way — if one
 * of them changed alone, people would silently stop being found.
 */
import type { PiiHasher } from './pii.js';

/** `idType` is the complaint's identity-document type (`resident_id`, `passport`, …). */
export const idNumberKey = (hash: PiiHasher, idType: string, idNumber: string): string => hash(`id:${idType}`, idNumber);
/** `phone` is normalised (digits only, no country prefix): mobiles and landlines alike. */
export const phoneKey = (hash: PiiHasher, phone: string): string => hash('phone', phone);
export const accountKey = (hash: PiiHasher, accountId: string): string => hash('account', accountId);
export const addressKey = (hash: PiiHasher, address: string): string => hash('address', address);
export const bankCardKey = (hash: PiiHasher, cardNumber: string): string => hash('bank_card', cardNumber);

/** What a complainant record is keyed by: the strongest identifier its first complaint gave. */
export type KeyType = 'id' | 'phone' | 'account';
/** The identifiers kept (keyed-hashed and masked) on a complainant record. */
export type IdentifierType = 'resident_id' | 'passport' | 'other' | 'phone' | 'account' | 'address';
