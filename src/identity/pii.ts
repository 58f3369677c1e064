import { createHmac } from 'node:crypto';

/**
 * Keyed hashes of personal identifiers. Matching needs equality, never the value, so only
 * HMAC-SHA256 under a secret key is stored: a stolen database cannot be reversed by hashing all
 * 10^11 phone numbers. The type prefix keeps a phone and an account with the same text apart.
 */
export type PiiHasher = (type: string, value: string) => string;

export function createPiiHasher(keyHex: string): PiiHasher {
  const key = Buffer.from(keyHex, 'hex');
  return (type, value) => createHmac('sha256', key).update(`${type}\u0000${value}`).digest('base64url');
}
