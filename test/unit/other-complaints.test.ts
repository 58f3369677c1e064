/** What is held of other people's complaints answers as the database does, and an undone intake's seq is forgotten. */
import t from 'tap';
import { tempStore } from '../helpers/app.js';
import { OtherComplaintCache } from '../../src/detection/other-complaints.js';
import { DEFAULT_RULE_SET, SHIPPED_RULE_SETS } from '../../src/detection/rule-set.js';
import { deriveStoredFacts } from '../../src/detection/facts.js';
import { complaintRow } from '../contract/factories.js';

t.test('ids and external ids are read once, then held; a seq taken out and stored again gets its new id', async (t) => {
  const store = tempStore(t, 'sieve-ids-');
  const [a, b] = await store.write(async (tx) => [await tx.complaints.insert(complaintRow(1)), await tx.complaints.insert(complaintRow(2))]);
  const cache = new OtherComplaintCache(10);
  t.same(
    [...(await cache.idsOf(store.read, [a, b, 999]))],
    [
      [a, 'c_1'],
      [b, 'c_2'],
    ],
    'the stored ones, and no id made up for a seq not stored',
  );
  t.equal(cache.size.refs, 2, 'both held');
  t.same(
    [...(await cache.refsOf(store.read, [b, a]))],
    [
      [b, { id: 'c_2', externalId: 'ext-2' }],
      [a, { id: 'c_1', externalId: 'ext-1' }],
    ],
    'with their external ids, as an answer shows them',
  );

  // An intake undone after its seq was looked up: the seq is given to the next complaint.
  const undone = await store
    .write(async (tx) => {
      const seq = await tx.complaints.insert(complaintRow(3));
      await cache.idsOf(tx, [seq]);
      tx.onRollback(() => cache.forget(seq));
      throw new Error('undone');
    })
    .catch((e: Error) => e.message);
  t.equal(undone, 'undone');
  const again = await store.write((tx) => tx.complaints.insert(complaintRow(4)));
  t.equal(again, b + 1, 'the undone seq is used again');
  t.same([...(await cache.idsOf(store.read, [again]))], [[again, 'c_4']], 'and named by the complaint stored under it now');
  t.same([...(await cache.refsOf(store.read, [again]))], [[again, { id: 'c_4', externalId: 'ext-4' }]]);

  // Whether they seek profit, from their facts as the rule set's lexicon reads them.
  const facts = (text: string, amount?: number) => deriveStoredFacts({ text, purchase: { amount }, claim: {} });
  const [punitive, plain] = await store.write(async (tx) => [
    await tx.complaints.insert(complaintRow(5, { facts: facts('买到过期食品，要求退一赔十，十倍赔偿。', 1000) })),
    await tx.complaints.insert(complaintRow(6, { facts: facts('买到过期食品，要求退货退款。', 1000) })),
  ]);
  const v1 = SHIPPED_RULE_SETS[0];
  t.not(v1.version, DEFAULT_RULE_SET.version);
  for (const rs of [DEFAULT_RULE_SET, v1, DEFAULT_RULE_SET])
    t.same(
      [...(await cache.profitOf(store.read, [punitive, plain], rs))],
      [
        [punitive, true],
        [plain, false],
      ],
      `under ${rs.version}`,
    );

  const small = new OtherComplaintCache(1);
  await small.idsOf(store.read, [a, b]);
  t.equal(small.size.refs, 1, 'no more ids held than the bound');
});
