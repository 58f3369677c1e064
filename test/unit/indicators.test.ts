/**
 * Indicators, scoring and levels as pure functions of a history (no database): positive and
 * negative cases per indicator, the level rules, time windows and legal basis by date.
 */
import t from 'tap';
import { assess } from '../../src/detection/assess.js';
import { RULE_SET_V1 as rs } from '../../src/detection/rule-set.js';
import type { ComplaintFacts } from '../../src/detection/facts.js';
import type { AssessmentInput, Finding, HistoryComplaint, HistoryEvent, NearDuplicate, SharedIdentifier } from '../../src/detection/types.js';

const DAY = 86_400_000;
const ASOF = Date.parse('2026-06-30T12:00:00+08:00');

const noFacts: ComplaintFacts = {
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
};

let seq = 0;
function c(daysAgo: number, over: Omit<Partial<HistoryComplaint>, 'facts'> & { facts?: Partial<ComplaintFacts> } = {}): HistoryComplaint {
  seq += 1;
  return {
    seq,
    id: `c${seq}`,
    kind: 'complaint',
    receivedAt: ASOF - daysAgo * DAY,
    respondentKey: `r${seq}`,
    respondentName: `商户${seq}`,
    region: null,
    purchaseAt: null,
    ...over,
    facts: { ...noFacts, ...over.facts },
  };
}

const punitive = { punitive: { multiple: '10x' as const, source: 'text' as const, phrases: ['十倍赔偿'] } };

function run(
  complaints: HistoryComplaint[],
  extra: { events?: HistoryEvent[]; nearDuplicates?: NearDuplicate[]; sharedIdentifiers?: SharedIdentifier[]; asOf?: number } = {},
) {
  const input: AssessmentInput = {
    asOf: extra.asOf ?? ASOF,
    complaints,
    events: extra.events ?? [],
    nearDuplicates: extra.nearDuplicates ?? [],
    sharedIdentifiers: extra.sharedIdentifiers ?? [],
  };
  return assess(input, rs);
}
const find = (a: ReturnType<typeof run>, code: string): Finding | undefined => a.findings.find((f) => f.code === code);
const many = (n: number, make: (i: number) => HistoryComplaint) => Array.from({ length: n }, (_, i) => make(i));

t.test('VOLUME_YEAR counts complaints and reports in 365 days', async (t) => {
  t.notOk(find(run(many(9, (i) => c(i))), 'VOLUME_YEAR'), '9 is below the watch threshold');
  const ten = find(run(many(10, (i) => c(i * 30))), 'VOLUME_YEAR');
  t.match(ten, { weight: 10, evidence: { count: 10, threshold: 10, window: { days: 365 } } });
  t.equal(find(run(many(50, (i) => c(i * 7))), 'VOLUME_YEAR')!.weight, 20, 'strong from 50');
  t.notOk(find(run([...many(9, (i) => c(i)), c(400)]), 'VOLUME_YEAR'), 'older than the window does not count');
  t.notOk(find(run([...many(9, (i) => c(i)), c(1, { kind: 'litigation' })]), 'VOLUME_YEAR'), 'proceedings are not volume');
  t.notOk(find(run([...many(9, (i) => c(i)), c(-1)]), 'VOLUME_YEAR'), 'a complaint received after asOf does not count');
});

t.test('BURST: spread over respondents in 30 days, or three on one day', async (t) => {
  t.ok(find(run(many(5, (i) => c(i * 5))), 'BURST'), '5 in 30 days against 5 respondents');
  t.notOk(find(run(many(5, (i) => c(i * 5, { respondentKey: i % 2 ? 'a' : 'b' }))), 'BURST'), 'only two respondents');
  const sameDay = find(
    run([
      c(3, { receivedAt: Date.parse('2026-06-20T09:00:00+08:00') }),
      c(3, { receivedAt: Date.parse('2026-06-20T12:00:00+08:00') }),
      c(3, { receivedAt: Date.parse('2026-06-20T23:30:00+08:00') }),
    ]),
    'BURST',
  );
  t.match(sameDay, { evidence: { count: 3, detail: { trigger: 'same_day', day: '2026-06-20' } } });
  const acrossMidnight = run([
    c(0, { receivedAt: Date.parse('2026-06-20T23:00:00+08:00'), respondentKey: 'a' }),
    c(0, { receivedAt: Date.parse('2026-06-20T23:30:00+08:00'), respondentKey: 'a' }),
    c(0, { receivedAt: Date.parse('2026-06-21T00:30:00+08:00'), respondentKey: 'a' }),
  ]);
  t.notOk(find(acrossMidnight, 'BURST'), 'a calendar day is an Asia/Shanghai day');
});

t.test('MULTI_REGION: three respondent regions in 90 days', async (t) => {
  const regions = ['鹿城区', '瓯海区', '龙湾区'];
  t.match(find(run(many(3, (i) => c(i, { region: regions[i] }))), 'MULTI_REGION'), { evidence: { count: 3, regions: ['瓯海区', '鹿城区', '龙湾区'] } });
  t.notOk(find(run(many(3, (i) => c(i, { region: regions[i % 2] }))), 'MULTI_REGION'));
  t.notOk(find(run([c(1, { region: 'a' }), c(2, { region: 'b' }), c(100, { region: 'c' })]), 'MULTI_REGION'), 'outside 90 days');
});

function pair(a: HistoryComplaint, b: HistoryComplaint, similarity: number, over: Partial<NearDuplicate> = {}): NearDuplicate {
  return {
    complaintId: a.id,
    otherComplaintId: b.id,
    similarity,
    sameComplainant: true,
    otherReceivedAt: b.receivedAt,
    otherComplainantId: 'self',
    otherProfit: false,
    otherLinked: false,
    ...over,
  };
}

t.test('TEMPLATE_SELF: own near-duplicates against different respondents', async (t) => {
  const [a, b, d] = [c(1), c(2), c(3)];
  const hit = find(run([a, b, d], { nearDuplicates: [pair(a, b, 0.7), pair(a, d, 0.62)] }), 'TEMPLATE_SELF');
  t.match(hit, { evidence: { count: 3, respondents: 3, threshold: 0.5 } });
  t.equal(hit!.evidence.similarity![0].similarity, 0.7, 'pairs with their scores, best first');
  t.notOk(find(run([a, b, d], { nearDuplicates: [pair(a, b, 0.7), pair(a, d, 0.45)] }), 'TEMPLATE_SELF'), 'below the template threshold');
  const [x, y, z] = [c(1, { respondentKey: 'same' }), c(2, { respondentKey: 'same' }), c(3, { respondentKey: 'same' })];
  t.notOk(find(run([x, y, z], { nearDuplicates: [pair(x, y, 0.9), pair(x, z, 0.9)] }), 'TEMPLATE_SELF'), 'repeating oneself to one shop is not a template');
  const upheld: HistoryEvent = { id: 'e1', complaintId: d.id, type: 'upheld', at: ASOF - DAY };
  t.notOk(find(run([a, b, d], { nearDuplicates: [pair(a, b, 0.7), pair(a, d, 0.62)], events: [upheld] }), 'TEMPLATE_SELF'), 'an upheld complaint is excluded');
});

t.test('TEMPLATE_RING: others using the same text — unless it is one real problem', async (t) => {
  const mine = c(2);
  const o1 = c(3);
  const o2 = c(4);
  const other = (o: HistoryComplaint, over: Partial<NearDuplicate> = {}) =>
    pair(mine, o, 0.8, { sameComplainant: false, otherComplainantId: `p-${o.id}`, ...over });
  t.notOk(find(run([mine], { nearDuplicates: [other(o1), other(o2)] }), 'TEMPLATE_RING'), 'collective complaints about one problem are not a ring');
  t.match(find(run([mine], { nearDuplicates: [other(o1, { otherProfit: true }), other(o2, { otherProfit: true })] }), 'TEMPLATE_RING'), {
    evidence: { count: 2, otherComplainants: 2 },
  });
  t.notOk(find(run([mine], { nearDuplicates: [other(o1, { otherProfit: true }), other(o2)] }), 'TEMPLATE_RING'), 'one profit-seeking match is not two');
  t.ok(find(run([c(2, { facts: punitive, id: mine.id })], { nearDuplicates: [other(o1), other(o2)] }), 'TEMPLATE_RING'), 'own demand is profit-seeking');
  t.ok(find(run([mine], { nearDuplicates: [other(o1, { otherLinked: true }), other(o2, { otherLinked: true })] }), 'TEMPLATE_RING'), 'linked identities');
  t.notOk(
    find(
      run([mine], { nearDuplicates: [other(o1, { otherProfit: true }), other(o2, { otherProfit: true, otherReceivedAt: ASOF - 40 * DAY })] }),
      'TEMPLATE_RING',
    ),
    'outside 30 days',
  );
});

t.test('profit indicators', async (t) => {
  const p = find(run([c(1, { facts: punitive }), c(2, { facts: punitive })]), 'PUNITIVE_DEMAND');
  t.match(p, { class: 'profit', weight: 10, evidence: { count: 2, phrases: [{ phrase: '十倍赔偿', complaints: 2 }], detail: { multiples: { '10x': 2 } } } });

  // Held profiles share one phrase list among many complaints: each complaint still counts once per
  // phrase, whether its list is shared, its own, or names a phrase twice.
  const shared = ['十倍赔偿', '退一赔十'];
  const demand = (phrases: string[]) => ({ punitive: { multiple: '10x' as const, source: 'text' as const, phrases } });
  const counted = find(
    run([
      c(1, { facts: demand(shared) }),
      c(2, { facts: demand(shared) }),
      c(3, { facts: demand(['退一赔十', '退一赔十', '假一赔十']) }),
      c(4, { facts: demand([]) }),
    ]),
    'PUNITIVE_DEMAND',
  );
  t.same(
    counted?.evidence.phrases,
    [
      { phrase: '退一赔十', complaints: 3 },
      { phrase: '十倍赔偿', complaints: 2 },
      { phrase: '假一赔十', complaints: 1 },
    ],
    'phrases counted by complaint, most frequent first',
  );

  const tiny = (f: Partial<ComplaintFacts>) => find(run([c(1, { facts: f })]), 'TINY_PURCHASE_BIG_CLAIM');
  t.ok(tiny({ paid: 1200, claimed: 100_000 }), '¥12 paid, ¥1,000 claimed');
  t.notOk(tiny({ paid: 6000, claimed: 100_000 }), 'over ¥50 paid');
  t.notOk(tiny({ paid: 1200, claimed: 100_000, harm: { source: 'text', phrases: ['腹泻'] } }), 'harm was claimed');
  t.notOk(tiny({ paid: 1200, claimed: 2400 }), 'a claim of twice the price');
  t.match(tiny({ paid: 1200, claimed: null, ...punitive }), { evidence: { detail: { amounts: [{ impliedByStatutoryFloor: true }] } } }, '10× implied');

  t.ok(find(run([c(1, { facts: { quantity: 20, category: 'health_food' } })]), 'BULK_OR_SPLIT'), '20 boxes of health food');
  t.notOk(find(run([c(1, { facts: { quantity: 2, category: 'health_food' } })]), 'BULK_OR_SPLIT'));
  const split = (n: number) =>
    run(many(n, (i) => c(i * 3, { respondentKey: 'shop', purchaseAt: ASOF - (i * 3 + 1) * DAY, facts: { productKey: '黄芪饼干', orderIds: [`o${i}`] } })));
  t.ok(find(split(3), 'BULK_OR_SPLIT'), 'three orders of one product from one shop in 30 days');
  t.notOk(find(split(2), 'BULK_OR_SPLIT'), 'two orders');
  t.ok(find(run([c(1, { facts: { orderIds: ['a', 'b', 'c'] } })]), 'BULK_OR_SPLIT'), 'one complaint covering three orders');

  const earlier = c(60, { respondentKey: 'shop' });
  const again = c(10, { respondentKey: 'shop', purchaseAt: ASOF - 12 * DAY });
  const settled: HistoryEvent = { id: 'e-set', complaintId: earlier.id, type: 'settled', at: ASOF - 50 * DAY };
  t.match(find(run([earlier, again], { events: [settled] }), 'REPEAT_AFTER_PAYOUT'), {
    evidence: { complaintIds: [again.id], events: [{ eventId: 'e-set' }] },
  });
  const purchases: Array<[string, Partial<ComplaintFacts>]> = [
    ['an amount paid', { paid: 1990 }],
    ['an order', { orderIds: ['o-1'] }],
    ['a product', { productKey: '黄芪饼干' }],
  ];
  for (const [what, facts] of purchases) {
    const bought = c(10, { respondentKey: 'shop', facts });
    t.ok(find(run([earlier, bought], { events: [settled] }), 'REPEAT_AFTER_PAYOUT'), `a purchase known by ${what}`);
  }
  // A resident reporting the same stall again after a settlement has bought nothing again.
  t.notOk(find(run([earlier, c(10, { respondentKey: 'shop' })], { events: [settled] }), 'REPEAT_AFTER_PAYOUT'), 'no purchase in the new complaint');
  t.notOk(find(run([earlier, c(10, { purchaseAt: ASOF - 12 * DAY })], { events: [settled] }), 'REPEAT_AFTER_PAYOUT'), 'another shop');
  t.notOk(find(run([earlier, again], { events: [{ ...settled, at: ASOF - 5 * DAY }] }), 'REPEAT_AFTER_PAYOUT'), 'paid only after the new complaint');

  const withdrawals = (n: number, settle = true) => {
    const list = many(n, (i) => c(20 + i));
    const events = list.flatMap((x, i) => [
      ...(settle ? [{ id: `s${i}`, complaintId: x.id, type: 'settled', at: ASOF - 10 * DAY }] : []),
      { id: `w${i}`, complaintId: x.id, type: 'withdrawn', at: ASOF - 9 * DAY },
    ]);
    return run(list, { events });
  };
  t.match(find(withdrawals(3), 'WITHDRAW_AFTER_SETTLEMENT'), { evidence: { count: 3 } });
  t.notOk(find(withdrawals(2), 'WITHDRAW_AFTER_SETTLEMENT'), 'two');
  t.notOk(find(withdrawals(3, false), 'WITHDRAW_AFTER_SETTLEMENT'), 'withdrawn without a settlement');

  const reward = { reward: { source: 'text' as const, phrases: ['申请举报奖励'] } };
  t.ok(find(run(many(3, (i) => c(i, { kind: 'report', facts: reward }))), 'REWARD_SEEKING'));
  t.notOk(find(run(many(3, (i) => c(i, { kind: 'complaint', facts: reward }))), 'REWARD_SEEKING'), 'only reports count');

  const upheld = c(1, { facts: punitive });
  t.notOk(
    find(run([upheld], { events: [{ id: 'u', complaintId: upheld.id, type: 'upheld', at: ASOF - 1 }] }), 'PUNITIVE_DEMAND'),
    'an upheld complaint is not abuse',
  );
  t.ok(find(run([upheld], { events: [{ id: 'u', complaintId: upheld.id, type: 'upheld', at: ASOF + DAY }] }), 'PUNITIVE_DEMAND'), 'upheld only after asOf');
});

t.test('pattern, conduct, identity and context indicators', async (t) => {
  const label = { labelOrAd: { kinds: ['label' as const], phrases: ['无中文标签'] } };
  t.ok(find(run([c(1, { facts: label })]), 'LABEL_OR_AD_ONLY'));
  t.notOk(find(run([c(1, { facts: { ...label, substantive: ['变质'] } })]), 'LABEL_OR_AD_ONLY'), 'plus a real quality problem');
  t.notOk(find(run([c(1, { facts: { ...label, harm: { source: 'field', phrases: [] } } })]), 'LABEL_OR_AD_ONLY'), 'with harm');

  t.ok(find(run([c(1, { purchaseAt: ASOF - 2 * DAY })]), 'BUY_THEN_COMPLAIN'), 'within 48 h');
  t.notOk(find(run([c(1, { purchaseAt: ASOF - DAY - 49 * 3_600_000 })]), 'BUY_THEN_COMPLAIN'), '49 h');

  const threat = run([c(1, { facts: { threat: ['不私了就曝光'] } })]);
  t.match(find(threat, 'THREAT'), { weight: 0 });
  t.equal(threat.score, 0);
  t.equal(threat.level, 'watch', 'a threat raises the level to watch');

  t.match(
    find(run([c(1)], { sharedIdentifiers: [{ via: 'phone', masked: '138****0000', complainantIds: ['p2'], distinctIdNumbers: 2 }] }), 'SHARED_IDENTITY'),
    {
      class: 'identity',
      evidence: { count: 1, identifiers: [{ via: 'phone', masked: '138****0000' }] },
    },
  );
  t.notOk(find(run([c(1)], { sharedIdentifiers: [{ via: 'phone', masked: 'x', complainantIds: ['p2'], distinctIdNumbers: 1 }] }), 'SHARED_IDENTITY'));

  t.match(find(run(many(3, (i) => c(i, { kind: 'reconsideration' }))), 'PROCEEDINGS'), { class: 'context', weight: 3 });
  t.notOk(find(run(many(2, (i) => c(i, { kind: 'litigation' }))), 'PROCEEDINGS'));
});

t.test('levels: money-seeking separates abuse from diligence', async (t) => {
  const regions = ['鹿城区', '瓯海区', '龙湾区', '瑞安市'];
  const heavy = run(many(60, (i) => c(i * 5, { region: regions[i % 4] })));
  t.equal(heavy.level, 'watch', 'a heavy but genuine complainant reaches watch at most');
  t.ok(heavy.score >= rs.levels.watch);

  const firstTimer = run([
    c(1, { purchaseAt: ASOF - 2 * DAY, facts: { ...punitive, paid: 1200, claimed: 100_000, labelOrAd: { kinds: ['label'], phrases: ['标签'] } } }),
  ]);
  t.equal(firstTimer.level, 'none', 'one complaint never flags, whatever it demands');
  t.ok(firstTimer.findings.length >= 3, 'its findings are still recorded');

  const profitOnly = run(many(4, (i) => c(i * 40, { respondentKey: 'same', facts: punitive })));
  t.not(profitOnly.level, 'review', 'profit findings need a finding of another class');

  const weakOnly = run(
    many(3, (i) => c(i * 40, { respondentKey: 'same', purchaseAt: ASOF - i * 40 * DAY - DAY, facts: { ...punitive, paid: 1000, claimed: 100_000 } })),
  );
  t.ok(find(weakOnly, 'BUY_THEN_COMPLAIN'));
  t.not(weakOnly.level, 'review', 'buying shortly before complaining is never enough');

  const professional = many(5, (i) =>
    c(i * 2, { region: regions[i % 4], facts: { ...punitive, paid: 1200, claimed: 100_000, labelOrAd: { kinds: ['label'], phrases: ['无中文标签'] } } }),
  );
  const pro = run(professional);
  t.equal(pro.level, 'review');
  t.ok(pro.score >= rs.levels.review!);
  const twoProfit = run(professional.slice(0, 2));
  t.not(twoProfit.level, 'review', 'profit on two complaints is not enough under v1');
});

t.test('determinism and as-of', async (t) => {
  const history = many(12, (i) => c(i * 3, { region: ['a', 'b', 'c'][i % 3], facts: i % 2 ? punitive : {} }));
  t.same(run(history), run([...history].reverse()), 'input order does not matter');
  t.same(run(history), run(history), 'same input, same output');
  const earlier = run(history, { asOf: ASOF - 20 * DAY });
  t.ok(earlier.counts.d365 < history.length, 'a past asOf sees only what was received by then');
  t.same(run(history).counts, { d30: 10, d365: 12 });
});

t.test('findings cite the law in force on the complaint dates', async (t) => {
  const at = (iso: string) => (ASOF - Date.parse(iso) > 0 ? (ASOF - Date.parse(iso)) / DAY : 0);
  const basisOn = (iso: string) => find(run([c(at(iso), { facts: punitive })], { asOf: ASOF }), 'PUNITIVE_DEMAND')?.basis;
  const tiny = (iso: string) =>
    find(run([c(0, { receivedAt: Date.parse(iso), facts: { paid: 1000, claimed: 100_000 } })], { asOf: Date.parse(iso) }), 'TINY_PURCHASE_BIG_CLAIM')!.basis;
  t.match(tiny('2026-04-14T12:00:00+08:00'), /令第20号.*第十五条/, 'Order 20 until 14 April 2026');
  t.notMatch(tiny('2026-04-14T12:00:00+08:00'), /令第121号/);
  t.match(tiny('2026-04-15T12:00:00+08:00'), /令第121号.*第十六条/, 'Order 121 from 15 April 2026');
  t.match(basisOn('2026-06-01T00:00:00+08:00'), /食品安全法》第一百四十八条/);
  const old = find(
    run([c(0, { receivedAt: Date.parse('2019-06-01T12:00:00+08:00'), facts: { paid: 1000, claimed: 100_000 } })], {
      asOf: Date.parse('2019-06-02T00:00:00+08:00'),
    }),
    'TINY_PURCHASE_BIG_CLAIM',
  )!.basis;
  t.match(old, /食品安全法/, 'before 2020 only the statutes');
  t.notMatch(old, /令第|实施条例|法释/);
  const both = find(
    run(
      [
        c(0, { receivedAt: Date.parse('2026-04-01T12:00:00+08:00'), facts: { paid: 1000, claimed: 100_000 } }),
        c(0, { receivedAt: Date.parse('2026-05-01T12:00:00+08:00'), facts: { paid: 1000, claimed: 100_000 } }),
      ],
      { asOf: Date.parse('2026-05-02T00:00:00+08:00') },
    ),
    'TINY_PURCHASE_BIG_CLAIM',
  )!.basis;
  t.match(both, /令第20号/);
  t.match(both, /令第121号/);
  t.match(find(run(many(3, (i) => c(i, { kind: 'litigation' }))), 'PROCEEDINGS')!.basis, /仅作背景/);
});
