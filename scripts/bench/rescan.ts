/**
 * Rescan benchmark (docs/performance.md), on a data folder built by `npm run bench`:
 *   npx tsx scripts/bench/rescan.ts [--data bench-data] [--workers 1] [--dry-run true] [--as-of <time>]
 *     [--intake true] [--intake-seed <n>]
 * Runs a full rescan of every complainant while complaints keep arriving over HTTP, and reports
 * its duration, throughput, the process's peak RSS and intake latency during the rescan.
 * The complaints arriving come from a district-year stream with a new seed each run (printed), so
 * they are new people's: re-posting one stream every run would pile thousands of complaints onto
 * a few complainants and measure their histories instead. `--intake false` measures the rescan alone.
 * By default the rescan is as of the newest stored complaint: the synthetic stream lies in the past,
 * and as of today its time windows would hold nothing, which is not the work a rescan usually does.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatTime } from '../../src/shared/time.js';
import { generateStream } from '../lib/synthetic.js';
import { progressReporter } from '../lib/progress.js';
import { BENCH_TOKEN, benchApp, fmt, machine, mb, percentiles } from './lib.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'bench-data' },
    workers: { type: 'string', default: '1' },
    'dry-run': { type: 'string', default: 'true' },
    'as-of': { type: 'string' },
    intake: { type: 'string', default: 'true' },
    'intake-seed': { type: 'string', default: String(Date.now() % 2 ** 31) },
  },
});
const say = (line: string) => process.stdout.write(`${line}\n`);
say(`Machine: ${machine()}`);

const bar = progressReporter('rescan');
const app = await benchApp(resolve(values.data!), { SIEVE_RESCAN_WORKERS: values.workers! });
const complainants = await app.store.read.identity.countRoots();
const complaints = await app.store.read.complaints.count();
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

const [newest] = await app.store.read.complaints.summariesBySeq([await app.store.read.complaints.maxSeq()]);
const asOf = values['as-of'] ?? (newest ? formatTime(newest.receivedAt) : undefined);
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

// Intake goes on during the rescan: a separate stream, its ids made distinct.
const lat: number[] = [];
const headers = { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' };
const intakeSeed = Number(values['intake-seed']);
for (const rec of values.intake === 'false' ? [] : generateStream({ seed: intakeSeed, scale: 'district-year' })) {
  if (finished) break;
  if (rec.kind !== 'complaint') continue;
  const body = { ...rec.body, externalId: `rescan-bench-${intakeSeed}-${rec.body.externalId}` };
  const s = performance.now();
  const res = await fetch(`${base}/v1/complaints`, { method: 'POST', headers, body: JSON.stringify(body) });
  await res.arrayBuffer();
  lat.push(performance.now() - s);
  await new Promise((r) => setTimeout(r, 20));
}
await done;
clearInterval(poll);
bar.stop();
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const elu = performance.eventLoopUtilization(eluBefore);
const result = await app.services.rescans.get(id);
say(`Rescan (${result.dryRun ? 'dry run' : 'applied'}, ${values.workers} worker thread(s)) of ${complainants} complainants / ${complaints} complaints: ${result.state} in ${seconds.toFixed(1)} s (${(complainants / seconds).toFixed(0)} complainants/s).`);
say(
  `CPU during the rescan, all threads: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (${(((cpu.user + cpu.system) / 1e6 / seconds) * 100).toFixed(0)} % of one core); the service's own thread was busy ${(elu.utilization * 100).toFixed(0)} % of the time.`,
);
say(`Peak RSS of the process (service + workers): ${mb(process.resourceUsage().maxRSS * 1024)}.`);
const p = percentiles(lat);
if (p.n)
  say(
    `Intake over HTTP during the rescan (one complaint every ~20 ms, district-year stream seed ${intakeSeed}), ${p.n} complaints: p50 ${fmt(p.p50)}, p99 ${fmt(p.p99)}, max ${fmt(p.max)}.`,
  );
else say('No intake during the rescan (--intake false).');
say(`Diff summary: ${(result.diff as { summary: string }).summary}`);
await app.close();
