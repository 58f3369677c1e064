/**
 * A small pool of rescan worker threads, started on first use and kept for later rescans, or an
 * in-process evaluator where threads cannot share the database (':memory:').
 */
import { Worker } from 'node:worker_threads';
import type { Repositories } from '../storage/ports.js';
import type { RuleSet } from '../detection/rule-set.js';
import { evaluateBatch, type Evaluation } from './evaluate.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './rescan.worker.js';

export interface Evaluator {
  /** `keepAssessments`: whether the caller stores the assessments, or only the items (dry runs). */
  evaluate(rootIds: string[], rs: RuleSet, asOf: number, keepAssessments: boolean): Promise<Evaluation[]>;
  /** Batches worth keeping in flight. */
  readonly parallelism: number;
  close(): Promise<void>;
}

// Compiled code runs the .js file. The TypeScript source (tests, `npm run rescan`) needs tsx inside
// the thread too: on Node 20 a worker does not inherit the loader tsx registered in the main thread,
// so the thread registers it itself before importing the worker module.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './rescan.worker.ts' : './rescan.worker.js', import.meta.url);

// A batch allocates tens of megabytes of short-lived rows and histories. With V8's default young
// generation (16 MB semi-spaces) much of it is copied and promoted before it dies; 64 MB
// semi-spaces (young generation = 3 × semi-space) made evaluation ~20 % faster at 1M stored,
// for ~130 MB more resident memory per worker (docs/performance.md).
const resourceLimits = { maxYoungGenerationSizeMb: 3 * 64 };

function startWorker(workerData: WorkerInit): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData, resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}

export function inProcessEvaluator(repos: Repositories): Evaluator {
  return { parallelism: 1, evaluate: (ids, rs, asOf, keep) => evaluateBatch(repos, ids, rs, asOf, keep), close: async () => undefined };
}

export function workerPool(size: number, init: WorkerInit): Evaluator {
  const pending = new Map<number, { resolve: (e: Evaluation[]) => void; reject: (err: Error) => void; worker: Worker }>();
  const load = new Map<Worker, number>();
  let nextBatch = 0;
  const workers = Array.from({ length: size }, () => {
    const w = startWorker(init);
    load.set(w, 0);
    w.on('message', (msg: WorkerReply) => {
      const p = pending.get(msg.batch);
      if (!p) return;
      pending.delete(msg.batch);
      load.set(w, load.get(w)! - 1);
      if (msg.type === 'result') p.resolve(msg.evaluations);
      else p.reject(new Error(msg.message));
    });
    w.on('error', (err) => {
      for (const [batch, p] of pending)
        if (p.worker === w) {
          pending.delete(batch);
          p.reject(err);
        }
    });
    return w;
  });
  return {
    parallelism: size * 2,
    evaluate(rootIds, ruleSet, asOf, keepAssessments) {
      const worker = workers.reduce((a, b) => (load.get(a)! <= load.get(b)! ? a : b));
      const batch = nextBatch++;
      load.set(worker, load.get(worker)! + 1);
      return new Promise((resolve, reject) => {
        pending.set(batch, { resolve, reject, worker });
        worker.postMessage({ type: 'batch', batch, rootIds, ruleSet, asOf, keepAssessments } satisfies WorkerRequest);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
