/**
 * The benchmarks' stall watcher (scripts/bench/stalls.ts): a turn that holds the thread is noted
 * with its length, and on Linux split by what the thread did — a thread computing is on a core
 * (or waiting for one), a thread waiting on a lock or the disk is off the CPU. The bounds are wide:
 * a busy machine may keep either thread from a core, never put a waiting one on it.
 */
import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeStall, watchStalls } from '../../scripts/bench/stalls.js';

const linux = process.platform === 'linux';
const HOLD_MS = 150;

function compute(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}
function block(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The longest stall noted around one hold of the thread: the hold's own (a busy machine may add others). */
async function stallOf(hold: (ms: number) => void) {
  const watch = watchStalls(100);
  await sleep(30);
  hold(HOLD_MS);
  await sleep(30);
  const stalls = watch.stop().sort((a, b) => b.ms - a.ms);
  return stalls[0];
}

t.test('a thread that computes is noted on a core or waiting for one, not off the CPU', async (t) => {
  const stall = await stallOf(compute);
  t.ok(stall && stall.ms >= HOLD_MS, 'noted, at least as long as the thread was held');
  if (!linux) return;
  t.ok(stall.offCpuMs! < HOLD_MS / 3, describeStall(stall));
  t.ok(stall.onCpuMs! + stall.waitingForCpuMs! > (HOLD_MS * 2) / 3);
});

t.test('a thread that waits is noted off the CPU', async (t) => {
  const stall = await stallOf(block);
  t.ok(stall && stall.ms >= HOLD_MS, 'noted, at least as long as the thread was held');
  if (!linux) return;
  t.ok(stall.onCpuMs! < HOLD_MS / 3, describeStall(stall));
  t.ok(stall.offCpuMs! > HOLD_MS / 2);
  t.match(describeStall(stall), /^\d+ ms \(on a core \d+, waiting for one \d+, off it \d+\)$/);
});
