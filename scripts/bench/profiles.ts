/**
 * What the complainant profiles cost in memory at scale (docs/performance.md):
 *   npm run bench:profiles -- [--data bench-data] [--complainants 4000]
 * Opens the service on a built folder (`npm run bench` or `npm run import`), reads the profiles of
 * the heaviest filers (most complaints stored) as an assessment would, until the budget
 * (SIEVE_PROFILE_ITEMS) is full and beyond, then reports the process's memory after a full GC next
 * to its memory after start-up, and how long reading a profile took.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadHistory } from '../../src/detection/history.js';
import { progressReporter } from '../lib/progress.js';
import { benchApp, fmt, machine, mb, percentiles, profileLine } from './lib.js';

const { values } = parseArgs({
  options: { data: { type: 'string', default: 'bench-data' }, complainants: { type: 'string', default: '4000' } },
});
const say = (line: string) => process.stdout.write(`${line}\n`);
say(`Machine: ${machine()}`);
const app = await benchApp(resolve(values.data!));
const profiles = app.services.detection.profiles;
if (!profiles) throw new Error('Complainant profiles are off (SIEVE_PROFILES=off): nothing to measure.');
const started = process.memoryUsage();

// The heaviest filers, counted over every stored complaint row in another process (heaviest-filers.ts).
const counted = execFileSync(process.execPath, [fileURLToPath(new URL('./heaviest-filers.js', import.meta.url)), app.config.dbPath, values.complainants!], {
  maxBuffer: 1 << 28,
});
const { records, heaviest } = JSON.parse(counted.toString()) as { records: number; heaviest: Array<[string, number]> };
say(
  `${records} complainant records over the stored complaints; reading the profiles of the ${heaviest.length} heaviest (${heaviest.at(-1)?.[1]}–${heaviest[0]?.[1]} complaints each).`,
);

const asOf = (await app.store.read.complaints.newestReceivedAt()) ?? Date.now();
const bar = progressReporter('profiles');
const reads: number[] = [];
for (const [id] of heaviest) {
  await app.store.write(async (tx) => {
    const rs = await app.services.rules.active(tx);
    const rootId = (await tx.identity.findById(id))?.mergedInto ?? id;
    const s = performance.now();
    await loadHistory(tx, rootId, asOf, rs, await profiles.source(tx));
    reads.push(performance.now() - s);
  });
  bar.update(reads.length, heaviest.length);
}
bar.stop();
const p = percentiles(reads);
say(`Reading a profile (history in the lookback, from the database into the store): p50 ${fmt(p.p50)}, p99 ${fmt(p.p99)}, max ${fmt(p.max)}.`);
say(profileLine(app));
setFlagsFromString('--expose-gc');
(runInNewContext('gc') as () => void)();
const m = process.memoryUsage();
say(`After start-up: RSS ${mb(started.rss)}, JS heap ${mb(started.heapUsed)} used of ${mb(started.heapTotal)}, array buffers ${mb(started.arrayBuffers)}.`);
say(`Profiles filled, after a full GC: RSS ${mb(m.rss)}, JS heap ${mb(m.heapUsed)} used of ${mb(m.heapTotal)}, array buffers ${mb(m.arrayBuffers)}.`);
await app.close();
