/**
 * npm run import: a bureau's past complaints loaded in bulk — stored, linked and paired exactly as
 * intake stores them, everyone assessed once at the end — and an import stopped by Ctrl-C or killed
 * goes on where it stopped, without duplicates.
 */
import t from 'tap';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateStream } from '../src/synthetic/index.js';
import { openReadStore } from '../src/storage/open-store.js';
import { buildTestApp, PII_KEY, tempDir } from './helpers/app.js';
import { indexesOf } from './helpers/schema.js';

const records = [...generateStream({ seed: 5, scale: { complainants: 400 }, days: 120 })];
const complaints = records.filter((r) => r.kind === 'complaint');
const events = records.filter((r) => r.kind === 'event');

function runImport(dir: string, args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], {
    env: { ...process.env, SIEVE_DATA_DIR: dir, SIEVE_PII_KEY: PII_KEY, SIEVE_API_KEYS: '', SIEVE_RESCAN_WORKERS: '0', SIEVE_INTAKE_THREADS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

/** Who filed what, and which complaints are near-duplicates, by externalId: what intake decides at storage. */
async function stored(dir: string) {
  const store = openReadStore(join(dir, 'sieve.db'));
  try {
    const refs = await store.read.complaints.refsBySeq(Array.from({ length: (await store.read.complaints.maxSeq()) + 1 }, (_, i) => i));
    const ext = new Map(refs.map((r) => [r.seq, r.externalId]));
    const byComplainant = new Map<string, string[]>();
    for (const r of refs) byComplainant.set(r.complainantId, [...(byComplainant.get(r.complainantId) ?? []), r.externalId]);
    const groups = [...byComplainant.values()].map((g) => g.sort().join(',')).sort();
    const pairs = (await store.read.complaints.pairsWithin([...ext.keys()]))
      .map((p) => `${ext.get(p.seq)}~${ext.get(p.otherSeq)}~${p.similarity.toFixed(4)}`)
      .sort();
    const roots = await store.read.identity.findMany([...byComplainant.keys()]);
    return { count: refs.length, groups, pairs, unassessed: roots.filter((r) => !r.mergedInto && r.assessedAsOf === null).length };
  } finally {
    store.close();
  }
}

const countIn = async (dir: string) => {
  try {
    const store = openReadStore(join(dir, 'sieve.db'));
    try {
      return await store.read.complaints.count();
    } finally {
      store.close();
    }
  } catch {
    return 0; // not created yet
  }
};

t.test('an import stores what intake stores, then assesses everyone once', async (t) => {
  const root = tempDir(t);
  const file = join(root, 'complaints.ndjson');
  // Two lines refused: one not JSON, one event on a complaint nobody filed (stored in a group with
  // the others, it must not take them down with it).
  const orphan = JSON.stringify({ complaint: 'NOBODY-1', type: 'settled', at: '2026-03-02T10:00:00+08:00' });
  writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n{not json\n${orphan}\n`);
  const dir = join(root, 'imported');
  const run = runImport(dir, ['--file', file, '--batch', '200']);
  t.equal(await run.exited, 0, 'the import completes');
  if (t.passing())
    t.comment(
      run
        .output()
        .split('\n')
        .filter((l) => /^(Complaints|Events|Loaded|Assessed)/.test(l))
        .join('\n'),
    );
  t.match(run.output(), new RegExp(`Complaints: ${complaints.length} stored, 0 already there, 1 refused as invalid`));
  t.match(run.output(), new RegExp(`Events: ${events.length} stored, 0 already there, 1 refused`), 'the refused event alone is not stored');
  t.match(run.output(), /line \d+: event on NOBODY-1: NOT_FOUND/, 'and is named');
  t.match(run.output(), /Assessed every complainant as of .* newly flagged/);
  t.match(run.output(), /line \d+: not JSON/, 'the refused line is named');
  const imported = await stored(dir);
  t.equal(imported.count, complaints.length);
  t.equal(imported.unassessed, 0, 'every complainant has an assessment');

  // The same complaints through the batch endpoint, with their events after them.
  const live = await buildTestApp(t);
  for (let i = 0; i < complaints.length; i += 200)
    t.equal((await live.post('intake', '/v1/complaints/batch', { items: complaints.slice(i, i + 200).map((r) => r.body) })).statusCode, 200);
  for (const e of events) if (e.kind === 'event') await live.post('intake', `/v1/complaints/ext:${e.externalId}/events`, e.body);
  const through = await stored(live.dir);
  t.same(indexesOf(join(dir, 'sieve.db')), indexesOf(join(live.dir, 'sieve.db')), 'the indexes the load went without are built again at its end');
  t.same(imported.groups, through.groups, 'the same complaints are counted as one person’s');
  t.same(imported.pairs, through.pairs, 'the same near-duplicate pairs with the same similarities');
  t.ok(imported.pairs.length > 0, 'the stream has near-duplicates');

  // A complaint loaded by the import was never answered: sent again, it is answered now, and
  // from then on with that same answer.
  const app = await buildTestApp(t, { dir });
  const body = complaints[3].body;
  const first = await app.post('intake', '/v1/complaints', body);
  t.equal(first.statusCode, 200);
  t.ok(first.json().assessment.level, 'answered with an assessment');
  const again = await app.post('intake', '/v1/complaints', body);
  t.same(again.json(), first.json(), 'a replay gives the same answer');
});

t.test('an import stopped by Ctrl-C or killed goes on where it stopped, without duplicates', async (t) => {
  const root = tempDir(t);
  const file = join(root, 'complaints.ndjson');
  writeFileSync(file, `${complaints.map((r) => JSON.stringify(r.body)).join('\n')}\n`);
  const clean = join(root, 'clean');
  t.equal(await runImport(clean, ['--file', file, '--batch', '200']).exited, 0);

  const dir = join(root, 'interrupted');
  const untilStored = async (more: number) => {
    while ((await countIn(dir)) <= more) await sleep(20);
    return countIn(dir);
  };
  const first = runImport(dir, ['--file', file, '--batch', '25']);
  await untilStored(0);
  first.child.kill('SIGINT');
  t.equal(await first.exited, 130, 'Ctrl-C ends the run with 130');
  t.match(first.output(), /run the same command again/);
  const afterInterrupt = await countIn(dir);
  t.ok(afterInterrupt < complaints.length, `stopped part-way (${afterInterrupt} of ${complaints.length})`);

  const second = runImport(dir, ['--file', file, '--batch', '25']);
  await untilStored(afterInterrupt);
  second.child.kill('SIGKILL');
  await second.exited;
  const afterKill = await countIn(dir);
  t.ok(indexesOf(join(dir, 'sieve.db')).deferred.length > 0, 'the killed load was storing without the indexes it defers');

  const third = runImport(dir, ['--file', file, '--batch', '25']);
  t.equal(await third.exited, 0, 'the third run completes');
  t.match(third.output(), new RegExp(`${complaints.length - afterKill} stored, ${afterKill} already there`));
  const resumed = await stored(dir);
  const reference = await stored(clean);
  t.equal(resumed.count, complaints.length, 'every complaint once');
  t.same(resumed.groups, reference.groups);
  t.same(resumed.pairs, reference.pairs, 'pairs as in an uninterrupted import');
  t.same(indexesOf(join(dir, 'sieve.db')), indexesOf(join(clean, 'sieve.db')), 'and every index, none left deferred');
  t.equal(resumed.unassessed, 0);
});
