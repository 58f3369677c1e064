/**
 * The embedded SQLite backend: one writer connection whose transactions are serialised, and one
 * reader connection that sees only committed data (WAL snapshots). A PostgreSQL backend would
 * offer the same two capabilities from a pool.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { chmodSync, closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEFAULT_SQLITE_PAGE_SIZE } from '../../config.js';
import { projectRoot } from '../../shared/project-root.js';
import * as schema from './schema.js';
import { startCheckpointer, WRITER_AUTOCHECKPOINT } from './checkpointer.js';
import { restoreDeferredIndexes } from './deferred-indexes.js';

export type SqliteDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface SqliteConnections {
  writer: SqliteDb;
  reader: SqliteDb;
  /** Awaited before each write transaction when given: the checkpoint thread may ask the writer to pause. */
  writerMayBegin?(): Promise<unknown> | undefined;
  close(): void;
}

/**
 * Pages a WAL file is cut back to when SQLite starts it over: above the RESTART_PAGES it grows to
 * between (64 MB of 4 KiB pages), so that it is not cut and grown again at every restart.
 */
const WAL_SIZE_LIMIT_PAGES = 16_384;

export interface OpenOptions {
  path: string;
  /** Reads only (rescan workers): no writer connection, no migrations. */
  readOnly?: boolean;
  /** 'normal' survives a process kill (the WAL is in the OS cache); 'full' also survives power loss. */
  synchronous?: 'normal' | 'full';
  /** Page size in bytes if the database is created now (DEFAULT_SQLITE_PAGE_SIZE when not given); one that exists keeps its own. */
  pageSize?: number;
  /** Where the checkpoint thread reports trouble. */
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

function connect(path: string, readonly: boolean, synchronous: string, pageSize = DEFAULT_SQLITE_PAGE_SIZE): Database.Database {
  const client = new Database(path, { readonly: readonly && path !== ':memory:' });
  client.pragma('busy_timeout = 5000');
  if (!readonly) {
    // Takes effect only while the file is empty; switching to WAL below is its first write.
    client.pragma(`page_size = ${pageSize}`);
    client.pragma('journal_mode = WAL');
    client.pragma(`synchronous = ${synchronous}`);
    client.pragma('foreign_keys = ON');
  }
  client.pragma('cache_size = -65536');
  return client;
}

export function openSqlite(opts: OpenOptions): SqliteConnections {
  if (opts.readOnly) {
    const client = connect(opts.path, true, 'NORMAL');
    const db = drizzle({ client, schema }) as SqliteDb;
    return { writer: db, reader: db, close: () => client.open && client.close() };
  }
  const writerClient = connect(opts.path, false, (opts.synchronous ?? 'normal').toUpperCase(), opts.pageSize);
  const writer = drizzle({ client: writerClient, schema }) as SqliteDb;
  // Indexes an unfinished import dropped come back first, so migrations find the schema they expect.
  restoreDeferredIndexes(writerClient, (index) => opts.log?.warn({ index }, 'building an index an unfinished import left out'));
  migrate(writer, { migrationsFolder: join(projectRoot, 'db', 'migrations') });
  // Checkpoints run on a thread of their own (checkpointer.ts); the writer's own then finds most
  // pages copied, and starts the WAL over. A WAL file stays as long as it once grew unless limited.
  writerClient.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT}`);
  writerClient.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_PAGES * (writerClient.pragma('page_size', { simple: true }) as number)}`);
  const checkpointer =
    opts.path === ':memory:'
      ? null
      : startCheckpointer(opts.path, {
          onError: (message) => opts.log?.warn({ err: message }, 'WAL checkpoint failed; the checkpoint thread goes on trying'),
          onFailure: (err) => opts.log?.error({ err }, 'the checkpoint thread failed; the writer checkpoints by itself'),
        });
  // Two connections to ':memory:' would be two databases; tests that use it share one connection.
  const readerClient = opts.path === ':memory:' ? writerClient : connect(opts.path, true, 'NORMAL');
  const reader = readerClient === writerClient ? writer : (drizzle({ client: readerClient, schema }) as SqliteDb);
  return {
    writer,
    reader,
    writerMayBegin: checkpointer ? () => checkpointer.writerMayBegin() : undefined,
    close() {
      checkpointer?.stop();
      if (readerClient !== writerClient && readerClient.open) readerClient.close();
      if (writerClient.open) {
        writerClient.pragma('wal_checkpoint(TRUNCATE)');
        writerClient.close();
      }
      // Last, and not when closing failed: a connection still open would lose its locks (checkpointer.ts).
      checkpointer?.release();
    },
  };
}

/**
 * A consistent copy of a live database through SQLite's online backup API: the service keeps
 * answering (and writing) while it runs; the copy is the database as it stood when the copy
 * finished. The copy is created owner-only, as it holds what the database holds.
 */
export async function backupSqlite(path: string, to: string, onProgress?: (done: number, total: number) => void): Promise<void> {
  closeSync(openSync(to, 'wx', 0o600));
  const client = new Database(path, { readonly: true, fileMustExist: true });
  try {
    await client.backup(to, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages);
        return 1000;
      },
    });
  } finally {
    client.close();
  }
  chmodSync(to, 0o600);
}

/** VACUUM INTO on a thread of its own: it runs to the end in one call, and the caller reports progress meanwhile. */
const COMPACT_SOURCE = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
try {
  db.pragma('page_size = ' + workerData.pageSize);
  db.prepare('VACUUM INTO ?').run(workerData.to);
} finally {
  db.close();
}
`;

/**
 * A consistent copy of a live database written afresh with `pageSize` (SQLite's VACUUM INTO): the
 * only way to change the page size of a database that exists, and a compacted copy besides. The
 * service keeps writing meanwhile; the copy is the database as it stood when it began. It is written
 * beside `to` and renamed once complete and on disk (VACUUM INTO does not sync), so an interrupted
 * copy never stands under the name of a backup. `onProgress` is told bytes written of the source
 * file's size (a compacted copy is smaller: the last report, when it is done, jumps to the end).
 */
export async function compactSqlite(path: string, to: string, pageSize: number, onProgress?: (done: number, total: number) => void): Promise<void> {
  const total = statSync(path).size;
  const partial = `${to}.partial`;
  closeSync(openSync(partial, 'wx', 0o600));
  const ticker = setInterval(() => onProgress?.(Math.min(statSync(partial, { throwIfNoEntry: false })?.size ?? 0, total), total), 500);
  try {
    const worker = new Worker(COMPACT_SOURCE, {
      eval: true,
      workerData: { path, to: partial, pageSize, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
    });
    await new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`its thread stopped with code ${code}`))));
    });
    const fd = openSync(partial, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, to);
  } catch (err) {
    rmSync(partial, { force: true });
    throw new Error(`The copy with pages of ${pageSize} bytes failed (${(err as Error).message}); nothing was left at ${to}.`);
  } finally {
    clearInterval(ticker);
  }
  onProgress?.(total, total);
}

/** The page size a database file was written with, from its header (bytes 16–17; 1 stands for 65536). */
export function pageSizeOf(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(2);
    readSync(fd, header, 0, 2, 16);
    const size = header.readUInt16BE(0);
    return size === 1 ? 65_536 : size;
  } finally {
    closeSync(fd);
  }
}
