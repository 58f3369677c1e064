/**
 * Everything Sieve writes by default lives in the data folder: the database, its WAL, and the
 * secrets generated on a first start (owner-only files).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config.js';

export const PII_KEY_FILE = 'pii.key';
export const ADMIN_KEY_FILE = 'admin.key';
export const AUDIT_KEY_FILE = 'audit.key';

/**
 * The data folder holds names, addresses and complaint texts: owner-only (0700), every file in it
 * 0600. A folder or file left looser by an older version or by hand is tightened, and the paths
 * returned so the start-up log says so. The database file is created 0600 before SQLite opens it:
 * SQLite gives its WAL and shared-memory files the database file's permissions.
 */
export function prepareDataDir(config: Config): string[] {
  const tightened: string[] = [];
  const tighten = (path: string, mode: number) => {
    if (existsSync(path) && (statSync(path).mode & 0o777) !== mode) {
      chmodSync(path, mode);
      tightened.push(path);
    }
  };
  const folders = new Set([config.dataDir, ...(config.dbPath === ':memory:' ? [] : [dirname(config.dbPath)])]);
  for (const folder of folders) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    tighten(folder, 0o700);
  }
  if (config.dbPath !== ':memory:') {
    if (!existsSync(config.dbPath)) closeSync(openSync(config.dbPath, 'a', 0o600));
    for (const suffix of ['', '-wal', '-shm']) tighten(`${config.dbPath}${suffix}`, 0o600);
  }
  for (const secret of [PII_KEY_FILE, ADMIN_KEY_FILE, AUDIT_KEY_FILE]) tighten(join(config.dataDir, secret), 0o600);
  return tightened;
}

/** Writes a secret readable by the owner only; never overwrites one. */
export function writeSecret(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

/** The HMAC key for identifiers: from the environment, else the data folder, else generated there. */
export function loadOrCreatePiiKey(config: Config): string {
  return loadOrCreateKey(config.piiKeyHex, join(config.dataDir, PII_KEY_FILE));
}

/**
 * The HMAC key for audit records. Like the identifier key it lives outside the database: someone
 * who can rewrite the database but not read this key cannot forge a record.
 */
export function loadOrCreateAuditKey(config: Config): Buffer {
  return Buffer.from(loadOrCreateKey(config.auditKeyHex, join(config.dataDir, AUDIT_KEY_FILE)), 'hex');
}

function loadOrCreateKey(fromEnv: string | undefined, path: string): string {
  if (fromEnv) return fromEnv.toLowerCase();
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
