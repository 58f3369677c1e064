/**
 * How complainant profiles hold rows, events and pairs (detection/held-items.ts): each held item
 * answers exactly what was read, and equal parts are one shared instance. That profiles answer as
 * the database does is the differential test's (test/http/profiles-differential.test.ts).
 */
import t from 'tap';
import { deriveStoredFacts, factsView } from '../../src/detection/facts.js';
import { HeldPairs, HeldRow, holdEvent, Interner } from '../../src/detection/held-items.js';
import { regionOf, respondentForm, respondentKeys } from '../../src/detection/respondents.js';
import type { DetectionRow } from '../../src/storage/ports.js';

const TEXT = '该商品标签未标注生产日期，属于不符合食品安全标准的食品，要求退一赔十。';

function row(seq: number, text: string, selfMatches: DetectionRow['selfMatches'] = []): DetectionRow {
  return {
    seq,
    id: `c_${seq}`,
    externalId: `ext-${seq}`,
    complainantId: ['p_', 'a'].join(''), // built at run time: equal, not the same string
    kind: 'complaint',
    receivedAt: 1_767_000_000_000 + seq,
    respondentName: ['某某', '食品店'].join(''),
    respondentCreditCode: null,
    respondentRegion: null,
    purchaseAt: null,
    textHash: 'ab'.repeat(32),
    facts: JSON.parse(JSON.stringify(deriveStoredFacts({ text, purchase: { orderIds: [`o-${seq}`] } }))),
    selfMatches,
  };
}

t.test('a held row answers what was read, its facts as the lexicon asked for reads them', async (t) => {
  const pool = new Interner();
  const read = row(7, TEXT, [
    { seq: 3, similarity: 0.8125 },
    { seq: 5, similarity: 0.6 },
  ]);
  for (const lexicon of ['v1', 'v2'] as const) {
    const held = new HeldRow(read, lexicon, pool);
    const { facts, selfMatches, externalId: _externalId, textHash: _textHash, ...rest } = read;
    t.same(
      { ...held, facts: held.facts, selfMatches: held.selfMatches, matches: undefined },
      {
        ...rest,
        facts: factsView(facts, lexicon),
        selfMatches,
        matches: undefined,
        // Derived once when held, as history.ts would derive them at every assessment.
        respondentForm: respondentForm({ name: read.respondentName, creditCode: read.respondentCreditCode }),
        regionForm: regionOf(read.respondentRegion, read.respondentCreditCode),
      },
    );
    t.strictSame(held.selfMatches, selfMatches, 'links unpacked exactly, similarity included');
    const walked: Array<{ seq: number; similarity: number }> = [];
    held.eachMatch((seq, similarity) => walked.push({ seq, similarity }));
    t.strictSame(walked, selfMatches, 'links walked in order without unpacking them');
    t.notOk('byLexicon' in held.facts, 'no other lexicon’s facts are held');
    t.notOk('externalId' in held || 'textHash' in held, 'nor what only evidence bundles read');
  }
  const none = new HeldRow(row(8, TEXT), 'v2', pool);
  t.strictSame(none.selfMatches, [], 'no links');
  let calls = 0;
  none.eachMatch(() => calls++);
  t.equal(calls, 0, 'none walked');
});

t.test('equal parts of different rows are one instance; a complaint’s own values are not pooled', async (t) => {
  const pool = new Interner();
  const a = new HeldRow(row(1, TEXT), 'v2', pool);
  const b = new HeldRow(row(2, TEXT), 'v2', pool);
  t.ok(a.facts.punitive, 'the text demands punitive damages');
  t.equal(a.facts.punitive, b.facts.punitive, 'the punitive claim is shared');
  t.equal(a.facts.labelOrAd, b.facts.labelOrAd, 'the label phrases are shared');
  t.equal(a.complainantId, b.complainantId, 'the filer id is one string');
  t.not(a.facts.orderIds, b.facts.orderIds, 'order ids are each complaint’s own');
  const quoted = { phrases: ['货款650元'] };
  t.equal(pool.value(quoted), quoted);
  t.not(pool.value({ phrases: ['货款650元'] }), quoted, 'a phrase quoting an amount is never pooled');
});

t.test('a pool past its limit starts over and keeps sharing what comes after', async (t) => {
  const pool = new Interner(2);
  const first = pool.value(['甲']);
  pool.value(['乙']);
  pool.value(['丙']); // the limit: the pool starts over with this one
  t.not(pool.value(['甲']), first, 'forgotten');
  t.equal(pool.value(['丙']), pool.value(['丙']), 'still shared after starting over');
  t.ok(pool.size <= 4, `${pool.size} entries`);
  pool.clear();
  t.equal(pool.size, 0);
});

t.test('held pairs select and retain by their columns, answering the pairs as given', async (t) => {
  const given = [1, 2, 3, 4].map((i) => ({
    seq: i,
    otherSeq: 100 + i,
    similarity: 0.5 + i / 10,
    otherReceivedAt: 1_767_000_000_000 + i,
    otherComplainant: `p_${i % 2}`,
  }));
  const pairs = new HeldPairs(given, new Interner());
  t.equal(pairs.length, 4);
  t.strictSame(
    pairs.select(() => true),
    given,
  );
  t.strictSame(
    pairs.select((_s, _o, similarity) => similarity >= 0.7),
    given.slice(1),
  );
  t.equal(
    pairs.retain((seq) => seq % 2 === 0),
    2,
    'two dropped',
  );
  t.strictSame(
    pairs.select(() => true),
    [given[1], given[3]],
  );
  t.equal(
    pairs.retain(() => true),
    0,
    'none dropped',
  );
  t.strictSame(
    pairs.select(() => true),
    [given[1], given[3]],
    'nothing dropped: as before',
  );
  pairs.push(given[0]);
  t.equal(
    pairs.retain((seq) => seq !== 4),
    1,
    'the middle one dropped',
  );
  t.strictSame(
    pairs.select(() => true),
    [given[1], given[0]],
    'compacted in place, then pushed to: in order',
  );
  t.equal(pairs.length, 2);
  t.equal(
    pairs.retain(() => false),
    2,
  );
  t.strictSame(
    pairs.select(() => true),
    [],
  );
});

t.test('a held event keeps what detection reads, with its complaint id shared with the row', async (t) => {
  const complaintId = 'c_1';
  const e = holdEvent(
    { seq: 4, id: 'e_1', complaintId: ['c_', '1'].join(''), type: 'withdrawn', at: 1_767_000_000_000, amount: null, note: '撤回', createdAt: 1 },
    complaintId,
    new Interner(),
  );
  t.strictSame(e, { seq: 4, id: 'e_1', complaintId: 'c_1', type: 'withdrawn', at: 1_767_000_000_000 });
});

t.test('respondent keys from the forms held rows bring are the keys worked out from their names', async (t) => {
  const refs = [
    { name: '张三水果超市', creditCode: null },
    { name: '张三水果超市有限公司', creditCode: null }, // a variant of the one above
    { name: '另一家超市', creditCode: null },
    { name: '张三水果超市', creditCode: '91330603MA2BXXXX1X' }, // a code decides, whatever the name
    { name: 'Ｓｈｏｐ　Ａ', creditCode: null },
  ];
  const fromNames = respondentKeys(refs);
  t.strictSame(respondentKeys(refs.map((r) => ({ ...r, form: respondentForm(r) }))), fromNames);
  t.equal(fromNames[0], fromNames[1], 'variants grouped');
  t.not(fromNames[0], fromNames[3], 'a credit code is its own respondent');
  t.equal(new Set(fromNames).size, 4);
});
