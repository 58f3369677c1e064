/**
 * Rule set v2's level and score (docs/detection.md, "Rule set v2"): the level follows domain.md's
 * rule alone, weights grow with the evidence and never reach their cap, and v1 keeps its own logic.
 */
import t from 'tap';
import { assess, reviewConditions, scoreOf } from '../../src/detection/assess.js';
import { findingWeight } from '../../src/detection/indicators.js';
import { DEFAULT_RULE_SET, RULE_SET_V1, SHIPPED_RULE_SETS, lexiconOf, validateRuleSet } from '../../src/detection/rule-set.js';
import type { ComplaintFacts } from '../../src/detection/facts.js';
import type { HistoryComplaint } from '../../src/detection/types.js';

const v2 = DEFAULT_RULE_SET;
const DAY = 86_400_000;
const ASOF = Date.parse('2026-06-30T12:00:00+08:00');
const facts = (over: Partial<ComplaintFacts>): ComplaintFacts => ({
  punitive: null,
  paid: null,
  claimed: null,
  harm: null,
  labelOrAd: null,
  substantive: null,
  reward: null,
  threat: null,
  category: null,
  quantity: null,
  orderIds: [],
  productKey: null,
  ...over,
});
const punitiveLabel = facts({
  punitive: { multiple: '10x', source: 'text', phrases: ['十倍赔偿'] },
  labelOrAd: { kinds: ['label'], phrases: ['无中文标签'] },
});
const history = (n: number, spacingDays: number): HistoryComplaint[] =>
  Array.from({ length: n }, (_, i) => ({
    seq: i + 1,
    id: `c${i + 1}`,
    kind: 'complaint',
    receivedAt: ASOF - i * spacingDays * DAY,
    respondentKey: `r${i}`,
    respondentName: `商户${i}`,
    region: null,
    purchaseAt: null,
    facts: punitiveLabel,
  }));
const run = (complaints: HistoryComplaint[], rs = v2) => assess({ asOf: ASOF, complaints, events: [], nearDuplicates: [], sharedIdentifiers: [] }, rs);

t.test('v2 is shipped after v1, reads with lexicon v2, and is what a fresh database activates', async (t) => {
  t.same(
    SHIPPED_RULE_SETS.map((rs) => rs.version),
    ['v1', 'v2'],
  );
  t.equal(v2.version, 'v2');
  t.equal(lexiconOf(v2), 'v2');
  t.equal(lexiconOf(RULE_SET_V1), 'v1', 'a rule set that names no lexicon reads with v1');
  t.equal(v2.levels.review, undefined, 'no score threshold for review');
  t.ok(RULE_SET_V1.levels.review, 'v1 keeps its score threshold');
});

t.test('under v2 the level follows the rule whatever the score', async (t) => {
  // Three punitive, label-only claims a month apart: the rule holds (profit on 3 complaints, a
  // pattern finding), the score is low.
  const three = history(3, 30);
  const a2 = run(three);
  t.equal(a2.level, 'review');
  t.ok(a2.score < 50, `score ${a2.score} is below v1's review cut-off`);
  const a1 = run(three, RULE_SET_V1);
  t.not(a1.level, 'review', 'v1 still lets the score veto the rule');
  t.same(reviewConditions(a2.findings, v2), { profitComplaints: 3, otherClass: true, scoreNeeded: null });
  t.same(reviewConditions(a1.findings, RULE_SET_V1).scoreNeeded, 50);

  t.not(run(history(2, 30)).level, 'review', 'two profit complaints are not enough');
  t.not(run(history(3, 200)).level, 'review', 'three profit complaints spread over more than 365 days are not enough');
  const noOther = history(3, 30).map((c) => ({ ...c, facts: facts({ punitive: punitiveLabel.punitive }) }));
  t.not(run(noOther).level, 'review', 'profit findings alone are not enough');
});

t.test('under v2 weights and the score grow with the evidence, bounded', async (t) => {
  const w = (n: number) => findingWeight(v2, 'PUNITIVE_DEMAND', n);
  t.equal(w(1), v2.indicators.PUNITIVE_DEMAND.weight, 'one complaint weighs the base weight');
  for (let n = 1; n < 50; n++) t.ok(w(n + 1) > w(n), `${n + 1} complaints weigh more than ${n}`);
  t.ok(w(1000) <= v2.indicators.PUNITIVE_DEMAND.maxWeight, 'never above the cap');
  t.ok(run(history(16, 20)).score > run(history(3, 20)).score, 'sixteen punitive claims score above three');
  t.equal(findingWeight(RULE_SET_V1, 'PUNITIVE_DEMAND', 16), findingWeight(RULE_SET_V1, 'PUNITIVE_DEMAND', 7), 'v1 stops growing at its cap');

  const weights = (sum: number) => [{ weight: sum }] as never;
  t.equal(scoreOf(weights(0), v2), 0);
  t.ok(scoreOf(weights(400), v2) > scoreOf(weights(200), v2), 'heavy filers keep apart');
  t.ok(scoreOf(weights(400), v2) <= 100);
  t.equal(scoreOf(weights(400), RULE_SET_V1), 100, 'v1 caps the sum at 100');
});

t.test('rule-set validation accepts an optional review score and checks scoring and lexicon', async (t) => {
  const ok = validateRuleSet(structuredClone(v2));
  t.ok(ok.ok);
  const badLexicon = validateRuleSet({ ...structuredClone(v2), lexicon: 'v9' });
  t.notOk(badLexicon.ok, 'only shipped lexicon versions');
  const badScale = validateRuleSet({ ...structuredClone(v2), scoring: { evidenceScale: 0, scoreScale: 100 } });
  t.notOk(badScale.ok);
  for (const id of ['toString', 'constructor', '__proto__']) {
    const rs = structuredClone(v2);
    rs.indicators.PUNITIVE_DEMAND.basis = [id];
    t.notOk(validateRuleSet(rs).ok, `a citation id "${id}" names no citation`);
  }
  const inverted = validateRuleSet({ ...structuredClone(RULE_SET_V1), levels: { watch: 60, review: 50 } });
  t.notOk(inverted.ok, 'watch above review is refused when review is given');
});
