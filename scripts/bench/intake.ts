/**
 * Intake benchmark at scale (docs/performance.md):
 *   npm run bench -- [--stored 990000] [--data bench-data] [--samples 2000] [--build-only] [--defer-assessment]
 *     [--tag <prefix> [--seed 21]] [--batch 10000] [--slowest 0] [--warm 0] [--pace 0]
 * 1. builds (or reuses) a data folder holding --stored complaints of the province-scale synthetic
 *    stream, ingested through the batch code path, and reports that throughput;
 * 2. restarts the service on it: start-up time (index load), RSS, index bytes per document;
 * 3. posts the next complaints one by one in-process (the intake service) and over HTTP
 *    (a listening server, keep-alive, the client in a process of its own: http-client.ts),
 *    reporting latency percentiles, and how many intakes had a garbage collection inside them;
 *    With --pace MS the HTTP client posts one complaint every MS ms (when the one before has been
 *    answered), as an intake system posting complaints as they come, with pauses between them;
 *    With --warm N, N complaints are filed in-process first and reported apart: what a service that
 *    has been running a while answers, rather than its first minutes (code not yet optimised);
 *    With --slowest N the in-process tail is taken apart by method (as bench:filers does), and the
 *    N slowest are listed;
 * 4. posts --batch further complaints through the batch endpoint over HTTP: complaints per second.
 * A folder whose province stream is used up is measured with --tag: the complaints measured then
 * come from a district-year stream (--seed) whose external ids get the prefix, as they would
 * otherwise repeat the stored ones (the generator numbers them the same for every seed); the
 * build step is skipped.
 */
import { execFileSync, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createReadStream, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { SyntheticRecord } from '../../src/synthetic/index.js';
import { taggedComplaints } from './tagged-stream.js';
import { progressReporter } from '../lib/progress.js';
import type { HttpClientJob, HttpClientResult } from './http-client.js';
import { collectionLog, compareLines, slowestLines, timeMethods, type TimedComplaint } from './method-timer.js';
import { BENCH_TOKEN, benchApp, benchArgs, fmt, machine, mb, percentiles, profileLine, resultOf } from './lib.js';
import { loadHistory } from '../../src/detection/history.js';
import { assess } from '../../src/detection/assess.js';
import { createIntakeService } from '../../src/intake/intake.service.js';
import { createFreeTextMasker } from '../../src/identity/free-text.js';
import { createPiiHasher } from '../../src/identity/pii.js';
import { loadOrCreatePiiKey } from '../../src/storage/data-dir.js';

const values = benchArgs('npm run bench', {
  stored: { type: 'string', default: '990000' },
  data: { type: 'string', default: 'bench-data' },
  samples: { type: 'string', default: '2000' },
  batch: { type: 'string', default: '10000' },
  'build-only': { type: 'boolean', default: false },
  'defer-assessment': { type: 'boolean', default: false },
  tag: { type: 'string' },
  seed: { type: 'string', default: '21' },
  // With --slowest N: the in-process phase's methods timed (a few per cent slower), its tail taken apart.
  slowest: { type: 'string', default: '0' },
  warm: { type: 'string', default: '0' },
  // ms from one complaint posted over HTTP to the next, as an intake system posts them as they come (0: back to back).
  pace: { type: 'string', default: '0' },
});
const stored = Number(values.stored);
const pace = Number(values.pace);
if (!(pace >= 0)) {
  process.stderr.write(`--pace must be a number of milliseconds, not "${values.pace}".\n`);
  process.exit(64);
}
const samples = Number(values.samples);
const batchTotal = Number(values.batch);
const dataDir = resolve(values.data!);
const out: string[] = [];
const say = (line: string) => {
  out.push(line);
  process.stdout.write(`${line}\n`);
};

say(`Machine: ${machine()}`);
// The stream is generated once into a file by another process: the generator's own heap would
// otherwise distort the service's latency (garbage collection) and memory figures.
mkdirSync(dataDir, { recursive: true });
const streamFile = join(dataDir, 'province-seed1.ndjson');
if (!existsSync(streamFile))
  execFileSync('npx', ['tsx', 'scripts/generate.ts', '--scale', 'province', '--seed', '1', '--out', streamFile], { stdio: 'inherit' });
const lines = createInterface({ input: createReadStream(streamFile), crlfDelay: Infinity })[Symbol.asyncIterator]();
const stream = {
  async next(): Promise<IteratorResult<SyntheticRecord>> {
    const r = await lines.next();
    return r.done ? r : { done: false, value: JSON.parse(r.value) as SyntheticRecord };
  },
};
const nextComplaints = async function* () {
  if (values.tag !== undefined) {
    yield* taggedComplaints(Number(values.seed), values.tag);
    return;
  }
  for (let r = await stream.next(); !r.done; r = await stream.next()) if (r.value.kind === 'complaint') yield r.value;
};

/**
 * Building the folder through live intake assesses each complainant again at every complaint, which
 * at 500k+ stored runs at ~50 complaints/s. With --defer-assessment the build stores, links and
 * near-duplicate-indexes each complaint exactly as intake does, but assesses nobody; one applied
 * rescan afterwards assesses every complainant once — as a bureau would backfill its past records.
 * Answers stored for replays of such complaints name no assessment: this folder is for measuring.
 */
function deferredIntake(app: Awaited<ReturnType<typeof benchApp>>) {
  const hashPii = createPiiHasher(loadOrCreatePiiKey(app.config));
  return createIntakeService({
    store: app.store,
    hashPii,
    maskText: createFreeTextMasker(hashPii),
    now: app.now,
    log: app.log,
    detection: {
      ...app.services.detection,
      // Nobody is assessed here, so the answer carries an empty assessment (the build never reads answers).
      assess: async () => ({
        assessment: { score: 0, level: 'none', ruleSetVersion: '', asOf: '', findings: [], similar: [] },
        assessmentSeq: 0,
        similarRefs: [],
        registry: { state: 'none' },
      }),
    },
  });
}

// 1. Build, or skip the stored part of the stream when the data folder is already built.
// In a function, not a block: a block's variables stay on the module's frame, which kept the
// build's app — and a second copy of the similarity index, 0.44 GB at 1M — alive while measuring.
async function build(): Promise<void> {
  const app = await benchApp(dataDir);
  const intake = values['defer-assessment'] ? deferredIntake(app) : app.services.intake;
  const have = await app.store.read.complaints.count();
  const bar = progressReporter('ingest');
  let seen = 0;
  const batch: unknown[] = [];
  // Events wait for the batch holding their complaint, as an intake system would send them after it.
  const events: Array<{ externalId: string; body: unknown }> = [];
  const started = performance.now();
  let ingested = 0;
  const flush = async () => {
    if (batch.length) {
      const items = batch.splice(0);
      await intake.submitBatch(items);
      ingested += items.length;
    }
    for (const e of events.splice(0)) await intake.addEvent(`ext:${e.externalId}`, e.body).catch(() => undefined);
  };
  while (seen < stored) {
    const r = await stream.next();
    if (r.done) break;
    const rec = r.value;
    if (rec.kind === 'event') {
      if (seen > have) events.push({ externalId: rec.externalId, body: rec.body });
      continue;
    }
    seen += 1;
    if (seen <= have) continue;
    batch.push(rec.body);
    if (batch.length >= 1000) await flush();
    if (seen % 10_000 === 0) bar.update(seen, stored);
  }
  await flush();
  bar.stop();
  const seconds = (performance.now() - started) / 1000;
  if (ingested)
    say(
      `Build: ${ingested} complaints (+ their events) ingested in-process through the batch path in ${seconds.toFixed(0)} s: ${(ingested / seconds).toFixed(0)} complaints/s${values['defer-assessment'] ? ', assessment deferred' : ''}.`,
    );
  if (ingested && values['defer-assessment'])
    say('Assessment was deferred: run `npm run bench:rescan -- --dry-run false` to assess every complainant (and flag) before measuring.');
  if (values['build-only']) {
    await app.close();
    process.exit(0);
  } else say(`Build: reused ${have} stored complaints in ${dataDir}.`);
  await app.close();
}
if (values.tag === undefined) await build();
else say(`Build: skipped; measuring with complaints of district-year stream seed ${values.seed}, external ids prefixed ${values.tag}.`);

// 2. Start-up on the full database.
const t0 = performance.now();
const app = await benchApp(dataDir);
const startup = performance.now() - t0;
const count = await app.store.read.complaints.count();
const index = app.services.detection.index;
const rss = process.memoryUsage().rss;
say(
  `Start-up with ${count} complaints stored: ready in ${(startup / 1000).toFixed(1)} s; RSS ${mb(rss)}; similarity index ${mb(index.memoryBytes())} (${(index.memoryBytes() / index.size).toFixed(0)} bytes/document).`,
);

// 3a. In-process latency.
// Complaints stored by earlier measurements of this folder are passed over: measure new ones only.
const gen = (async function* () {
  for await (const rec of nextComplaints()) if (!(await app.store.read.complaints.findByExternalId((rec.body as { externalId: string }).externalId))) yield rec;
})();
/**
 * The next n complaints' bodies, drawn before any is timed: a district-year stream (--tag) is
 * generated in this process, and its garbage would start collections inside the intakes timed.
 */
async function draw(n: number): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const rec = await gen.next();
    if (rec.done) break;
    bodies.push(rec.value.body);
  }
  return bodies;
}
const lat: number[] = [];
/** The complainants these intakes assessed, for comparing their history reads (5). */
const touched: string[] = [];
const warm = Number(values.warm);
if (warm > 0) {
  const warmLat: number[] = [];
  for (const body of await draw(warm)) {
    const s = performance.now();
    await app.services.intake.submit(body);
    warmLat.push(performance.now() - s);
  }
  const w = percentiles(warmLat);
  say(`Warm-up: ${w.n} complaints filed in-process first, not measured below: p50 ${fmt(w.p50)}, p99 ${fmt(w.p99)}, max ${fmt(w.max)}.`);
}
const slowestShown = Number(values.slowest);
const timer = slowestShown > 0 ? await timeMethods(app) : null;
const collections = collectionLog();
/** Each complaint's start, time and (with --slowest) breakdown by method. */
const each: TimedComplaint[] = [];
for (const body of await draw(samples)) {
  const parts = new Map<string, number>();
  timer?.watch(parts);
  const s = performance.now();
  const { result } = await app.services.intake.submit(body);
  const ms = performance.now() - s;
  touched.push(result.complainantId);
  lat.push(ms);
  each.push({ at: s, ms, parts });
}
timer?.stop();
if (lat.length < samples) say(`The stream ran out after ${lat.length} complaints: nothing more to measure in this folder.`);
if (!lat.length) process.exit(0);
const inproc = percentiles(lat);
say(
  `In-process intake, ${inproc.n} complaints one by one: p50 ${fmt(inproc.p50)}, p90 ${fmt(inproc.p90)}, p99 ${fmt(inproc.p99)}, p99.9 ${fmt(inproc.p999)}, max ${fmt(inproc.max)}.`,
);
// The observer hears of the last collections a turn later.
await new Promise((r) => setImmediate(r));
const quiet = each.filter((e) => collections.between(e.at, e.at + e.ms).count === 0).map((e) => e.ms);
collections.close();
if (quiet.length) {
  const q = percentiles(quiet);
  say(
    `Of them, ${lat.length - quiet.length} had a garbage collection start inside; the other ${q.n}: p50 ${fmt(q.p50)}, p99 ${fmt(q.p99)}, max ${fmt(q.max)}.`,
  );
}
if (timer) {
  say(`The tail: the complaints at or above the p99 (${fmt(inproc.p99)}), against the others.`);
  for (const line of await compareLines(timer, [
    ['tail', each.filter((e) => e.ms >= inproc.p99)],
    ['others', each.filter((e) => e.ms < inproc.p99)],
  ]))
    say(line);
  for (const line of await slowestLines(timer, [...each].sort((a, b) => b.ms - a.ms).slice(0, slowestShown))) say(line);
}

// 3b. Over HTTP.
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
const headers = { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' };
const bodies = await draw(samples);
// Posted by a process of its own (http-client.ts), as an intake system posts from its own machine.
const client = fork(fileURLToPath(new URL('./http-client.js', import.meta.url)));
client.send({ base, token: BENCH_TOKEN, bodies, pace } satisfies HttpClientJob);
const { latencies: httpLat } = await resultOf<HttpClientResult>(client, 'HTTP client');
if (!httpLat.length) {
  say('The stream ran out before the measurements over HTTP.');
  process.exit(0);
}
const http = percentiles(httpLat);
say(
  `Over HTTP (keep-alive, sequential, from another process${pace ? `, one every ${pace} ms` : ''}), ${http.n} complaints: p50 ${fmt(http.p50)}, p90 ${fmt(http.p90)}, p99 ${fmt(http.p99)}, p99.9 ${fmt(http.p999)}.`,
);

// 4. Batch endpoint throughput over HTTP.
let sent = 0;
const bt = performance.now();
while (sent < batchTotal) {
  const items = [];
  for (let i = 0; i < 1000 && sent + items.length < batchTotal; i++) {
    const rec = await gen.next();
    if (rec.done) break;
    items.push(rec.value.body);
  }
  if (!items.length) break;
  const res = await fetch(`${base}/v1/complaints/batch`, { method: 'POST', headers, body: JSON.stringify({ items }) });
  await res.arrayBuffer();
  sent += items.length;
}
const bs = (performance.now() - bt) / 1000;
if (sent) say(`Batch endpoint over HTTP: ${sent} complaints in batches of 1,000 in ${bs.toFixed(1)} s: ${(sent / bs).toFixed(0)} complaints/s.`);
// 5. One complainant's history as an assessment reads it: from the database, and from the profile
// store; then the assessment itself. Inside a write transaction, as intake reads them.
{
  const asOf = (await app.store.read.complaints.newestReceivedAt())!;
  const profiles = app.services.detection.profiles;
  const [fromDb, fromProfile, assessing, sizes] = [[], [], [], []] as number[][];
  for (const root of [...new Set(touched)].slice(0, 1000)) {
    await app.store.write(async (tx) => {
      const rs = await app.services.rules.active(tx);
      const rootId = (await tx.identity.findById(root))?.mergedInto ?? root;
      let s = performance.now();
      const direct = await loadHistory(tx, rootId, asOf, rs);
      fromDb.push(performance.now() - s);
      if (profiles) {
        // As intake reads it (the engine's source: profiles, and its caches of other people's
        // complaints and roots). Twice: the first may read the profile (a complainant not assessed
        // lately), the second finds it held.
        const source = () => app.services.detection.historySource(tx);
        await loadHistory(tx, rootId, asOf, rs, await source());
        s = performance.now();
        await loadHistory(tx, rootId, asOf, rs, await source());
        fromProfile.push(performance.now() - s);
      }
      s = performance.now();
      assess(direct.input, rs);
      assessing.push(performance.now() - s);
      sizes.push(direct.complaints.length);
    });
  }
  const line = (label: string, xs: number[]) => {
    const p = percentiles(xs);
    return `${label} p50 ${fmt(p.p50)}, p99 ${fmt(p.p99)}`;
  };
  say(
    `History of ${fromDb.length} complainants just assessed (${percentiles(sizes).p50}–${Math.max(...sizes)} complaints in the lookback): ${line('from the database', fromDb)}; ${profiles ? line('from their profiles, held', fromProfile) : 'profiles off'}; ${line('the assessment itself', assessing)}.`,
  );
  say(profileLine(app));
}
say(`RSS at the end: ${mb(process.memoryUsage().rss)}; database ${join(dataDir, 'sieve.db')}${existsSync(join(dataDir, 'sieve.db')) ? '' : ' (missing?)'}.`);
// What is live, not just reserved: collect garbage, then split the heap from typed arrays (the index).
setFlagsFromString('--expose-gc');
(runInNewContext('gc') as () => void)();
const m = process.memoryUsage();
say(`After a full GC: RSS ${mb(m.rss)}, JS heap used ${mb(m.heapUsed)}, array buffers (similarity index) ${mb(m.arrayBuffers)}.`);
await app.close();
