/**
 * An assessment is stored again only when it says something the current one does not: every part
 * compared (level, score, rule set, counts, then findings with their evidence), the findings read
 * only when everything before them agrees.
 */
import t from 'tap';
import { tempStore } from '../helpers/app.js';
import { unchangedFrom } from '../../src/detection/persist.js';
import type { Assessment } from '../../src/detection/types.js';
import { assessmentRow, complainantRow, finding } from '../contract/factories.js';

t.test('each part that differs makes the assessment new; the same one answers with the current seq', async (t) => {
  const store = tempStore(t, 'sieve-unchanged-');
  const row = assessmentRow('p_a', { score: 40, level: 'watch' });
  const seq = await store.write(async (tx) => {
    await tx.identity.create(complainantRow('p_a'));
    const s = await tx.assessments.insert(row);
    await tx.identity.offerAssessment('p_a', { seq: s, asOf: row.asOf, score: row.score, level: row.level, codes: ['BURST'] });
    return s;
  });
  const same: Assessment = {
    score: row.score,
    level: row.level,
    ruleSetVersion: row.ruleSetVersion,
    asOf: row.asOf + 1,
    findings: row.findings,
    counts: row.counts,
  };
  const otherEvidence = finding('BURST');
  otherEvidence.evidence.complaintIds = ['c_1', 'c_3'];
  const cases: Array<[string, Assessment, number | null]> = [
    ['the same, later', same, seq],
    ['another score', { ...same, score: 41 }, null],
    ['another level', { ...same, level: 'review' }, null],
    ['another rule set', { ...same, ruleSetVersion: 'v2' }, null],
    ['other counts', { ...same, counts: { d30: 3, d365: 6 } }, null],
    ['the same counts, other evidence', { ...same, findings: [otherEvidence] }, null],
    ['the same counts, another finding', { ...same, findings: [...row.findings, finding('PUNITIVE_DEMAND')] }, null],
  ];
  for (const [what, a, expected] of cases) t.equal(await store.write((tx) => unchangedFrom(tx, 'p_a', a)), expected, what);
  t.equal(await store.write((tx) => unchangedFrom(tx, 'p_never', same)), null, 'a complainant never assessed');
});
