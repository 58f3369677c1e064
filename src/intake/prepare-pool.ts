/**
 * Prepares batch items (intake/prepare.ts) in a pool of worker threads (piscina), so that a batch
 * of a thousand complaints — about half a millisecond of CPU each — neither blocks the thread that
 * answers requests nor waits for it. Small batches, and installations configured with no intake
 * threads, are prepared on the main thread in slices that yield to the event loop in between.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Piscina } from 'piscina';
import { prepareItem, type PrepareTools, type PreparedItem } from './prepare.js';
import type { PrepareWorkerData } from './prepare.worker.js';

export interface Preparer {
  /**
   * The items prepared in consecutive slices, in input order: each slice can be stored as soon as
   * it is ready while later ones are still being prepared.
   */
  prepareSlices(items: unknown[]): Array<Promise<PreparedItem[]>>;
  /** Each item prepared, in input order. */
  prepareAll(items: unknown[]): Promise<PreparedItem[]>;
  close(): Promise<void>;
}

/** Below this many items a batch is prepared in-process: handing it to a thread costs more. */
const POOL_FROM = 32;
/** Items per task: large enough to amortise the message, small enough to spread over threads. */
const CHUNK = 50;
/** Items prepared on the main thread between two yields (~5 ms). */
const SLICE = 10;

// Compiled code loads the .js worker. From the TypeScript source (tests, tsx scripts) the thread
// registers tsx itself: a worker does not inherit the loader the main thread registered.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER = new URL(FROM_SOURCE ? './prepare.worker.ts' : './prepare.worker.js', import.meta.url).href;

/** A signature crosses the thread boundary as a plain Uint8Array; storage expects a Buffer. */
function revive(item: PreparedItem): PreparedItem {
  if (!item.ok) return item;
  const sig: Uint8Array | null = item.prepared.analysis.signature;
  if (sig && !Buffer.isBuffer(sig)) item.prepared.analysis.signature = Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength);
  return item;
}

export function createPreparer(opts: { tools: PrepareTools; piiKeyHex: string; threads: number }): Preparer {
  const { tools, threads } = opts;
  let pool: Piscina | undefined;

  /** On this thread, one slice after another, giving the thread back between them. */
  function inProcess(items: unknown[]): Array<Promise<PreparedItem[]>> {
    const slices: Array<Promise<PreparedItem[]>> = [];
    let previous: Promise<unknown> = Promise.resolve();
    for (let i = 0; i < items.length; i += SLICE) {
      const part = items.slice(i, i + SLICE);
      const slice = previous.then(async () => {
        if (i > 0) await nextTurn();
        return part.map((item) => prepareItem(item, tools));
      });
      slices.push(slice);
      previous = slice;
    }
    return slices;
  }

  function prepareSlices(items: unknown[], chunk = CHUNK): Array<Promise<PreparedItem[]>> {
    if (threads === 0 || items.length < POOL_FROM) return inProcess(items);
    pool ??= new Piscina({
      filename: WORKER,
      maxThreads: threads,
      minThreads: 0,
      // Threads stay for the next batch of an import or a busy intake system, and go when idle.
      idleTimeout: 30_000,
      workerData: { piiKeyHex: opts.piiKeyHex } satisfies PrepareWorkerData,
      ...(FROM_SOURCE ? { execArgv: [...process.execArgv.filter((a) => !a.startsWith('--inspect')), '--import', 'tsx'] } : {}),
    });
    const slices: Array<Promise<PreparedItem[]>> = [];
    for (let i = 0; i < items.length; i += chunk)
      slices.push((pool.run(items.slice(i, i + chunk)) as Promise<PreparedItem[]>).then((done) => done.map(revive)));
    return slices;
  }

  return {
    prepareSlices: (items) => prepareSlices(items),
    async prepareAll(items) {
      // One task a thread: a thread hands a finished task back through the main thread before it
      // gets the next, and the import's main thread is storing for long stretches meanwhile.
      return (await Promise.all(prepareSlices(items, Math.ceil(items.length / Math.max(threads, 1))))).flat();
    },
    async close() {
      await pool?.destroy();
      pool = undefined;
    },
  };
}
