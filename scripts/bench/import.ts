/**
 * The bulk import (docs/performance.md):
 *   npm run bench:import -- [--complaints 100000] [--data bench-import] [--scale province]
 * Takes the first --complaints complaints (and their events) of the synthetic stream of that scale
 * (seed 1, generated once into the data folder), loads them into a fresh database with the compiled
 * `npm run import`, and prints its summary: complaints/s while loading, the assessment pass, and
 * the peak RSS of the import process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { benchArgs, machine } from './lib.js';

const values = benchArgs('npm run bench:import', {
  complaints: { type: 'string', default: '100000' },
  data: { type: 'string', default: 'bench-import' },
  scale: { type: 'string', default: 'province' },
});
const say = (line: string) => process.stdout.write(`${line}\n`);
say(`Machine: ${machine()}`);
const root = resolve(values.data!);
mkdirSync(root, { recursive: true });
const stream = join(root, `${values.scale}-seed1.ndjson`);
if (!existsSync(stream)) execFileSync('node', ['dist/scripts/generate.js', '--scale', values.scale!, '--seed', '1', '--out', stream], { stdio: 'inherit' });

// The first N complaints, with the events of those complaints only.
const wanted = Number(values.complaints);
const file = join(root, `first-${wanted}.ndjson`);
const out = createWriteStream(file);
const ids = new Set<string>();
for await (const line of createInterface({ input: createReadStream(stream), crlfDelay: Infinity })) {
  const rec = JSON.parse(line) as { kind: string; body: { externalId: string }; externalId?: string };
  if (rec.kind === 'complaint') {
    if (ids.size >= wanted) continue;
    ids.add(rec.body.externalId);
  } else if (!ids.has(rec.externalId!)) continue;
  out.write(`${line}\n`);
}
await new Promise((r) => out.end(r));

const dataDir = join(root, 'data');
rmSync(dataDir, { recursive: true, force: true });
const run = spawnSync('/usr/bin/time', ['-v', 'node', 'dist/scripts/import.js', '--file', file], {
  env: { ...process.env, SIEVE_DATA_DIR: dataDir, SIEVE_PII_KEY: 'cd'.repeat(32), SIEVE_API_KEYS: '', LOG_LEVEL: 'warn' },
  encoding: 'utf8',
  maxBuffer: 1 << 30,
});
if (run.status !== 0) throw new Error(`the import failed (${run.status}):\n${run.stderr.slice(-4000)}`);
for (const line of run.stdout.split('\n')) if (/^(Complaints|Events|Loaded|Assessed)/.test(line)) say(line.length > 400 ? `${line.slice(0, 400)}…` : line);
const peak = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr);
if (peak) say(`Peak RSS of the import process: ${(Number(peak[1]) / 1024).toFixed(0)} MB.`);
