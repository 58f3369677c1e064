/**
 * Opening the store the way every writer must: the data folder prepared (owner-only), migrations
 * applied, and the audit key loaded so that audit appends are authenticated. The service, the
 * command-line scripts that write, and the tests all open it here.
 */
import type { Config } from '../config.js';
import type { AuditSeal } from '../registry/audit.js';
import { loadOrCreateAuditKey, prepareDataDir } from './data-dir.js';
import { backupSqlite, compactSqlite, openSqlite, type OpenOptions } from './sqlite/connection.js';
import { createSqliteStore } from './sqlite/store.js';
import { type Store } from './ports.js';

export { pageSizeOf } from './sqlite/connection.js';

export interface OpenedStore {
  store: Store;
  auditSeal: AuditSeal;
  /** Folders and files whose permissions were tightened to owner-only (for the start-up log). */
  tightened: string[];
  /** The database's page size: the configured one if it was created now, else the one it was created with. */
  pageSize: number;
}

/** @param log where the checkpoint thread reports trouble (sqlite/checkpointer.ts) */
export function openStore(config: Config, log?: OpenOptions['log']): OpenedStore {
  const tightened = prepareDataDir(config);
  const auditSeal: AuditSeal = { key: loadOrCreateAuditKey(config), refusal: null };
  const connections = openSqlite({ path: config.dbPath, synchronous: config.synchronous, pageSize: config.sqlitePageSize, log });
  const pageSize = connections.writer.$client.pragma('page_size', { simple: true }) as number;
  const store = createSqliteStore(connections, { audit: auditSeal });
  return { store, auditSeal, tightened, pageSize };
}

/**
 * A store that only reads, on its own connection (rescan workers, checking a backup copy): no
 * migrations, no writer, no key — its `write` fails.
 */
export function openReadStore(path: string): Store {
  return createSqliteStore(openSqlite({ path, readOnly: true }));
}

/**
 * A consistent copy of the live database while the service goes on writing, to a new owner-only
 * file; `onProgress` is told how far it is (pages, or bytes with `pageSize`). With `pageSize` the
 * copy is written afresh with pages of that size (restored, it converts the installation).
 */
export function backupDatabase(config: Config, to: string, onProgress?: (done: number, total: number) => void, pageSize?: number): Promise<void> {
  return pageSize ? compactSqlite(config.dbPath, to, pageSize, onProgress) : backupSqlite(config.dbPath, to, onProgress);
}
