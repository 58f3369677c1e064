/**
 * WAL checkpoints on a thread of their own. SQLite's automatic checkpoint runs inside the COMMIT
 * that crosses its threshold, on the thread that answers requests: at a million complaints that
 * commit copied ~40 MB of pages into the database and held the thread for up to 280 ms
 * (docs/performance.md). Here a worker thread with its own connection runs a PASSIVE checkpoint
 * ten times a second: it copies what is committed beside the writer, never waits for a lock and
 * never blocks a writer or a reader.
 *
 * The writer keeps its own automatic checkpoint all the same. A passive checkpoint beside steady
 * commits rarely finds the WAL fully copied when the next write begins, and only then does SQLite
 * start the WAL over: on the thread's checkpoints alone the WAL grew without bound under sustained
 * intake. The writer's checkpoint finds most pages already copied (those of the last INTERVAL_MS
 * are left), so it is shorter, and it starts the WAL over; it also covers a thread that fails.
 * (A RESTART checkpoint on the thread would start the WAL over by itself, but must take the write
 * lock between two of the writer's transactions, which it seldom managed.)
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the thread looks for committed pages to copy; an idle look costs microseconds. */
const INTERVAL_MS = 100;
/** The writer's own threshold (pages): SQLite's default ×10. */
export const WRITER_AUTOCHECKPOINT = 10_000;
/** A failing checkpoint is reported at most this often (a full disk would fail every one). */
const ERROR_EVERY_MS = 60_000;
/** How long closing waits for a checkpoint under way to finish. */
const STOP_WAIT_MS = 10_000;

// Plain CommonJS, so that it runs the same from the compiled code and from the TypeScript source.
// It sleeps on a shared flag, so that stopping wakes it at once and can wait for it synchronously.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.state);
let db;
let reported = -Infinity;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.path, { fileMustExist: true });
  while (Atomics.load(state, 0) === 0) {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (err) {
      if (Date.now() - reported >= workerData.errorEveryMs) {
        reported = Date.now();
        parentPort.postMessage({ error: String(err && err.message || err) });
      }
    }
    Atomics.wait(state, 0, 0, workerData.intervalMs);
  }
} finally {
  if (db) db.close();
  Atomics.store(state, 1, 1);
  Atomics.notify(state, 1);
}
`;

export interface Checkpointer {
  /** Stops the thread and waits (synchronously) until its connection is closed. */
  stop(): void;
}

/**
 * @param onError a checkpoint failed (at most once a minute); the thread goes on trying
 * @param onFailure the thread itself failed (once); the writer's own checkpoints go on
 */
export function startCheckpointer(path: string, handlers: { onError?: (message: string) => void; onFailure: (err: Error) => void }): Checkpointer {
  // [0] stop requested, [1] connection closed.
  const state = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(SOURCE, {
    eval: true,
    workerData: {
      path,
      state: state.buffer,
      intervalMs: INTERVAL_MS,
      errorEveryMs: ERROR_EVERY_MS,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
    },
  });
  let stopped = false;
  worker.on('message', (m: { error: string }) => handlers.onError?.(m.error));
  worker.on('error', (err) => {
    if (!stopped) handlers.onFailure(err);
    stopped = true;
  });
  // After the listeners: adding a 'message' listener refs the worker again, and a process that
  // never closed its store would then never exit.
  worker.unref();
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      Atomics.store(state, 0, 1);
      Atomics.notify(state, 0);
      // A worker still starting has not opened its connection; one that has closes it first.
      Atomics.wait(state, 1, 0, STOP_WAIT_MS);
      void worker.terminate();
    },
  };
}
