/**
 * Assessments, rule sets and settings.
 *
 * - An assessment is stored as computed and read back whole (findings included), or its head alone
 *   (rule set and counts); its `seq` is given by storage and grows. `currentFor` is the one with
 *   the latest asOf, ties broken by the most recently stored. `currentCodes` reads level, score and
 *   codes from the records' current assessment (`identity.offerAssessment`), leaving out records
 *   never assessed.
 * - A rule-set version is stored once and never overwritten: `insertRuleSet` answers false for a
 *   version that exists. `ruleSets` lists them oldest first, ties by version.
 * - A setting holds one value per key; setting it again replaces it.
 */
import { RULE_SET_V1 } from '../../src/detection/rule-set.js';
import { type ContractGroup, inOrder } from './harness.js';
import { assessmentRow, complainantRow, DAY, finding, T0 } from './factories.js';

export const assessmentsContract: ContractGroup = (t, fresh) => {
  t.test('assessments: stored whole, read by seq; the current one is the latest asOf, then the latest stored', async (t) => {
    const { store } = await fresh(t);
    const rich = assessmentRow('p_a', {
      asOf: T0 + 2 * DAY,
      score: 85,
      level: 'review',
      findings: [finding('BURST', 25), finding('PUNITIVE_DEMAND', 30), finding('TEMPLATE_SELF', 30)],
      counts: { d30: 12, d365: 40 },
      source: 'event',
      sourceId: 'e_9',
    });
    const rows = [
      assessmentRow('p_a', { asOf: T0 + DAY }),
      rich,
      assessmentRow('p_a', { asOf: T0, source: 'rescan', sourceId: 'r_1' }), // an earlier instant, stored later
      assessmentRow('p_b', { asOf: T0 + 2 * DAY, score: 10, level: 'none', findings: [] }),
    ];
    const seqs = await store.write((tx) => inOrder(rows, (r) => tx.assessments.insert(r)));
    t.ok(
      seqs.every((s, i) => i === 0 || s > seqs[i - 1]),
      'seq grows in storage order',
    );
    t.strictSame(await store.read.assessments.get(seqs[1]), { seq: seqs[1], ...rich }, 'every field, findings exactly as computed');
    t.equal(await store.read.assessments.get(9999), undefined);
    t.strictSame(
      await store.read.assessments.headOf(seqs[1]),
      { ruleSetVersion: rich.ruleSetVersion, counts: { d30: 12, d365: 40 } },
      'its head: rule set and counts',
    );
    t.equal(await store.read.assessments.headOf(9999), undefined);
    t.strictSame(
      (await store.read.assessments.bySeqs([seqs[3], seqs[0], 9999])).sort((a, b) => a.seq - b.seq),
      [
        { seq: seqs[0], ...rows[0] },
        { seq: seqs[3], ...rows[3] },
      ],
    );
    t.strictSame(await store.read.assessments.bySeqs([]), []);
    t.equal((await store.read.assessments.currentFor('p_a'))?.seq, seqs[1], 'the latest asOf, not the latest stored');
    const tie = await store.write((tx) => tx.assessments.insert(assessmentRow('p_a', { asOf: T0 + 2 * DAY, score: 86 })));
    t.equal((await store.read.assessments.currentFor('p_a'))?.seq, tie, 'an equal asOf: the most recently stored');
    t.equal(await store.read.assessments.currentFor('p_nobody'), undefined);
  });

  t.test("assessments: current codes come from each record's current assessment", async (t) => {
    const { store } = await fresh(t);
    await store.write(async (tx) => {
      for (const p of ['p_a', 'p_b', 'p_never']) await tx.identity.create(complainantRow(p));
      const a = await tx.assessments.insert(assessmentRow('p_a', { score: 70, level: 'review' }));
      await tx.identity.offerAssessment('p_a', { seq: a, asOf: T0, score: 70, level: 'review', codes: ['BURST', 'PUNITIVE_DEMAND'] });
      const b = await tx.assessments.insert(assessmentRow('p_b', { score: 0, level: 'none', findings: [] }));
      await tx.identity.offerAssessment('p_b', { seq: b, asOf: T0, score: 0, level: 'none', codes: [] });
    });
    t.strictSame(
      (await store.read.assessments.currentCodes(['p_a', 'p_b', 'p_never', 'p_nobody'])).sort((x, y) => x.complainantId.localeCompare(y.complainantId)),
      [
        { complainantId: 'p_a', level: 'review', score: 70, codes: ['BURST', 'PUNITIVE_DEMAND'] },
        { complainantId: 'p_b', level: 'none', score: 0, codes: [] },
      ],
      'records never assessed and unknown ids are left out',
    );
    t.strictSame(await store.read.assessments.currentCodes([]), []);
  });

  t.test('rule sets: a version is stored once and never overwritten; listed oldest first', async (t) => {
    const { store } = await fresh(t);
    const v1 = { version: 'v1', body: RULE_SET_V1, createdAt: T0, createdBy: 'system' };
    t.equal(await store.read.assessments.ruleSet('v1'), undefined);
    t.equal(
      await store.write((tx) =>
        tx.assessments.insertRuleSet({ version: 'v9', body: { version: 'v9', weights: { BURST: 1 } }, createdAt: T0 + 1, createdBy: 'admin-1' }),
      ),
      true,
    );
    t.equal(await store.write((tx) => tx.assessments.insertRuleSet(v1)), true, 'a new version is stored');
    t.equal(
      await store.write((tx) => tx.assessments.insertRuleSet({ ...v1, body: { changed: true }, createdBy: 'mallory' })),
      false,
      'an existing version is not',
    );
    t.strictSame(await store.read.assessments.ruleSet('v1'), JSON.parse(JSON.stringify(v1)), 'the first body stays, exactly');
    t.equal(await store.write((tx) => tx.assessments.insertRuleSet({ version: 'v2', body: {}, createdAt: T0 + 1, createdBy: 'admin-1' })), true);
    t.strictSame(
      (await store.read.assessments.ruleSets()).map((r) => r.version),
      ['v1', 'v2', 'v9'],
      'oldest first, ties by version',
    );
  });

  t.test('settings: one value per key, replaced when set again', async (t) => {
    const { store } = await fresh(t);
    t.equal(await store.read.assessments.setting('activeRuleSet'), undefined);
    await store.write(async (tx) => {
      await tx.assessments.setSetting('activeRuleSet', 'v1');
      await tx.assessments.setSetting('other', '');
    });
    t.equal(await store.read.assessments.setting('activeRuleSet'), 'v1');
    t.equal(await store.read.assessments.setting('other'), '', 'an empty value is a value');
    await store.write((tx) => tx.assessments.setSetting('activeRuleSet', 'v2'));
    t.equal(await store.read.assessments.setting('activeRuleSet'), 'v2');
  });
};
