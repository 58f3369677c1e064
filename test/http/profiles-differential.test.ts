/**
 * Complainant profiles (detection/profiles.ts) are a cache and must change nothing. The generator's
 * year streams — several seeds, with events, a reviewer's merge and its undoing, an applied as-of
 * rescan — go through an app reading every history from the database (the old path,
 * SIEVE_PROFILES=off) and one reading them from profiles (SIEVE_PROFILES=verify: it also reads the
 * database at every assessment and fails the request if the two readings differ in anything), and
 * every stored assessment of the two databases is compared.
 *
 * Ids differ per app (the time they were made, random bits), so complaints are named by externalId, complainant records by their
 * first complaint's externalId and events by what identifies them. Where two pairs tie, detection
 * orders them by those ids (rule-set-v1-reproducible.test.ts): those lists are compared by
 * length; the exact, same-database comparison of `verify` covers their content.
 */
import t from 'tap';
import Database from 'better-sqlite3';
import { inflateRawSync } from 'node:zlib';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { templatedComplaint } from '../helpers/factories.js';
import { generateStream, type SyntheticRecord } from '../../src/synthetic/index.js';

const NOW = Date.parse('2027-01-15T09:00:00+08:00');

/** Posts the stream in batches, events after the batch before them; `at` runs steps between records. */
async function drive(h: TestApp, records: SyntheticRecord[], steps: Map<number, (h: TestApp, answers: Map<string, string>) => Promise<void>>) {
  const answers = new Map<string, string>(); // externalId → complainant record
  let batch: unknown[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const res = await h.post('intake', '/v1/complaints/batch', { items: batch });
    if (res.statusCode !== 200) throw new Error(`batch ${res.statusCode}: ${res.body}`);
    for (const r of res.json().results) {
      if (r.status !== 'created' && r.status !== 'duplicate') throw new Error(`item not stored: ${JSON.stringify(r)}`);
      answers.set(r.externalId, r.complainantId);
    }
    batch = [];
  };
  for (const [i, rec] of records.entries()) {
    const step = steps.get(i);
    if (step) {
      await flush();
      await step(h, answers);
    }
    if (rec.kind === 'event') {
      await flush();
      const res = await h.post('intake', `/v1/complaints/ext:${encodeURIComponent(rec.externalId)}/events`, rec.body);
      if (res.statusCode >= 300) throw new Error(`event ${res.statusCode}: ${res.body}`);
      continue;
    }
    batch.push(rec.body);
    if (batch.length >= 100) await flush();
  }
  await flush();
  return answers;
}

/** Every stored assessment, with ids named as both databases can agree on. */
function storedAssessments(dir: string): string[] {
  const db = new Database(`${dir}/sieve.db`, { readonly: true });
  try {
    const names = new Map<string, string>();
    for (const c of db.prepare('SELECT id, external_id, complainant_id FROM complaints ORDER BY seq').all() as Array<Record<string, string>>) {
      names.set(c.id, `complaint ${c.external_id}`);
      if (!names.has(c.complainant_id)) names.set(c.complainant_id, `record of ${c.external_id}`);
    }
    for (const e of db.prepare('SELECT e.id, e.type, e.at, c.external_id FROM events e JOIN complaints c ON c.id = e.complaint_id').all() as Array<
      Record<string, string>
    >)
      names.set(e.id, `event ${e.external_id}/${e.type}/${e.at}`);
    for (const r of db.prepare('SELECT id FROM rescans').all() as Array<{ id: string }>) names.set(r.id, 'rescan');
    const rename = (value: unknown): unknown =>
      JSON.parse(JSON.stringify(value), (key, v) => {
        if (typeof v === 'string') return names.get(v) ?? v;
        if ((key === 'similarity' || key === 'events') && Array.isArray(v)) return v.length;
        if (key === 'complainantIds' && Array.isArray(v)) return [...v].sort();
        return v;
      });
    const rows = db
      .prepare('SELECT complainant_id, as_of, rule_set_version, score, level, findings, counts, source, source_id FROM assessments ORDER BY seq')
      .all() as Array<Record<string, unknown>>;
    // A rescan stores its assessments in the order of the complainant ids, which differ per app: compared as a set.
    return rows
      .map((r) =>
        JSON.stringify(rename({ ...r, findings: JSON.parse(inflateRawSync(r.findings as Buffer).toString('utf8')), counts: JSON.parse(r.counts as string) })),
      )
      .sort();
  } finally {
    db.close();
  }
}

/** A reviewer merges two records at one third of the stream and undoes it at two thirds; an as-of rescan runs at the half. */
function stepsFor(records: SyntheticRecord[]) {
  const complaints = records.flatMap((r, i) => (r.kind === 'complaint' ? [{ i, externalId: r.body.externalId, receivedAt: r.body.receivedAt }] : []));
  const third = Math.floor(records.length / 3);
  const earlier = complaints.filter((c) => c.i < third);
  let mergeId = '';
  let kept = '';
  const steps = new Map<number, (h: TestApp, answers: Map<string, string>) => Promise<void>>();
  steps.set(third, async (h, answers) => {
    // The two busiest records so far, so the merge moves real histories.
    const counts = new Map<string, number>();
    for (const c of earlier) counts.set(answers.get(c.externalId)!, (counts.get(answers.get(c.externalId)!) ?? 0) + 1);
    const first = (id: string) => earlier.find((c) => answers.get(c.externalId) === id)!.externalId;
    // A record with an open registry entry cannot be merged: the busiest two without one.
    const free: string[] = [];
    for (const [id] of [...counts].sort((x, y) => y[1] - x[1] || (first(x[0]) < first(y[0]) ? -1 : 1))) {
      if ((await h.get('reviewer', `/v1/complainants/${id}`)).json().registryState === 'none') free.push(id);
      if (free.length === 2) break;
    }
    const [a, b] = free;
    // Chosen by what both databases agree on (first complaints), not by random ids.
    [kept] = [a, b].sort((x, y) => (first(x) < first(y) ? -1 : 1));
    const other = kept === a ? b : a;
    const res = await h.post('reviewer', `/v1/complainants/${kept}/merge`, { otherId: other, reason: '同一人以不同身份投诉' });
    if (res.statusCode !== 201) throw new Error(`merge ${res.statusCode}: ${res.body}`);
    mergeId = res.json().mergeId;
  });
  const half = Math.floor(records.length / 2);
  steps.set(half, async (h) => {
    const asOf = complaints.filter((c) => c.i < half / 2).at(-1)!.receivedAt;
    const res = await h.post('admin', '/v1/rescans', { dryRun: false, asOf });
    if (res.statusCode !== 202) throw new Error(`rescan ${res.statusCode}: ${res.body}`);
    await h.app.services.rescans.idle();
    const state = (await h.get('admin', `/v1/rescans/${res.json().id}`)).json().state;
    if (state !== 'done') throw new Error(`rescan ${state}`);
  });
  steps.set(2 * third, async (h) => {
    const res = await h.post('reviewer', `/v1/complainants/${kept}/unmerge`, { mergeId, reason: '核实后确认不是同一人' });
    if (res.statusCode >= 300) throw new Error(`unmerge ${res.statusCode}: ${res.body}`);
  });
  return steps;
}

for (const seed of [3, 8, 21]) {
  t.test(`seed ${seed}: profiles store the assessments the database path stores`, async (t) => {
    const records = [...generateStream({ seed, scale: { complainants: 160 }, days: 365 })];
    const complaints = records.filter((r) => r.kind === 'complaint').length;
    t.ok(complaints > 300 && records.length > complaints, `${complaints} complaints and ${records.length - complaints} events`);
    const before = await buildTestApp(t, { now: () => NOW, env: { SIEVE_PROFILES: 'off' } });
    const after = await buildTestApp(t, { now: () => NOW, env: { SIEVE_PROFILES: 'verify' } });
    await drive(before, records, stepsFor(records));
    await drive(after, records, stepsFor(records));

    const old = storedAssessments(before.dir);
    const fresh = storedAssessments(after.dir);
    t.ok(old.length > complaints, `${old.length} assessments stored`);
    t.same(fresh, old, 'every stored assessment is the same');
    const levels = new Set(old.map((a) => JSON.parse(a).level));
    t.ok(levels.has('review') && levels.has('none'), `levels met: ${[...levels]}`);
    const stats = after.app.services.detection.profiles!.stats();
    t.ok(stats.hits > complaints / 2, `${stats.hits} assessments from held profiles, ${stats.loads} read`);
    // One writer: every complaint but the first after a start or an undone item is taken as stored.
    t.ok(stats.taken > complaints * 0.9, `${stats.taken} of ${complaints} complaints taken as stored, not read back`);
    t.equal(before.app.services.detection.profiles, null, 'the old path holds no profiles');
  });
}

t.test('profiles stay right when another process writes the same database', async (t) => {
  const records = [...generateStream({ seed: 5, scale: { complainants: 80 }, days: 200 })];
  const one = await buildTestApp(t, { now: () => NOW });
  // A second service on the same data folder: its writes reach the first only through the database.
  const two = await buildTestApp(t, { now: () => NOW, dir: one.dir });
  const chunks: SyntheticRecord[][] = [];
  for (let i = 0; i < records.length; i += 150) chunks.push(records.slice(i, i + 150));
  for (const [n, chunk] of chunks.entries()) await drive(n % 2 ? two : one, chunk, new Map());
  // verify mode (the test default) failed any assessment whose profile missed the other's rows.
  const stats = one.app.services.detection.profiles!.stats();
  t.ok(stats.hits > 0, `the first service answered ${stats.hits} assessments from profiles caught up with the second's writes`);
  // Its own complaints are taken as it stores them, but for the first after its start and any stored
  // right after one of the other's, which the catch-up reads back (the next test shows that case).
  const own = chunks
    .filter((_, n) => n % 2 === 0)
    .flat()
    .filter((r) => r.kind === 'complaint').length;
  t.ok(stats.taken > 0 && stats.taken < own, `${stats.taken} of its ${own} complaints taken as stored`);
  const stored = storedAssessments(one.dir);
  t.ok(stored.length >= records.filter((r) => r.kind === 'complaint').length, `${stored.length} assessments`);
});

t.test('a complaint is taken as stored only when nothing was stored before it since the cursor', async (t) => {
  const one = await buildTestApp(t, { now: () => NOW });
  const two = await buildTestApp(t, { now: () => NOW, dir: one.dir });
  const post = async (h: TestApp, i: number) => {
    const res = await h.post('intake', '/v1/complaints', templatedComplaint(i));
    t.equal(res.statusCode, 201, `complaint ${i} stored (verify mode: the profile agreed with the database)`);
    return res.json();
  };
  const taken = () => one.app.services.detection.profiles!.stats().taken;
  await post(one, 0); // the first after the start sets the cursor
  await post(one, 1);
  t.equal(taken(), 1, 'the next one is taken as stored');
  await post(two, 2);
  const third = await post(one, 3);
  t.equal(taken(), 1, 'after the other service stored one, the catch-up reads both back instead');
  const four = await post(one, 4);
  t.equal(taken(), 2, 'and the next one is taken again');
  const count = (a: { findings: Array<{ code: string; evidence: { count: number } }> }) => a.findings.find((f) => f.code === 'PUNITIVE_DEMAND')?.evidence.count;
  t.equal(count(third.assessment), 4, "the other service's complaint counted with the filer's own");
  t.equal(count(four.assessment), 5);
});

t.test('a small budget drops the least recently assessed and reads them again, with the same answers', async (t) => {
  const records = [...generateStream({ seed: 9, scale: { complainants: 80 }, days: 200 })];
  const h = await buildTestApp(t, { now: () => NOW, env: { SIEVE_PROFILE_ITEMS: '60' } });
  await drive(h, records, new Map());
  const stats = h.app.services.detection.profiles!.stats();
  t.equal(stats.budget, 60);
  t.ok(stats.items <= 60 || stats.profiles === 1, `${stats.items} items held in ${stats.profiles} profiles`);
  t.ok(
    stats.loads > new Set(records.flatMap((r) => (r.kind === 'complaint' ? [r.label.complainantKey] : []))).size,
    `${stats.loads} profiles read: some more than once`,
  );
  t.ok(stats.hits > 0, `${stats.hits} assessments from held profiles`);
});

t.test('a rule set reading another lexicon reads the held profiles again, with the same answers', async (t) => {
  const records = [...generateStream({ seed: 13, scale: { complainants: 60 }, days: 200 })];
  const half = Math.floor(records.length / 2);
  const h = await buildTestApp(t, { now: () => NOW });
  await drive(h, records.slice(0, half), new Map());
  const profiles = h.app.services.detection.profiles!;
  const before = profiles.stats();
  t.ok(before.profiles > 0, `${before.profiles} profiles held, their facts as lexicon v2 reads them`);
  // Rule set v1 reads lexicon v1: facts held for v2 would assess with the wrong phrases. verify
  // mode (the test default) fails any assessment whose profile differs from the database's reading.
  t.equal((await h.post('admin', '/v1/rules/v1/activate', { reason: '比对旧规则' })).statusCode, 200);
  await drive(h, records.slice(half), new Map());
  const after = profiles.stats();
  t.equal(after.resets, before.resets + 1, 'everything held was dropped once, at the first v1 assessment');
  t.ok(after.hits > before.hits, `${after.hits - before.hits} later assessments answered from profiles read for v1`);
  const db = new Database(`${h.dir}/sieve.db`, { readonly: true });
  t.teardown(() => db.close());
  t.ok((db.prepare("SELECT count(*) AS n FROM assessments WHERE rule_set_version = 'v1'").get() as { n: number }).n > 0, 'assessments were stored under v1');
});
