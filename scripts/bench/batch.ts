/**
 * Batches and the rest of the service (docs/performance.md):
 *   npm run bench:batch -- [--data bench-batch] [--batches 10] [--size 1000] [--threads <n>]
 *     [--seed 3] [--tag <prefix>] [--keep]
 * Posts batches of --size complaints over HTTP, one after another, from a district-year stream,
 * from a process of its own (batch-client.ts), while another (health-probe.ts) asks /healthz every
 * 10 ms. Reports complaints/s through the batch endpoint, how long each health check waited (the
 * longest is what a reviewer or a load balancer would have waited behind a batch), the event-loop
 * delay of the service's thread (perf_hooks monitorEventLoopDelay, 10 ms resolution) during the
 * batches, and its longest stalls split into time on a core, waiting for one, and off the CPU
 * (stalls.ts), with the transaction groups and the items of 10 ms or more inside each, by step
 * (src/intake/timing.ts). A fresh data folder by default; with --keep on a folder that already
 * holds a stream, --tag prefixes the external ids, which the generator numbers the same for every
 * seed, so that the items are new complaints and not conflicts.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BatchClientJob, BatchClientResult } from './batch-client.js';
import type { HealthProbeJob } from './health-probe.js';
import { BENCH_TOKEN, benchApp, benchArgs, fmt, machine, memoryLine, percentiles, profileLine, resultOf } from './lib.js';
import { describeStall, watchStalls, type Stall } from './stalls.js';
import { groupTimings, itemTimings, type GroupTiming, type ItemTiming } from '../../src/intake/timing.js';

const values = benchArgs('npm run bench:batch', {
  data: { type: 'string', default: 'bench-batch' },
  batches: { type: 'string', default: '10' },
  size: { type: 'string', default: '1000' },
  threads: { type: 'string' },
  keep: { type: 'boolean', default: false },
  seed: { type: 'string', default: '3' },
  tag: { type: 'string', default: '' },
});
const say = (line: string) => process.stdout.write(`${line}\n`);
const dataDir = resolve(values.data!);
if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
say(`Machine: ${machine()}`);
const app = await benchApp(dataDir, values.threads ? { SIEVE_INTAKE_THREADS: values.threads } : {});
say(`Intake threads: ${app.config.intakeThreads}; ${await app.store.read.complaints.count()} complaints stored at the start.`);
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
// The probe: a health check every 10 ms, each timed from send to answer, from a process of its own
// (health-probe.ts), as an outside client would ask.
const prober = fork(fileURLToPath(new URL('./health-probe.js', import.meta.url)), [JSON.stringify({ base } satisfies HealthProbeJob)]);
const probed = new Promise<number[]>((resolve, reject) => {
  prober.on('message', (m: 'ready' | number[]) => m !== 'ready' && resolve(m));
  prober.once('error', reject);
  // A probe that died (its fetch failed) would otherwise leave the script waiting for its answer.
  prober.once('exit', (code) => code && reject(new Error(`the health probe exited with ${code}`)));
});
probed.catch(() => undefined);
await new Promise<void>((resolve, reject) => {
  prober.once('message', () => resolve());
  prober.once('error', reject);
});

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const stalls = watchStalls();
// What the service's thread was doing in its longest stalls: its transaction groups, and the items
// that took SLOW_ITEM_MS or more (src/intake/timing.ts).
const SLOW_ITEM_MS = 10;
const groups: GroupTiming[] = [];
const slowItems: ItemTiming[] = [];
const onGroup = (g: unknown) => groups.push(g as GroupTiming);
const onItem = (i: unknown) => (i as ItemTiming).ms >= SLOW_ITEM_MS && slowItems.push(i as ItemTiming);
groupTimings.subscribe(onGroup);
itemTimings.subscribe(onItem);
const size = Number(values.size);
// The intake system runs in a process of its own (batch-client.ts): its JSON work and its memory
// are not the service's.
const client = fork(fileURLToPath(new URL('./batch-client.js', import.meta.url)), [
  JSON.stringify({ base, token: BENCH_TOKEN, seed: Number(values.seed), tag: values.tag!, batches: Number(values.batches), size } satisfies BatchClientJob),
]);
const { sent, seconds, statuses } = await resultOf<BatchClientResult>(client, 'batch client');
loop.disable();
const stalled = stalls.stop();
groupTimings.unsubscribe(onGroup);
itemTimings.unsubscribe(onItem);
prober.send('stop');
const hz = percentiles(await probed);
const ms = (ns: number) => ns / 1e6;
say(`Batch endpoint over HTTP: ${sent} complaints in batches of ${size} in ${seconds.toFixed(1)} s: ${(sent / seconds).toFixed(0)} complaints/s.`);
say(`Answers: ${statuses.map(([s, n]) => `${n} ${s}`).join(', ')}.`);
say(`/healthz every 10 ms during the batches, ${hz.n} checks: p50 ${fmt(hz.p50)}, p99 ${fmt(hz.p99)}, max ${fmt(hz.max)}.`);
say(
  `Event-loop delay of the service's thread during the batches: p50 ${fmt(ms(loop.percentile(50)))}, p99 ${fmt(ms(loop.percentile(99)))}, max ${fmt(ms(loop.max))}.`,
);
const longest = [...stalled].sort((a, b) => b.ms - a.ms).slice(0, 5);
const offCpu = stalled.reduce((sum, s) => sum + (s.offCpuMs ?? 0), 0);
say(
  `Stalls of the service's thread over 50 ms during the batches: ${stalled.length}` +
    (stalled.length ? `; the longest ${longest.map(describeStall).join(', ')}` : '') +
    (stalled.some((s) => s.offCpuMs !== undefined) ? `; off the CPU in them ${offCpu.toFixed(0)} ms in all.` : '.'),
);
for (const s of longest) say(`  In the stall of ${describeStall(s)}: ${heldIn(s)}.`);
say(`At the end, ${await app.store.read.complaints.count()} complaints stored: ${memoryLine()}`);
say(profileLine(app));
await app.close();

/** The transaction groups and slow items that overlapped a stall, as "a group of 1 item, 166.00 ms; items of …". */
function heldIn(s: Stall): string {
  const from = s.at - s.ms;
  const overlaps = (start: number, ms: number) => start < s.at && start + ms > from;
  const inside = groups.filter((g) => overlaps(g.start, g.ms));
  const items = slowItems.filter((i) => overlaps(i.start, i.ms));
  if (!inside.length) return 'no transaction group (the answer, the next batch, or a collection)';
  const item = (i: ItemTiming) =>
    `${i.externalId} ${fmt(i.ms)} (resolve ${i.steps.resolve.toFixed(1)}, search ${i.steps.search.toFixed(1)}, store ${i.steps.store.toFixed(1)}, assess ${i.steps.assess.toFixed(1)})`;
  const groupsText = inside.map((g) => `a group of ${g.items} item${g.items === 1 ? '' : 's'}, ${fmt(g.ms)}`).join('; ');
  return items.length ? `${groupsText}; items of ${SLOW_ITEM_MS} ms or more: ${items.map(item).join('; ')}` : groupsText;
}
