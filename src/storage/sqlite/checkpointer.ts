/**
 * WAL checkpoints on a thread of their own. SQLite's automatic checkpoint runs inside the COMMIT
 * that crosses its threshold, on the thread that answers requests: at a million complaints that
 * commit copied ~40 MB of pages into the database and held the thread for up to 280 ms
 * (docs/performance.md). Here a worker thread with its own connection runs a PASSIVE checkpoint
 * ten times a second: it copies what is committed beside the writer, never waits for a lock and
 * never blocks a writer or a reader.
 *
 * A passive checkpoint beside steady commits rarely finds the WAL fully copied when the next write
 * begins, and only then does SQLite start the WAL over: on passive checkpoints alone the WAL grew
 * without bound under sustained intake. So once the WAL holds RESTART_PAGES the thread starts it
 * over itself with a RESTART checkpoint, which needs the database to itself for a moment: it asks
 * the writer to pause (a shared flag the store reads before each transaction, `writerMayBegin`),
 * and the writer waits for it asynchronously — the thread that answers requests stays free.
 * That checkpoint syncs the database file, which the passive ones seldom do (only when complete):
 * inside a COMMIT, as SQLite's own automatic checkpoint, it held the thread for 30–90 ms at 1M, and
 * here it made the writer wait 80–120 ms about once a second of a batch at 1M, most of it flushing
 * the ~40 MB the passive checkpoints had copied since the last sync. So the thread syncs the
 * database file itself (fdatasync on a descriptor of its own) after each passive checkpoint that
 * copied pages, a few MB at a time beside the writer, and the restart's pause is left to copy and
 * sync what the last 100 ms committed (~10–25 ms).
 * The writer keeps its own automatic checkpoint at a higher threshold, for a thread that fails or
 * cannot get the database to itself (a reader holding an old snapshot).
 */
import { closeSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the thread looks for committed pages to copy; an idle look costs microseconds. */
const INTERVAL_MS = 100;
/** The WAL pages (40 MB of 4 KiB pages, 80 MB of 8 KiB) at which the thread starts the WAL over. */
export const RESTART_PAGES = 10_000;
/**
 * How long the thread waits for the writer to finish its transaction and pause. A restart that
 * still cannot be made then (a reader on an old snapshot blocks it) is tried again only after
 * RESTART_BACKOFF_MS, so that such a reader costs the writer a small part of its time.
 */
const RESTART_WAIT_MS = 100;
const RESTART_BACKOFF_MS = 1_000;
/**
 * The longest a writer waits for a restart it was asked to pause for: the thread clears the flag
 * itself when done or when it gives up; this only bounds a thread that died mid-restart. It is
 * well above a restart's own length (it copies what the last passive checkpoint left and syncs).
 */
const WRITER_WAIT_MAX_MS = 2_000;
/** The writer's own threshold (pages), reached only when the thread's restarts fail. */
export const WRITER_AUTOCHECKPOINT = 25_000;
/** A failing checkpoint is reported at most this often (a full disk would fail every one). */
const ERROR_EVERY_MS = 60_000;
/** How long closing waits for a checkpoint under way to finish. */
const STOP_WAIT_MS = 10_000;

/** Indexes into the shared state. */
const STOP = 0;
const CLOSED = 1;
/** Set by the thread while it wants the database to itself; cleared (and notified) when done. */
const RESTART = 2;
/** Set by the writer when it has seen RESTART and is waiting: the thread may go ahead at once. */
const PAUSED = 3;

// Plain CommonJS, so that it runs the same from the compiled code and from the TypeScript source.
// It sleeps on a shared flag, so that stopping wakes it at once and can wait for it synchronously.
// Its connection has no busy timeout: a checkpoint that cannot have what it needs returns at once.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { STOP, CLOSED, RESTART, PAUSED } = workerData.slots;
const state = new Int32Array(workerData.state);
let db;
let reported = -Infinity;
let nextRestart = 0;
// The WAL frames copied into the database file as of its last sync.
let synced = 0;
function report(err) {
  if (Date.now() - reported < workerData.errorEveryMs) return;
  reported = Date.now();
  parentPort.postMessage({ error: String(err && err.message || err) });
}
function restart() {
  Atomics.store(state, PAUSED, 0);
  Atomics.store(state, RESTART, 1);
  try {
    // Made at once when the writer is idle; if it is inside a transaction, this still copies
    // what it can, and the writer pauses before its next transaction and says so.
    if (db.pragma('wal_checkpoint(RESTART)')[0].busy === 0) return;
    Atomics.wait(state, PAUSED, 0, workerData.restartWaitMs);
    if (db.pragma('wal_checkpoint(RESTART)')[0].busy === 0) return;
    nextRestart = Date.now() + workerData.restartBackoffMs;
  } finally {
    Atomics.store(state, RESTART, 0);
    Atomics.notify(state, RESTART);
  }
}
try {
  const Database = require(workerData.driver);
  const { fdatasyncSync } = require('node:fs');
  db = new Database(workerData.path, { fileMustExist: true, timeout: 0 });
  while (Atomics.load(state, STOP) === 0) {
    try {
      const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
      // What this checkpoint copied reaches the disk now, a few MB at a time, while the writer goes on.
      // A sync that fails is reported and leaves the restart to sync, as SQLite always would.
      if (workerData.dbFd >= 0 && passive.checkpointed !== synced) {
        synced = passive.checkpointed;
        try {
          fdatasyncSync(workerData.dbFd);
        } catch (err) {
          report(err);
        }
      }
      if (passive.log >= workerData.restartPages && Date.now() >= nextRestart) restart();
    } catch (err) {
      report(err);
    }
    Atomics.wait(state, STOP, 0, workerData.intervalMs);
  }
} finally {
  if (db) db.close();
  Atomics.store(state, CLOSED, 1);
  Atomics.notify(state, CLOSED);
}
`;

export interface Checkpointer {
  /**
   * Called by the writer before each transaction: undefined when it may begin, or a promise that
   * settles when the thread's restart is over (or has given up).
   */
  writerMayBegin(): Promise<unknown> | undefined;
  /** Stops the thread and waits (synchronously) until its connection is closed. */
  stop(): void;
  /**
   * Closes the thread's descriptor of the database file: only once every connection of this
   * process to it is closed, because closing any descriptor of a file drops every POSIX lock the
   * process holds on it, SQLite's among them (another process could then take the database as
   * unused and delete its WAL).
   */
  release(): void;
}

/**
 * @param onError a checkpoint failed (at most once a minute); the thread goes on trying
 * @param onFailure the thread itself failed (once); the writer's own checkpoints go on
 */
export function startCheckpointer(path: string, handlers: { onError?: (message: string) => void; onFailure: (err: Error) => void }): Checkpointer {
  const state = new Int32Array(new SharedArrayBuffer(16));
  // Without it (a file that cannot be opened: the thread will fail to open it too), restarts sync as before.
  let dbFd = -1;
  try {
    dbFd = openSync(path, 'r');
  } catch {}
  const worker = new Worker(SOURCE, {
    eval: true,
    workerData: {
      path,
      dbFd,
      state: state.buffer,
      slots: { STOP, CLOSED, RESTART, PAUSED },
      intervalMs: INTERVAL_MS,
      restartPages: RESTART_PAGES,
      restartWaitMs: RESTART_WAIT_MS,
      restartBackoffMs: RESTART_BACKOFF_MS,
      errorEveryMs: ERROR_EVERY_MS,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
    },
  });
  let stopped = false;
  let released = false;
  worker.on('message', (m: { error: string }) => handlers.onError?.(m.error));
  worker.on('error', (err) => {
    if (!stopped) handlers.onFailure(err);
    stopped = true;
  });
  // After the listeners: adding a 'message' listener refs the worker again, and a process that
  // never closed its store would then never exit.
  worker.unref();
  return {
    writerMayBegin() {
      if (Atomics.load(state, RESTART) === 0) return undefined;
      Atomics.store(state, PAUSED, 1);
      Atomics.notify(state, PAUSED);
      const wait = Atomics.waitAsync(state, RESTART, 1, WRITER_WAIT_MAX_MS);
      if (!wait.async) return undefined;
      // A pending waitAsync does not keep the event loop alive (a script would exit mid-write);
      // this timer does, until it settles.
      const alive = setTimeout(() => undefined, WRITER_WAIT_MAX_MS);
      return wait.value.finally(() => clearTimeout(alive));
    },
    stop() {
      if (stopped) return;
      stopped = true;
      Atomics.store(state, STOP, 1);
      Atomics.notify(state, STOP);
      // A worker still starting has not opened its connection; one that has closes it first.
      Atomics.wait(state, CLOSED, 0, STOP_WAIT_MS);
      void worker.terminate();
    },
    release() {
      if (released) return;
      released = true;
      if (dbFd >= 0) closeSync(dbFd);
    },
  };
}
