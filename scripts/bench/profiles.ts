/**
 * What the complainant profiles cost in memory at scale (docs/performance.md):
 *   npm run bench:profiles -- [--data bench-data] [--complainants 4000] [--idle 30] [--again 20]
 * Opens the service on a built folder (`npm run bench` or `npm run import`), reads the profiles of
 * the heaviest filers (most complaints stored) as an assessment would, until the budget
 * (SIEVE_PROFILE_ITEMS) is full and beyond, then reports how long reading a profile took, what
 * assessing the 50 heaviest again from their held profiles costs (--again times each), and the
 * process's memory: after start-up, after a full GC, after some idle seconds, at its peak, and
 * with the profiles dropped again (what the store itself holds).
 */
import { resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadHistory } from '../../src/detection/history.js';
import { assess } from '../../src/detection/assess.js';
import { progressReporter } from '../lib/progress.js';
import { benchApp, benchArgs, fmt, machine, mb, memoryLine, percentiles, profileLine } from './lib.js';

const values = benchArgs('npm run bench:profiles', {
  data: { type: 'string', default: 'bench-data' },
  complainants: { type: 'string', default: '4000' },
  // Seconds to stay idle before measuring again: V8 and the allocator give memory back lazily.
  idle: { type: 'string', default: '30' },
  // Times each of the 50 heaviest is assessed again from their held profile.
  again: { type: 'string', default: '20' },
});
const say = (line: string) => process.stdout.write(`${line}\n`);
if (!(Number(values.idle) >= 0)) {
  process.stderr.write(`--idle must be a number of seconds, not "${values.idle}".\n`);
  process.exit(64);
}
say(`Machine: ${machine()}`);
const app = await benchApp(resolve(values.data!));
const profiles = app.services.detection.profiles;
if (!profiles) throw new Error('Complainant profiles are off (SIEVE_PROFILES=off): nothing to measure.');
const started = memoryLine();

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

// Assessed again from held profiles, as intake does (history through the engine's source, then the
// indicators), without storing: what a held heavy filer's assessment costs apart from any read.
const again = { history: [] as number[], indicators: [] as number[] };
const held = heaviest.slice(0, 50);
for (let round = 0; round < Number(values.again); round++)
  await app.store.write(async (tx) => {
    const rs = await app.services.rules.active(tx);
    for (const [id] of held) {
      const rootId = (await tx.identity.findById(id))?.mergedInto ?? id;
      const s = performance.now();
      const history = await loadHistory(tx, rootId, asOf, rs, await app.services.detection.historySource(tx));
      const m = performance.now();
      assess(history.input, rs);
      again.history.push(m - s);
      again.indicators.push(performance.now() - m);
    }
  });
const [h, i] = [percentiles(again.history), percentiles(again.indicators)];
say(
  `The ${held.length} heaviest assessed again ${values.again} times each from held profiles: history p50 ${fmt(h.p50)}, p99 ${fmt(h.p99)}; indicators p50 ${fmt(i.p50)}, p99 ${fmt(i.p99)}.`,
);
say(profileLine(app));
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
gc();
say(`After start-up: ${started}`);
say(`Profiles filled, after a full GC: ${memoryLine()}`);
await new Promise((r) => setTimeout(r, Number(values.idle) * 1000));
say(`Profiles filled, ${values.idle} s later: ${memoryLine()}`);
say(`Peak RSS of the run (start-up and reading them): ${mb(process.resourceUsage().maxRSS * 1024)}.`);
// What the store itself holds, as against what reading the profiles left behind elsewhere.
profiles.clear();
gc();
say(`Profiles dropped, after a full GC: ${memoryLine()}`);
await app.close();
