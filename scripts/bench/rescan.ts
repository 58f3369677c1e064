/**
 * Rescan benchmark (docs/performance.md), on a data folder built by `npm run bench`:
 *   npm run bench:rescan -- [--data bench-data] [--workers 1] [--dry-run true] [--as-of <time>]
 *     [--intake true] [--intake-seed <n>] [--intake-interval 50]
 * Runs a full rescan of every complainant while complaints keep arriving over HTTP, and reports
 * its duration, throughput, the process's peak RSS and intake latency during the rescan.
 * Complaints arrive every `--intake-interval` ms (20/s by default, far above a province's average of
 * ~0.03/s) whatever the latency, from a district-year stream with a new seed each run (printed), so
 * they are new people's: re-posting one stream every run would pile thousands of complaints onto
 * a few complainants and measure their histories instead. `--intake false` measures the rescan alone.
 * By default the rescan is as of the newest stored complaint: the synthetic stream lies in the past,
 * and as of today its time windows would hold nothing, which is not the work a rescan usually does.
 */
import { resolve } from 'node:path';
import { formatTime } from '../../src/shared/time.js';
import { generateStream } from '../../src/synthetic/index.js';
import { progressReporter } from '../lib/progress.js';
import { BENCH_TOKEN, benchApp, benchArgs, fmt, machine, mb, percentiles } from './lib.js';

const values = benchArgs('npm run bench:rescan', {
  data: { type: 'string', default: 'bench-data' },
  workers: { type: 'string', default: '1' },
  'dry-run': { type: 'string', default: 'true' },
  'as-of': { type: 'string' },
  intake: { type: 'string', default: 'true' },
  // Without it, a seed of the clock's (printed with the figures).
  'intake-seed': { type: 'string' },
  'intake-interval': { type: 'string', default: '50' },
});
const say = (line: string) => process.stdout.write(`${line}\n`);
say(`Machine: ${machine()}`);

const bar = progressReporter('rescan');
const startUp = performance.now();
const app = await benchApp(resolve(values.data!), { SIEVE_RESCAN_WORKERS: values.workers! });
say(`Start-up (migrations, similarity index from stored signatures): ready in ${((performance.now() - startUp) / 1000).toFixed(1)} s.`);
const complainants = await app.store.read.identity.countRoots();
const complaints = await app.store.read.complaints.count();
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

const [newest] = await app.store.read.complaints.summariesBySeq([await app.store.read.complaints.maxSeq()]);
const asOf = values['as-of'] ?? (newest ? formatTime(newest.receivedAt) : undefined);
// Intake goes on during the rescan at a fixed rate, whatever the answers' latency (open loop): new
// people's complaints from a district-year stream, generated before the clock starts.
const intakeSeed = Number(values['intake-seed'] ?? Date.now() % 2 ** 31);
const interval = Number(values['intake-interval']);
const bodies: unknown[] = [];
if (values.intake !== 'false')
  for (const rec of generateStream({ seed: intakeSeed, scale: 'district-year' })) {
    if (rec.kind !== 'complaint') continue;
    bodies.push({ ...rec.body, externalId: `rescan-bench-${intakeSeed}-${rec.body.externalId}` });
    if (bodies.length >= 6000) break;
  }

const started = performance.now();
const cpuBefore = process.cpuUsage();
const eluBefore = performance.eventLoopUtilization();
const { id } = await app.services.rescans.start({ dryRun: values['dry-run'] !== 'false', asOf }, 'system');
let finished = false;
const done = app.services.rescans.idle().then(() => (finished = true));
const poll = setInterval(async () => {
  const r = await app.services.rescans.get(id);
  bar.update(r.progress.done, r.progress.total || complainants);
}, 500);

const lat: number[] = [];
// The first seconds of a rescan meet cold caches while its workers start reading: reported apart.
const WARM_AFTER_MS = 5000;
const warmLat: number[] = [];
const headers = { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' };
const sent: Array<Promise<void>> = [];
for (const [i, body] of bodies.entries()) {
  const wait = started + i * interval - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  if (finished) break;
  const s = performance.now();
  sent.push(
    fetch(`${base}/v1/complaints`, { method: 'POST', headers, body: JSON.stringify(body) }).then(async (res) => {
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`intake answered ${res.status}`);
      lat.push(performance.now() - s);
      if (s - started >= WARM_AFTER_MS) warmLat.push(performance.now() - s);
    }),
  );
}
await done;
clearInterval(poll);
bar.stop();
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const elu = performance.eventLoopUtilization(eluBefore);
await Promise.all(sent);
const result = await app.services.rescans.get(id);
say(
  `Rescan (${result.dryRun ? 'dry run' : 'applied'}, ${values.workers} worker thread(s)) of ${complainants} complainants / ${complaints} complaints: ${result.state} in ${seconds.toFixed(1)} s (${(complainants / seconds).toFixed(0)} complainants/s).`,
);
say(
  `CPU during the rescan, all threads: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (${(((cpu.user + cpu.system) / 1e6 / seconds) * 100).toFixed(0)} % of one core); the service's own thread was busy ${(elu.utilization * 100).toFixed(0)} % of the time.`,
);
say(`Peak RSS of the process (service + workers): ${mb(process.resourceUsage().maxRSS * 1024)}.`);
const p = percentiles(lat);
const w = percentiles(warmLat);
if (p.n)
  say(
    `Intake over HTTP during the rescan (one complaint every ${interval} ms, district-year stream seed ${intakeSeed}), ${p.n} complaints: p50 ${fmt(p.p50)}, p99 ${fmt(p.p99)}, max ${fmt(p.max)}; sent after the first ${WARM_AFTER_MS / 1000} s (${w.n}): p50 ${fmt(w.p50)}, p99 ${fmt(w.p99)}, max ${fmt(w.max)}.`,
  );
else say('No intake during the rescan (--intake false).');
say(`Diff summary: ${(result.diff as { summary: string }).summary}`);
await app.close();
