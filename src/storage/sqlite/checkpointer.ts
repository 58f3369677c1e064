/**
 * WAL checkpoints on a thread of their own. SQLite's automatic checkpoint runs inside the COMMIT
 * that crosses its threshold, on the thread that answers requests: at a million complaints that
 * commit copied ~40 MB of pages into the database and held the thread for up to 280 ms
 * (docs/performance.md). Here a worker thread with its own connection runs a PASSIVE checkpoint a
 * few times a second: it copies what is committed beside the writer, never waits for a lock and
 * never blocks a writer or a reader. Should the thread fail, the writer checkpoints by itself again.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the thread looks for committed pages to copy; an idle look costs microseconds. */
const INTERVAL_MS = 250;
/** The writer's own threshold (pages) while no thread checkpoints for it: SQLite's default ×10. */
export const WRITER_AUTOCHECKPOINT = 10_000;
/** How long closing waits for a checkpoint under way to finish. */
const STOP_WAIT_MS = 10_000;

// Plain CommonJS, so that it runs the same from the compiled code and from the TypeScript source.
// It sleeps on a shared flag, so that stopping wakes it at once and can wait for it synchronously.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.state);
let db;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.path, { fileMustExist: true });
  while (Atomics.load(state, 0) === 0) {
    try {
      const started = performance.now();
      const [r] = db.pragma('wal_checkpoint(PASSIVE)');
      if (r.checkpointed > 0 && r.busy === 0) parentPort.postMessage({ pages: r.checkpointed, log: r.log, ms: performance.now() - started });
    } catch (err) {
      parentPort.postMessage({ error: String(err && err.message || err) });
    }
    Atomics.wait(state, 0, 0, workerData.intervalMs);
  }
} finally {
  if (db) db.close();
  Atomics.store(state, 1, 1);
  Atomics.notify(state, 1);
}
`;

export interface CheckpointReport {
  /** Pages copied into the database by the last checkpoint, and pages in the WAL then. */
  pages: number;
  log: number;
  ms: number;
}

export interface Checkpointer {
  /** Stops the thread and waits (synchronously) until its connection is closed. */
  stop(): void;
}

/**
 * @param onFailure called once if the thread fails; the caller gives the writer its own
 *   checkpoints back
 */
export function startCheckpointer(
  path: string,
  handlers: { onReport?: (r: CheckpointReport) => void; onError?: (message: string) => void; onFailure: (err: Error) => void },
): Checkpointer {
  // [0] stop requested, [1] connection closed.
  const state = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(SOURCE, {
    eval: true,
    workerData: { path, state: state.buffer, intervalMs: INTERVAL_MS, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  worker.unref();
  let stopped = false;
  worker.on('message', (m: CheckpointReport | { error: string }) => {
    if ('error' in m) handlers.onError?.(m.error);
    else handlers.onReport?.(m);
  });
  worker.on('error', (err) => {
    if (!stopped) handlers.onFailure(err);
    stopped = true;
  });
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
