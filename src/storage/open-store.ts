/**
 * Opening the store the way every writer must: the data folder prepared (owner-only), migrations
 * applied, and the audit key loaded so that audit appends are authenticated. The service, the
 * command-line scripts that write, and the tests all open it here.
 */
import type { Config } from '../config.js';
import type { AuditSeal } from '../registry/audit.repository.js';
import { loadOrCreateAuditKey, prepareDataDir } from './data-dir.js';
import { openSqlite } from './sqlite.js';
import { createSqliteStore, type Store } from './store.js';

export interface OpenedStore {
  store: Store;
  auditSeal: AuditSeal;
  /** Folders and files whose permissions were tightened to owner-only (for the start-up log). */
  tightened: string[];
}

export function openStore(config: Config): OpenedStore {
  const tightened = prepareDataDir(config);
  const auditSeal: AuditSeal = { key: loadOrCreateAuditKey(config), refusal: null };
  const store = createSqliteStore(openSqlite({ path: config.dbPath, synchronous: config.synchronous }), { audit: auditSeal });
  return { store, auditSeal, tightened };
}
