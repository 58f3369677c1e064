/**
 * Rule set v1 stays byte-for-byte reproducible after later rule sets and lexicons shipped: the same
 * stream posted under v1 gives the same answers — scores, levels, findings with their weights,
 * counts, evidence and legal basis — as the code before v2 gave. The snapshot
 * (tap-snapshots/…) was recorded with the code as it was before rule set v2, and must never be
 * regenerated to make this test pass.
 *
 * Ids differ per run (the time they were made, random bits), so complaints are named by externalId and complainants by the
 * generator's person key.
 */
import t from 'tap';
import { createHash } from 'node:crypto';
import { buildTestApp, TOKENS, type TestApp } from '../helpers/app.js';
import { injectClient, postStream } from '../../scripts/lib/quality-stream.js';
import { generateStream } from '../../src/synthetic/index.js';

async function answers(h: TestApp, seed: number) {
  const externalOf = new Map<string, string>();
  const personOf = new Map<string, string>();
  const out: unknown[] = [];
  // Where pairs or events tie, the code orders (and cuts at 10) by their ids, which differ per run, even before v2:
  // those lists are compared by their length, linked people as a set; everything else whole.
  const rename = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value), (key, v) => {
      if (typeof v === 'string') return externalOf.get(v) ?? personOf.get(v) ?? v;
      if ((key === 'similarity' || key === 'events') && Array.isArray(v)) return v.length;
      if (key === 'complainantIds' && Array.isArray(v)) return [...v].sort();
      return v;
    });
  const client = injectClient(h.app, { intake: TOKENS.intake, reviewer: TOKENS.reviewer });
  await postStream(client, [...generateStream({ seed, scale: 'tiny' })] as never, {
    onAnswer: (answer, person) => {
      externalOf.set(answer.id, answer.externalId);
      // Named as of the answer: a record shared through an identifier later answers for another person.
      personOf.set(answer.complainantId, person);
      out.push(rename({ externalId: answer.externalId, complainant: answer.complainantId, assessment: answer.assessment, registry: answer.registry.state }));
    },
  });
  return out;
}

t.test('intake answers under rule set v1 are those of the code before v2', async (t) => {
  const h = await buildTestApp(t);
  // A fresh database activates the newest shipped rule set; an installation that kept v1 has it active.
  const activated = await h.post('admin', '/v1/rules/v1/activate', { reason: 'reproducibility test' });
  t.equal(activated.statusCode, 200);
  const all = await answers(h, 11);
  t.ok(all.length > 100, `${all.length} answers`);
  const levels = all.map((a) => (a as { assessment: { level: string } }).assessment.level);
  t.ok(levels.includes('review') && levels.includes('watch') && levels.includes('none'), 'every level occurs');
  const digest = createHash('sha256').update(JSON.stringify(all)).digest('hex');
  t.matchSnapshot(
    {
      answers: all.length,
      digest,
      first: all.slice(0, 3),
      lastReview: all.filter((a) => (a as { assessment: { level: string } }).assessment.level === 'review').at(-1),
    },
    'v1 answers',
  );
});
