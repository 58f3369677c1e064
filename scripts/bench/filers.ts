/**
 * The province stream's own filers, one complaint at a time (docs/performance.md):
 *   npm run bench:filers -- --data <folder> --from 960000 [--count 15000] [--warm 0] [--slowest 0]
 * On a folder holding the first complaints of the province stream (`npm run import`), posts the
 * stream's complaints from position --from (in-process, one by one, as `npm run bench` does) and
 * reports their latency with what the complainant profiles held and how often they had to be read.
 * Unlike `npm run bench`, which measures a folder's next complaints once, any stretch of the stream
 * can be measured on copies of one folder (compare budgets with SIEVE_PROFILE_ITEMS). Complaints
 * already stored are passed over. Latency is also given apart for the complaints whose complainant's
 * profile was held and for those that had to read it. With --slowest, the tail is taken apart by
 * method, and the latency is also given without the assessment's own work: the most an
 * incremental assessment could take off.
 */
import { createReadStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { progressReporter } from '../lib/progress.js';
import { benchApp, benchArgs, fmt, machine, mb, percentiles, profileLine } from './lib.js';
import { compareLines, slowestLines, timeMethods, type TimedComplaint } from './method-timer.js';
import { schedstat } from './stalls.js';

const values = benchArgs('npm run bench:filers', {
  data: { type: 'string' },
  from: { type: 'string' },
  count: { type: 'string', default: '15000' },
  // With --warm N: the first N complaints are filed but not measured, so that the figures are those
  // of a service that has run for a while (its profiles and caches filled) rather than just started.
  warm: { type: 'string', default: '0' },
  // With --slowest N: every method timed (a few per cent slower), and the tail taken apart.
  slowest: { type: 'string', default: '0' },
});
const [from, count, warm, slowestShown] = [Number(values.from), Number(values.count), Number(values.warm), Number(values.slowest)];
if (!values.data || !(from >= 0) || !(count > 0) || !(warm >= 0) || !(slowestShown >= 0)) {
  process.stderr.write('Usage: npm run bench:filers -- --data <folder> --from <position in the stream> [--count 15000] [--warm 0] [--slowest 20]\n');
  process.exit(64);
}
const dataDir = resolve(values.data);
// `npm run bench:import` leaves the stream beside the data folder; a copy may hold it inside.
const stream = [join(dataDir, 'province-seed1.ndjson'), join(dataDir, '..', 'province-seed1.ndjson')].find((f) => existsSync(f));
if (!existsSync(join(dataDir, 'sieve.db')) || !stream) {
  process.stderr.write(
    `${dataDir} is not a folder the import built: it needs sieve.db, and province-seed1.ndjson in it or beside it (npm run bench:import -- --scale province).\n`,
  );
  process.exit(64);
}
const say = (line: string) => process.stdout.write(`${line}\n`);
say(`Machine: ${machine()}`);
const app = await benchApp(dataDir);
const timer = slowestShown > 0 ? await timeMethods(app) : null;
/** With --slowest: each complaint's start, time and breakdown by method. */
const each: TimedComplaint[] = [];
/** With --slowest: whether each complaint's profile was held. */
const held: boolean[] = [];
const lines = createInterface({ input: createReadStream(stream), crlfDelay: Infinity });
const bar = progressReporter('complaints');
const lat: number[] = [];
/** Each complaint's ms on a core and ms ready but waiting for one, by the kernel's account (Linux). */
const thread: Array<[number, number] | undefined> = [];
/** Latencies by where the assessment's profile came from: held, or read from the database. */
const by = { held: [] as number[], read: [] as number[] };
const loads = () => app.services.detection.profiles?.stats().loads ?? 0;
let [seen, warming] = [0, warm];
/** The shingle cache's counts when the measured complaints began (they count from the start). */
let shinglesAtStart = app.services.detection.shingles.stats();
for await (const line of lines) {
  if (!line.startsWith('{"kind":"complaint"') || ++seen <= from) continue;
  const body = (JSON.parse(line) as { body: { externalId: string } }).body;
  if (await app.store.read.complaints.findByExternalId(body.externalId)) continue;
  if (warming > 0) {
    warming -= 1;
    await app.services.intake.submit(body);
    bar.update(warm - warming, warm + count);
    if (warming === 0) shinglesAtStart = app.services.detection.shingles.stats();
    continue;
  }
  const parts = new Map<string, number>();
  timer?.watch(parts);
  const [s, before, stat] = [performance.now(), loads(), schedstat()];
  await app.services.intake.submit(body);
  const ms = performance.now() - s;
  const after = stat && schedstat();
  thread.push(after && [(after[0] - stat[0]) / 1e6, (after[1] - stat[1]) / 1e6]);
  lat.push(ms);
  (loads() > before ? by.read : by.held).push(ms);
  if (timer) {
    each.push({ at: s, ms, parts });
    held.push(loads() === before);
  }
  bar.update(warm + lat.length, warm + count);
  if (lat.length >= count) break;
}
bar.stop();
timer?.stop();
const p = percentiles(lat);
say(
  `In-process intake, ${p.n} complaints of the stream from position ${from}${warm ? `, after ${warm} filed unmeasured since the start` : ''}: p50 ${fmt(p.p50)}, p90 ${fmt(p.p90)}, p99 ${fmt(p.p99)}, p99.9 ${fmt(p.p999)}, max ${fmt(p.max)}.`,
);
for (const [what, samples] of Object.entries(by)) {
  const q = percentiles(samples);
  if (q.n) say(`  profile ${what}: ${q.n} complaints, p50 ${fmt(q.p50)}, p90 ${fmt(q.p90)}, p99 ${fmt(q.p99)}.`);
}
if (thread.every((t) => t)) {
  // What the thread did while a complaint took its time: most of a tail made of waiting for a core
  // is other threads' work (V8's helpers, the checkpoint), not this complaint's.
  const split = (which: Array<[number, number]>, n: number) => {
    const [run, wait] = which.reduce(([r, w], [a, b]) => [r + a, w + b], [0, 0]);
    return `on a core ${fmt(run / n)}, waiting for one ${fmt(wait / n)}`;
  };
  const tail = lat.flatMap((ms, i) => (ms >= p.p99 ? [i] : []));
  const rest = lat.flatMap((ms, i) => (ms < p.p99 ? [i] : []));
  const of = (idx: number[]) => idx.map((i) => thread[i]!);
  const total = (idx: number[]) => idx.reduce((sum, i) => sum + lat[i], 0) / idx.length;
  say(
    `  the service's thread (the kernel's account), per complaint: the tail (≥ p99, ${tail.length}) ${fmt(total(tail))}: ${split(of(tail), tail.length)}; the others ${fmt(total(rest))}: ${split(of(rest), rest.length)}; the rest of each is off the CPU.`,
  );
}
if (timer) {
  const tail = each.filter((e) => e.ms >= p.p99);
  say(`The tail: the complaints at or above the p99 (${fmt(p.p99)}), against the others; then those whose profile was held, against those that read it.`);
  for (const line of await compareLines(timer, [
    ['tail', tail],
    ['others', each.filter((e) => e.ms < p.p99)],
  ]))
    say(line);
  for (const line of await compareLines(timer, [
    ['held', each.filter((_, i) => held[i])],
    ['read', each.filter((_, i) => !held[i])],
  ]))
    say(line);
  for (const line of await slowestLines(timer, [...each].sort((a, b) => b.ms - a.ms).slice(0, slowestShown))) say(line);
  // The most an incremental assessment (the issue's second design point) could give: each
  // complaint without its assessment's own work, keeping what it would still do there: read the
  // profile of a complainant not held, and store the assessment. An upper bound: collections and
  // waits for a core inside the assessment go with it.
  const of = (e: (typeof each)[number], name: string) => e.parts.get(name) ?? 0;
  const kept = ['assessments.insert', 'complaints.history', 'complaints.ringCandidates', 'complaints.eventsOfComplainants'];
  const free = percentiles(each.map((e) => e.ms - of(e, 'detection.assess') + kept.reduce((sum, name) => sum + of(e, name), 0)));
  say(
    `With the assessment's own work taken out (its reads of profiles not held and its store kept): p50 ${fmt(free.p50)}, p90 ${fmt(free.p90)}, p99 ${fmt(free.p99)}, p99.9 ${fmt(free.p999)}.`,
  );
}
say(profileLine(app));
const sh = app.services.detection.shingles.stats();
say(`Exact checks' shingle sets: ${sh.hits} held, ${sh.misses} read (${sh.sets} sets, ${mb(sh.bytes)} held at the end).`);
if (warm)
  say(
    `  of them for the measured complaints, after the warm-up: ${sh.hits - shinglesAtStart.hits} held, ${sh.misses - shinglesAtStart.misses} read (the profile counts above include the warm-up).`,
  );
say(`RSS at the end: ${mb(process.memoryUsage().rss)}.`);
await app.close();
