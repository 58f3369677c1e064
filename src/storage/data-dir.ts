/**
 * Everything Sieve writes by default lives in the data folder: the database, its WAL, and the
 * secrets generated on a first start (owner-only files).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config.js';

export const PII_KEY_FILE = 'pii.key';
export const ADMIN_KEY_FILE = 'admin.key';

export function prepareDataDir(config: Config): void {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  if (config.dbPath !== ':memory:') mkdirSync(dirname(config.dbPath), { recursive: true, mode: 0o700 });
}

/** Writes a secret readable by the owner only; never overwrites one. */
export function writeSecret(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

/** The HMAC key for identifiers: from the environment, else the data folder, else generated there. */
export function loadOrCreatePiiKey(config: Config): string {
  if (config.piiKeyHex) return config.piiKeyHex.toLowerCase();
  const path = join(config.dataDir, PII_KEY_FILE);
  try {
    const key = readFileSync(path, 'utf8').trim();
    if (!/^(?:[0-9a-f]{2}){32,}$/i.test(key)) throw new Error(`${path} does not hold at least 64 hexadecimal characters`);
    return key.toLowerCase();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32).toString('hex');
  writeSecret(path, `${key}\n`);
  return key;
}
