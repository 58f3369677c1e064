/**
 * Detection quality, two ways:
 *   npm run bench:quality -- --stream <file> [--rule-set v1] [--json out.json]
 * posts a labelled stream (`../shared/data/real-dev/stream.jsonl`, or the generator's output) through
 * the intake path of a fresh service and reports flagged / total per part and court label, the
 * same-person near-duplicate recall and a miss report (scripts/lib/quality-stream.ts).
 *   npm run bench:quality -- [--data bench-data]
 * reads a data folder built by `npm run bench` (read-only):
 * Joins the labels of the synthetic stream to what the service stored for each complaint, and
 * reports per person (a label's complainantKey, whatever records their identifiers made): who is at
 * `review`, precision and recall against the generator's expectFlag, and flag rates per group.
 * Levels are those of each record's latest stored assessment — what the review queue shows.
 */
import { createReadStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { GROUPS, type Group, type SyntheticRecord } from '../../src/synthetic/index.js';
import { progressReporter } from '../lib/progress.js';
import { BENCH_ADMIN, BENCH_TOKEN, benchApp, benchArgs, machine } from './lib.js';
import { formatReport, injectClient, postStream, qualityReport, readStream } from '../lib/quality-stream.js';

const values = benchArgs('npm run bench:quality', {
  data: { type: 'string', default: 'bench-data' },
  stream: { type: 'string' },
  'rule-set': { type: 'string' },
  json: { type: 'string' },
});
const dataDir = resolve(values.data!);
const say = (line: string) => process.stdout.write(`${line}\n`);
say(`Machine: ${machine()}`);
if (values.stream) {
  await streamQuality(resolve(values.stream), values['rule-set'], values.json);
  process.exit(0);
}

const app = await benchApp(dataDir);
const repos = app.store.read;
const stored = await repos.complaints.count();
const people = new Map<string, { group: Group; expectFlag: boolean; records: Set<string>; complaints: number }>();
const bar = progressReporter('join labels');
let seen = 0;
let found = 0;
for await (const line of createInterface({ input: createReadStream(join(dataDir, 'province-seed1.ndjson')), crlfDelay: Infinity })) {
  const rec = JSON.parse(line) as SyntheticRecord;
  if (rec.kind !== 'complaint') continue;
  seen += 1;
  const row = await repos.complaints.findByExternalId(rec.body.externalId);
  if (row) {
    found += 1;
    const person = people.get(rec.label.complainantKey) ?? {
      group: rec.label.group,
      expectFlag: rec.label.expectFlag,
      records: new Set<string>(),
      complaints: 0,
    };
    person.records.add(row.complainantId);
    person.complaints += 1;
    people.set(rec.label.complainantKey, person);
  }
  if (seen % 10_000 === 0) bar.update(found, stored);
  // The stream continues past what was stored; stop once every stored complaint was matched.
  if (found >= stored) break;
}
bar.stop();

const ids = [...new Set([...people.values()].flatMap((p) => [...p.records]))];
const levelOf = new Map<string, string>();
const rootOf = new Map<string, { id: string; assessmentSeq: number | null }>();
for (let i = 0; i < ids.length; i += 5000) {
  const chunk = await repos.identity.findMany(ids.slice(i, i + 5000));
  const roots = await repos.identity.findMany([...new Set(chunk.map((r) => r.mergedInto ?? r.id))]);
  const rootById = new Map(roots.map((r) => [r.id, r]));
  for (const r of chunk) {
    const root = rootById.get(r.mergedInto ?? r.id) ?? r;
    levelOf.set(r.id, root.level ?? r.level);
    rootOf.set(r.id, root);
  }
}

let tp = 0;
let fp = 0;
const falsePositives: Array<{ group: Group; complaints: number; records: string[] }> = [];
let fn = 0;
// The labels describe a whole year; on a prefix of the stream many of those to be flagged have
// filed too little yet. Recall is also given among those with enough complaints stored to be judged.
const ENOUGH = 5;
let tpEnough = 0;
let fnEnough = 0;
const byGroup = new Map<Group, { people: number; review: number; watch: number }>(GROUPS.map((g) => [g, { people: 0, review: 0, watch: 0 }]));
for (const p of people.values()) {
  const levels = [...p.records].map((id) => levelOf.get(id));
  const review = levels.includes('review');
  const g = byGroup.get(p.group)!;
  g.people += 1;
  if (review) g.review += 1;
  else if (levels.includes('watch')) g.watch += 1;
  if (review && p.expectFlag) tp += 1;
  else if (review) {
    fp += 1;
    falsePositives.push({ group: p.group, complaints: p.complaints, records: [...p.records] });
  } else if (p.expectFlag) fn += 1;
  if (p.expectFlag && p.complaints >= ENOUGH) {
    if (review) tpEnough += 1;
    else fnEnough += 1;
  }
}
say(`Complaints joined to labels: ${found} of ${stored} stored (first ${seen} complaints of the stream); ${people.size} people.`);
say(
  `At review vs the generator's expectFlag: ${tp} true, ${fp} false positives, ${fn} missed; precision ${(tp / Math.max(1, tp + fp)).toFixed(3)}, recall ${(tp / Math.max(1, tp + fn)).toFixed(3)}.`,
);
say(
  `Recall among the ${tpEnough + fnEnough} people to be flagged who have ≥ ${ENOUGH} complaints stored: ${(tpEnough / Math.max(1, tpEnough + fnEnough)).toFixed(3)}.`,
);
for (const [group, g] of byGroup)
  if (g.people)
    say(
      `  ${group.padEnd(14)} ${String(g.people).padStart(7)} people: ${g.review} at review (${((100 * g.review) / g.people).toFixed(1)} %), ${g.watch} at watch.`,
    );
// Whoever is at review against the labels, with the findings that put them there: what to tune.
for (const f of falsePositives.slice(0, 10)) {
  const roots = [...new Map(f.records.map((id) => [rootOf.get(id)!.id, rootOf.get(id)!])).values()];
  const assessments = await repos.assessments.bySeqs(roots.map((r) => r.assessmentSeq).filter((s): s is number => s !== null));
  for (const a of assessments.filter((x) => x.level === 'review'))
    say(
      `  false positive (${f.group}, ${f.complaints} complaints): ${a.complainantId} score ${a.score}: ${a.findings.map((x) => `${x.code} (${x.weight})`).join(', ')}`,
    );
}
await app.close();

async function streamQuality(file: string, ruleSet: string | undefined, jsonOut: string | undefined) {
  if (!existsSync(file))
    fail(`No stream at ${file}. Give --stream the real-dev stream (../shared/data/real-dev/stream.jsonl) or a generated one (npm run generate).`);
  const dir = mkdtempSync(join(tmpdir(), 'sieve-quality-'));
  try {
    const started = Date.now();
    const app = await benchApp(dir);
    const client = injectClient(app, { intake: BENCH_TOKEN, reviewer: BENCH_ADMIN });
    if (ruleSet) {
      const res = await app.inject({
        method: 'POST',
        url: `/v1/rules/${encodeURIComponent(ruleSet)}/activate`,
        headers: { authorization: `Bearer ${BENCH_ADMIN}` },
        payload: { reason: 'quality benchmark' },
      });
      if (res.statusCode !== 200) fail(`Rule set ${ruleSet} could not be activated: ${res.body}`);
    }
    const lines = readStream(file);
    const bar = progressReporter('post stream');
    const complaints = lines.filter((l) => !l.kind || l.kind === 'complaint').length;
    const people = await postStream(client, lines, { onProgress: (done) => bar.update(done, complaints) });
    bar.stop();
    const posted = Date.now() - started;
    const report = await qualityReport(app, client, people, lines, await app.services.rules.active());
    for (const line of formatReport(report)) say(line);
    say('');
    say(`${complaints} complaints posted in ${(posted / 1000).toFixed(1)} s; report in ${((Date.now() - started - posted) / 1000).toFixed(1)} s.`);
    if (jsonOut) writeFileSync(jsonOut, JSON.stringify(report, null, 2));
    await app.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
