/**
 * Batches and the rest of the service (docs/performance.md):
 *   npm run bench:batch -- [--data bench-batch] [--batches 10] [--size 1000] [--threads <n>]
 *     [--seed 3] [--tag <prefix>] [--keep]
 * Posts batches of --size complaints over HTTP, one after another, from a district-year stream,
 * while a second client asks /healthz every 10 ms. Reports complaints/s through the batch endpoint,
 * how long each health check waited (the longest is what a reviewer or a load balancer would have
 * waited behind a batch), and the event-loop delay of the service's thread (perf_hooks
 * monitorEventLoopDelay, 10 ms resolution) during the batches. A fresh data folder by default;
 * with --keep on a folder that already holds a stream, --tag prefixes the external ids, which the
 * generator numbers the same for every seed, so that the items are new complaints and not conflicts.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generateStream } from '../../src/synthetic/index.js';
import { BENCH_TOKEN, benchApp, fmt, machine, mb, percentiles, profileLine } from './lib.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'bench-batch' },
    batches: { type: 'string', default: '10' },
    size: { type: 'string', default: '1000' },
    threads: { type: 'string' },
    keep: { type: 'boolean', default: false },
    seed: { type: 'string', default: '3' },
    tag: { type: 'string', default: '' },
  },
});
const say = (line: string) => process.stdout.write(`${line}\n`);
const dataDir = resolve(values.data!);
if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
say(`Machine: ${machine()}`);
const app = await benchApp(dataDir, values.threads ? { SIEVE_INTAKE_THREADS: values.threads } : {});
say(`Intake threads: ${app.config.intakeThreads}; ${await app.store.read.complaints.count()} complaints stored at the start.`);
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
const headers = { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' };

const stream = generateStream({ seed: Number(values.seed), scale: 'district-year' });
const next = () => {
  for (let r = stream.next(); !r.done; r = stream.next())
    if (r.value.kind === 'complaint') return { ...r.value.body, externalId: `${values.tag}${r.value.body.externalId}` };
  return null;
};

// The probe: a health check every 10 ms, each timed from send to answer.
const waits: number[] = [];
let probing = true;
const probe = (async () => {
  while (probing) {
    const s = performance.now();
    await (await fetch(`${base}/healthz`)).arrayBuffer();
    waits.push(performance.now() - s);
    await new Promise((r) => setTimeout(r, 10));
  }
})();

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const size = Number(values.size);
let sent = 0;
const statuses = new Map<string, number>();
const started = performance.now();
for (let b = 0; b < Number(values.batches); b++) {
  const items = [];
  for (let i = 0; i < size; i++) {
    const body = next();
    if (!body) break;
    items.push(body);
  }
  if (!items.length) break;
  const res = await fetch(`${base}/v1/complaints/batch`, { method: 'POST', headers, body: JSON.stringify({ items }) });
  if (res.status !== 200) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
  for (const r of ((await res.json()) as { results: Array<{ status: string }> }).results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  sent += items.length;
}
const seconds = (performance.now() - started) / 1000;
loop.disable();
probing = false;
await probe;
const hz = percentiles(waits);
const ms = (ns: number) => ns / 1e6;
say(`Batch endpoint over HTTP: ${sent} complaints in batches of ${size} in ${seconds.toFixed(1)} s: ${(sent / seconds).toFixed(0)} complaints/s.`);
say(`Answers: ${[...statuses].map(([s, n]) => `${n} ${s}`).join(', ')}.`);
say(`/healthz every 10 ms during the batches, ${hz.n} checks: p50 ${fmt(hz.p50)}, p99 ${fmt(hz.p99)}, max ${fmt(hz.max)}.`);
say(
  `Event-loop delay of the service's thread during the batches: p50 ${fmt(ms(loop.percentile(50)))}, p99 ${fmt(ms(loop.percentile(99)))}, max ${fmt(ms(loop.max))}.`,
);
say(`RSS at the end: ${mb(process.memoryUsage().rss)}; ${await app.store.read.complaints.count()} complaints stored.`);
say(profileLine(app));
await app.close();
