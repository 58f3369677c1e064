/**
 * Worker thread for rescans: evaluates batches of complainants on its own read-only connection,
 * so the thread that answers intake only writes results.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openReadStore } from '../storage/open-store.js';
import type { RuleSet } from '../detection/rule-set.js';
import { evaluateBatch } from './evaluate.js';

export interface WorkerInit {
  dbPath: string;
}

/** The pool ends a worker by terminating it: it holds nothing but a read-only connection. */
export type WorkerRequest = { type: 'batch'; batch: number; rootIds: string[]; ruleSet: RuleSet; asOf: number; keepAssessments: boolean };
export type WorkerReply =
  | { type: 'result'; batch: number; evaluations: Awaited<ReturnType<typeof evaluateBatch>> }
  | { type: 'error'; batch: number; message: string };

/**
 * Rescans are background work: on Linux this thread gives way to the one answering intake
 * (niceness 10; a thread's id is a task id there, so only this thread changes). Elsewhere, or
 * where it is not allowed, it keeps the normal priority.
 */
function yieldToIntake(): void {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (tid > 0) setPriority(tid, 10);
  } catch {
    // Without /proc or the permission, rescans simply share the CPU evenly.
  }
}

yieldToIntake();
const init = workerData as WorkerInit;
const store = openReadStore(init.dbPath);

parentPort!.on('message', async (msg: WorkerRequest) => {
  try {
    const evaluations = await evaluateBatch(store.read, msg.rootIds, msg.ruleSet, msg.asOf, msg.keepAssessments);
    parentPort!.postMessage({ type: 'result', batch: msg.batch, evaluations } satisfies WorkerReply);
  } catch (err) {
    parentPort!.postMessage({ type: 'error', batch: msg.batch, message: err instanceof Error ? err.message : String(err) } satisfies WorkerReply);
  }
});
