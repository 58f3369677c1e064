/**
 * Where an intake's time goes at scale (docs/performance.md):
 *   npm run bench:breakdown -- [--data bench-data] [--complaints 3000] [--seed 31] [--tag K31-] [--single]
 * Posts --complaints complaints of a district-year stream (external ids prefixed --tag, so that a
 * folder holding a stream takes them as new) through the batch path in-process, with every method
 * of the write transaction's repositories and of the detection engine timed, and reports per
 * complaint: the time of each (calls, mean and longest call), the transaction groups and their
 * commits, and the event-loop delay. Methods nest (findSimilar calls refsBySeq), so the rows do not
 * add up; the group row is the whole. Timing every call costs a few per cent.
 * With --single the complaints are posted one by one (as the intake benchmark's in-process
 * figures are), and the slowest are listed with what took their time: what sets the p99.
 */
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Store, WriteContext } from '../../src/storage/ports.js';
import { benchApp, fmt, machine } from './lib.js';
import { taggedComplaints } from './tagged-stream.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'bench-data' },
    complaints: { type: 'string', default: '3000' },
    seed: { type: 'string', default: '31' },
    tag: { type: 'string', default: 'K31-' },
    single: { type: 'boolean', default: false },
  },
});
const SLOWEST = 20;
const say = (line: string) => process.stdout.write(`${line}\n`);
say(`Machine: ${machine()}`);
const app = await benchApp(resolve(values.data!));
say(`${await app.store.read.complaints.count()} complaints stored at the start.`);

/** Per name: total ms, calls, longest call. */
const timed = new Map<string, { ms: number; calls: number; max: number }>();
/** With --single: the time of each method during the complaint being posted. */
let current: Map<string, number> | null = null;
const record = (name: string, ms: number) => {
  const t = timed.get(name) ?? { ms: 0, calls: 0, max: 0 };
  t.ms += ms;
  t.calls += 1;
  t.max = Math.max(t.max, ms);
  timed.set(name, t);
  current?.set(name, (current.get(name) ?? 0) + ms);
};

/** Replaces each method of `obj` by one that times it (until its promise settles). */
function timeMethods(prefix: string, obj: Record<string, unknown>): void {
  for (const [key, f] of Object.entries(obj)) {
    if (typeof f !== 'function') continue;
    obj[key] = function (this: unknown, ...args: unknown[]) {
      const started = performance.now();
      const out = f.apply(this, args);
      const done = () => record(`${prefix}.${key}`, performance.now() - started);
      if (out instanceof Promise) return out.finally(done);
      done();
      return out;
    };
  }
}

// The write context spreads the same repository objects into every transaction: timing their
// methods once times every transaction's calls.
await app.store.write(async (tx) => {
  for (const name of ['complaints', 'identity', 'assessments', 'registry', 'audit'] as const) timeMethods(name, tx[name] as never);
});
timeMethods('detection', app.services.detection as never);
// A group's work, and its commit: write() resolves after COMMIT, the function before it.
const store = app.store as Store;
const write = store.write.bind(store);
store.write = <T>(fn: (tx: WriteContext) => Promise<T>) => {
  let worked = 0;
  const started = performance.now();
  return write(async (tx) => {
    const out = await fn(tx);
    worked = performance.now() - started;
    record('transaction group (work)', worked);
    return out;
  }).finally(() => record('transaction group (commit)', performance.now() - started - worked));
};

const items: unknown[] = [];
for (const rec of taggedComplaints(Number(values.seed), values.tag!)) {
  if (items.length === Number(values.complaints)) break;
  items.push(rec.body);
}

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const started = performance.now();
const slowest: Array<{ ms: number; parts: Map<string, number> }> = [];
if (values.single)
  for (const item of items) {
    current = new Map();
    const at = performance.now();
    await app.services.intake.submit(item);
    slowest.push({ ms: performance.now() - at, parts: current });
    slowest.sort((a, b) => b.ms - a.ms).splice(SLOWEST);
  }
else for (let i = 0; i < items.length; i += 1000) await app.services.intake.submitBatch(items.slice(i, i + 1000));
const ms = performance.now() - started;
loop.disable();
const n = items.length;
const path = values.single ? 'one by one' : 'through the batch path';
say(`${n} complaints ${path} in-process in ${(ms / 1000).toFixed(1)} s: ${((n / ms) * 1000).toFixed(0)}/s, ${fmt(ms / n)} a complaint.`);
// One by one, the loop never waits for a timer, so there is no delay to report.
if (!values.single) say(`Event-loop delay: p50 ${fmt(loop.percentile(50) / 1e6)}, p99 ${fmt(loop.percentile(99) / 1e6)}, max ${fmt(loop.max / 1e6)}.`);
say('ms a complaint   calls   longest   method');
for (const [name, t] of [...timed].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30))
  say(`${(t.ms / n).toFixed(3).padStart(14)} ${String(t.calls).padStart(7)} ${t.max.toFixed(1).padStart(9)}   ${name}`);
if (slowest.length) {
  say(`The ${SLOWEST} slowest, ms, with the four methods that took most of each (nested ones included):`);
  for (const s of slowest) {
    const parts = [...s.parts].sort((a, b) => b[1] - a[1]).slice(0, 4);
    say(`${s.ms.toFixed(1).padStart(7)}   ${parts.map(([name, t]) => `${name} ${t.toFixed(1)}`).join(', ')}`);
  }
}
await app.close();
