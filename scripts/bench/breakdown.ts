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
import { benchApp, benchArgs, fmt, machine } from './lib.js';
import { slowestLines, timeMethods, type TimedComplaint } from './method-timer.js';
import { taggedComplaints } from './tagged-stream.js';

const values = benchArgs('npm run bench:breakdown', {
  data: { type: 'string', default: 'bench-data' },
  complaints: { type: 'string', default: '3000' },
  seed: { type: 'string', default: '31' },
  tag: { type: 'string', default: 'K31-' },
  single: { type: 'boolean', default: false },
});
const SLOWEST = 20;
const say = (line: string) => process.stdout.write(`${line}\n`);
say(`Machine: ${machine()}`);
const app = await benchApp(resolve(values.data!));
say(`${await app.store.read.complaints.count()} complaints stored at the start.`);

const timer = await timeMethods(app);

const items: unknown[] = [];
for (const rec of taggedComplaints(Number(values.seed), values.tag!)) {
  if (items.length === Number(values.complaints)) break;
  items.push(rec.body);
}

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const started = performance.now();
const slowest: TimedComplaint[] = [];
if (values.single)
  for (const item of items) {
    const parts = new Map<string, number>();
    timer.watch(parts);
    const at = performance.now();
    await app.services.intake.submit(item);
    slowest.push({ at, ms: performance.now() - at, parts });
    slowest.sort((a, b) => b.ms - a.ms).splice(SLOWEST);
  }
else for (let i = 0; i < items.length; i += 1000) await app.services.intake.submitBatch(items.slice(i, i + 1000));
timer.stop();
const ms = performance.now() - started;
loop.disable();
const n = items.length;
const path = values.single ? 'one by one' : 'through the batch path';
say(`${n} complaints ${path} in-process in ${(ms / 1000).toFixed(1)} s: ${((n / ms) * 1000).toFixed(0)}/s, ${fmt(ms / n)} a complaint.`);
// One by one, the loop never waits for a timer, so there is no delay to report.
if (!values.single) say(`Event-loop delay: p50 ${fmt(loop.percentile(50) / 1e6)}, p99 ${fmt(loop.percentile(99) / 1e6)}, max ${fmt(loop.max / 1e6)}.`);
say('ms a complaint   calls   longest   method');
for (const [name, t] of [...timer.timed].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30))
  say(`${(t.ms / n).toFixed(3).padStart(14)} ${String(t.calls).padStart(7)} ${t.max.toFixed(1).padStart(9)}   ${name}`);
for (const line of await slowestLines(timer, slowest)) say(line);
timer.close();
await app.close();
