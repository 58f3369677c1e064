/**
 * Registry entries, the allow-list and merges.
 *
 * - An entry reads back as written, its JSON parts (evidence, defences, measures, renewals) whole;
 *   `update` changes only the fields patched. A complainant has at most one open entry (a second
 *   is refused until the first is dismissed or removed).
 * - Orders: `latestFor` and `forComplainant` newest first (ties: the greater id); `page`, `all` and
 *   `inStates` newest first with ties by id ascending, and `page` continues after a
 *   (createdAt, id) cursor; `lastClosedFor` the latest closed; `expiredListings(now)` the listed
 *   entries whose term ends at or before `now`, soonest first; `countDecisionsDue(now)` the
 *   notified entries whose deadline is before `now`.
 * - `page` filters, all of them holding together: `state`; `states` (any of these; none given
 *   matches nothing); `complainantId`; `heldBy` (who holds the entry's review: stored with the
 *   entry, patched by `update`, null when nobody does); `deadlineBefore` (deadline strictly before)
 *   and `deadlineFrom` (deadline at or after) — an entry without a deadline matches neither.
 * - Allow-list: `revokeAllow` revokes once (true), then answers false. `allowlist({activeAt})` is
 *   the entries not revoked and unexpired at `activeAt`, newest first. `allowedAt(ids, at,
 *   recordedBy)` reads the list as it stood at `recordedBy` — entries made by then and not yet
 *   revoked by then — and keeps those still unexpired at `at`.
 * - A merge reads back as written; `undoMerge` records who undid it, when and why.
 * - `mergeGeneration` changes with every merge made or undone (seen inside the transaction that
 *   made it, and by readers once committed), comes back to what it was when that transaction is
 *   undone, and never repeats an earlier value otherwise.
 */
import { RULE_SET_V1 } from '../../src/detection/rule-set.js';
import { type EntryRecord, type EvidenceBundle, newEntry } from '../../src/registry/entry.js';
import type { RegistryState } from '../../src/registry/state-machine.js';
import type { ContractGroup } from './harness.js';
import { allowRow, DAY, finding, mergeRow, T0 } from './factories.js';

const evidence: EvidenceBundle = {
  frozenAt: '2026-03-05T10:00:00+08:00',
  frozenBy: 'rev-alice',
  asOf: '2026-03-05T00:00:00+08:00',
  ruleSetVersion: 'v1',
  ruleSet: RULE_SET_V1,
  score: 80,
  level: 'review',
  findings: [finding('BURST'), finding('PUNITIVE_DEMAND', 30)],
  complaints: [
    {
      id: 'c_1',
      externalId: 'ext-1',
      kind: 'complaint',
      receivedAt: '2026-03-02T08:00:00+08:00',
      respondent: '某某食品店',
      region: null,
      textSha256: 'ab'.repeat(32),
    },
  ],
  similarityPairs: [{ complaintId: 'c_1', otherComplaintId: 'c_2', similarity: 0.93, sameComplainant: true }],
  linkedIdentities: [{ via: 'phone', masked: '138****8000', complainantIds: ['p_a', 'p_b'], distinctIdNumbers: 2 }],
  maxComplaintSeq: 2,
};

const entry = (id: string, complainantId: string, state: RegistryState, createdAt: number, over: Partial<EntryRecord> = {}): EntryRecord =>
  newEntry({ id, complainantId, state, origin: 'automatic', createdAt, createdBy: 'system', ...over });

const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);

export const registryContract: ContractGroup = (t, fresh) => {
  t.test('registry: an entry reads back whole; updates change only what they patch; one open entry per complainant', async (t) => {
    const { store } = await fresh(t);
    const listed = entry('r_1', 'p_a', 'listed', T0, {
      origin: 'manual',
      createdBy: 'rev-alice',
      heldBy: 'rev-alice',
      updatedAt: T0 + 20 * DAY,
      proposedBy: 'rev-alice',
      proposedAt: T0 + DAY,
      approvedBy: 'sup-carol',
      approvedAt: T0 + 2 * DAY,
      deadline: T0 + 9 * DAY,
      defences: [{ at: T0 + 3 * DAY, by: 'rev-bob', text: '本人是正常消费者' }],
      decidedBy: 'sup-dan',
      decidedAt: T0 + 10 * DAY,
      decision: 'list',
      decisionReason: '证据充分',
      listedAt: T0 + 10 * DAY,
      expiresAt: T0 + 375 * DAY,
      measures: ['priority_identity_check', 'merged_handling'],
      evidence,
      renewals: [{ at: T0 + 20 * DAY, by: 'sup-carol', reason: '继续', evidence }],
      noticeHtml: '<p>告知书</p>',
    });
    await store.write((tx) => tx.registry.insert(listed));
    t.strictSame(await store.read.registry.get('r_1'), JSON.parse(JSON.stringify(listed)), 'every field, JSON parts whole');
    t.equal(await store.read.registry.get('r_nope'), undefined);

    await store.write((tx) => tx.registry.update('r_1', { state: 'removed', closedAt: T0 + 30 * DAY, closedSeq: 7, updatedAt: T0 + 30 * DAY }));
    t.strictSame(
      await store.read.registry.get('r_1'),
      JSON.parse(JSON.stringify({ ...listed, state: 'removed', closedAt: T0 + 30 * DAY, closedSeq: 7, updatedAt: T0 + 30 * DAY })),
      'only the patched fields change',
    );

    await store.write((tx) => tx.registry.insert(entry('r_2', 'p_a', 'flagged', T0 + 31 * DAY)));
    await t.rejects(
      store.write((tx) => tx.registry.insert(entry('r_3', 'p_a', 'under_review', T0 + 32 * DAY))),
      'a second open entry is refused',
    );
    await t.rejects(
      store.write((tx) => tx.registry.insert(entry('r_2', 'p_b', 'flagged', T0))),
      'an id is stored once',
    );
    await store.write((tx) => tx.registry.update('r_2', { state: 'dismissed', closedAt: T0 + 33 * DAY }));
    await store.write((tx) => tx.registry.insert(entry('r_3', 'p_a', 'flagged', T0 + 34 * DAY)));
    t.strictSame(await store.read.registry.openFor('p_a'), { id: 'r_3', state: 'flagged' }, 'open again once the others are closed');
  });

  t.test("registry: a complainant's latest, open and last closed entries", async (t) => {
    const { store } = await fresh(t);
    await store.write(async (tx) => {
      await tx.registry.insert(entry('r_1', 'p_a', 'dismissed', T0, { closedAt: T0 + 5 * DAY }));
      await tx.registry.insert(entry('r_2', 'p_a', 'removed', T0 + DAY, { closedAt: T0 + 3 * DAY }));
      await tx.registry.insert(entry('r_0', 'p_a', 'dismissed', T0 + DAY, { closedAt: T0 + 4 * DAY }));
      await tx.registry.insert(entry('r_3', 'p_b', 'flagged', T0 + 9 * DAY));
    });
    t.strictSame(await store.read.registry.latestFor('p_a'), { id: 'r_2', state: 'removed' }, 'newest; a tie goes to the greater id');
    t.equal(await store.read.registry.openFor('p_a'), undefined, 'closed entries are not open');
    t.strictSame(await store.read.registry.openFor('p_b'), { id: 'r_3', state: 'flagged' });
    t.equal((await store.read.registry.lastClosedFor('p_a'))?.id, 'r_1', 'the latest closed, not the latest created');
    t.equal(await store.read.registry.lastClosedFor('p_b'), undefined);
    t.strictSame(ids(await store.read.registry.forComplainant('p_a')), ['r_2', 'r_0', 'r_1']);
    t.strictSame(await store.read.registry.forComplainant('p_nobody'), []);
    t.equal(await store.read.registry.latestFor('p_nobody'), undefined);
  });

  t.test('registry: pages newest first after a cursor; counts, due decisions, expired listings, entries in states', async (t) => {
    const { store } = await fresh(t);
    await store.write(async (tx) => {
      await tx.registry.insert(entry('r_1', 'p_1', 'flagged', T0));
      await tx.registry.insert(entry('r_2', 'p_2', 'listed', T0 + 1, { expiresAt: T0 + 10 * DAY }));
      await tx.registry.insert(entry('r_3', 'p_3', 'notified', T0 + 1, { deadline: T0 + 5 * DAY }));
      await tx.registry.insert(entry('r_4', 'p_4', 'dismissed', T0 + 2));
      await tx.registry.insert(entry('r_5', 'p_5', 'flagged', T0));
      await tx.registry.insert(entry('r_6', 'p_6', 'listed', T0 - 1, { expiresAt: T0 + 8 * DAY }));
      await tx.registry.insert(entry('r_7', 'p_7', 'notified', T0 - 1)); // no deadline yet
    });
    const page = async (q: Parameters<typeof store.read.registry.page>[0]) => ids(await store.read.registry.page(q));
    t.strictSame(await page({ limit: 10 }), ['r_4', 'r_2', 'r_3', 'r_1', 'r_5', 'r_6', 'r_7'], 'newest first, ties by id');
    t.strictSame(await page({ limit: 2 }), ['r_4', 'r_2']);
    t.strictSame(await page({ limit: 2, after: { createdAt: T0 + 1, id: 'r_2' } }), ['r_3', 'r_1'], 'after the cursor');
    t.strictSame(await page({ limit: 2, after: { createdAt: T0, id: 'r_1' } }), ['r_5', 'r_6']);
    t.strictSame(await page({ limit: 2, after: { createdAt: T0 - 1, id: 'r_7' } }), []);
    t.strictSame(await page({ limit: 10, state: 'flagged' }), ['r_1', 'r_5']);
    t.strictSame(await page({ limit: 10, state: 'flagged', after: { createdAt: T0, id: 'r_1' } }), ['r_5']);
    t.strictSame(await page({ limit: 10, complainantId: 'p_3' }), ['r_3']);

    t.strictSame(
      (await store.read.registry.countByState()).sort((a, b) => a.state.localeCompare(b.state)),
      [
        { state: 'dismissed', n: 1 },
        { state: 'flagged', n: 2 },
        { state: 'listed', n: 2 },
        { state: 'notified', n: 2 },
      ],
    );
    t.equal(await store.read.registry.countDecisionsDue(T0 + 5 * DAY), 0, 'not due at its deadline');
    t.equal(await store.read.registry.countDecisionsDue(T0 + 5 * DAY + 1), 1, 'due after it; no deadline is never due');
    t.strictSame(ids(await store.read.registry.expiredListings(T0 + 8 * DAY - 1)), []);
    t.strictSame(ids(await store.read.registry.expiredListings(T0 + 8 * DAY)), ['r_6'], 'expired at its end');
    t.strictSame(ids(await store.read.registry.expiredListings(T0 + 99 * DAY)), ['r_6', 'r_2'], 'soonest first');
    t.strictSame(ids(await store.read.registry.inStates(['flagged', 'listed'], ['p_1', 'p_2', 'p_5', 'p_3'])), ['r_2', 'r_1', 'r_5']);
    t.strictSame(await store.read.registry.inStates(['flagged'], []), []);
    t.strictSame(ids(await store.read.registry.all(['flagged', 'notified'])), ['r_3', 'r_1', 'r_5', 'r_7']);
  });

  t.test('registry: pages filtered by states, holder and defence deadline, together and after a cursor', async (t) => {
    const { store } = await fresh(t);
    await store.write(async (tx) => {
      await tx.registry.insert(entry('r_1', 'p_1', 'notified', T0 + 6, { heldBy: 'rev-alice', deadline: T0 + 5 * DAY }));
      await tx.registry.insert(entry('r_2', 'p_2', 'notified', T0 + 5, { heldBy: 'rev-bob', deadline: T0 + 5 * DAY - 1 }));
      await tx.registry.insert(entry('r_3', 'p_3', 'notified', T0 + 4, { heldBy: 'rev-alice' })); // no deadline
      await tx.registry.insert(entry('r_4', 'p_4', 'under_review', T0 + 3, { heldBy: 'rev-alice' }));
      await tx.registry.insert(entry('r_5', 'p_5', 'flagged', T0 + 2));
      await tx.registry.insert(entry('r_6', 'p_6', 'dismissed', T0 + 1, { heldBy: 'rev-alice', deadline: T0 + 9 * DAY }));
      await tx.registry.insert(entry('r_7', 'p_7', 'listed', T0, { heldBy: 'rev-alice', deadline: T0 + 9 * DAY }));
    });
    const page = async (q: Omit<Parameters<typeof store.read.registry.page>[0], 'limit'>, limit = 10) => ids(await store.read.registry.page({ ...q, limit }));
    t.equal((await store.read.registry.get('r_1'))?.heldBy, 'rev-alice', 'the holder is stored');
    t.equal((await store.read.registry.get('r_5'))?.heldBy, null, 'nobody holds an unclaimed flag');

    t.strictSame(await page({ states: ['notified', 'under_review'] }), ['r_1', 'r_2', 'r_3', 'r_4'], 'any of the states, newest first');
    t.strictSame(await page({ states: ['notified', 'under_review'] }, 2), ['r_1', 'r_2']);
    t.strictSame(await page({ states: ['notified', 'under_review'], after: { createdAt: T0 + 5, id: 'r_2' } }, 2), ['r_3', 'r_4'], 'after the cursor');
    t.strictSame(await page({ states: [] }), [], 'none of no states');
    t.strictSame(await page({ state: 'notified', states: ['notified', 'flagged'] }), ['r_1', 'r_2', 'r_3'], 'state and states both hold');
    t.strictSame(await page({ state: 'listed', states: ['notified'] }), []);

    t.strictSame(await page({ heldBy: 'rev-alice' }), ['r_1', 'r_3', 'r_4', 'r_6', 'r_7'], "one holder's");
    t.strictSame(await page({ heldBy: 'rev-alice', after: { createdAt: T0 + 3, id: 'r_4' } }, 2), ['r_6', 'r_7']);
    t.strictSame(await page({ heldBy: 'rev-alice', states: ['flagged', 'under_review', 'proposed', 'notified', 'listed'] }), ['r_1', 'r_3', 'r_4', 'r_7']);
    t.strictSame(await page({ heldBy: 'rev-carol' }), []);

    t.strictSame(await page({ deadlineBefore: T0 + 5 * DAY }), ['r_2'], 'strictly before; no deadline never matches');
    t.strictSame(await page({ deadlineFrom: T0 + 5 * DAY }), ['r_1', 'r_6', 'r_7'], 'at or after');
    t.strictSame(await page({ states: ['notified'], deadlineFrom: T0 + 5 * DAY - 1 }), ['r_1', 'r_2']);
    t.strictSame(await page({ states: ['notified'], deadlineBefore: T0 + 5 * DAY + 1, deadlineFrom: T0 + 5 * DAY }), ['r_1'], 'both bounds');
    t.strictSame(await page({ states: ['notified'], heldBy: 'rev-bob', deadlineBefore: T0 + 9 * DAY, complainantId: 'p_2' }), ['r_2'], 'every filter at once');
    t.strictSame(await page({ states: ['notified'], heldBy: 'rev-bob', complainantId: 'p_1' }), []);

    await store.write(async (tx) => {
      await tx.registry.update('r_5', { heldBy: 'rev-bob', state: 'under_review' });
      await tx.registry.update('r_2', { heldBy: null });
    });
    t.strictSame(await page({ heldBy: 'rev-bob' }), ['r_5'], 'a claim patches the holder; a release clears it');
    t.equal((await store.read.registry.get('r_2'))?.heldBy, null);
  });

  t.test('allow-list: revoked once; active at an instant; in force at an instant as recorded by another', async (t) => {
    const { store } = await fresh(t);
    const a1 = allowRow('a_1', 'p_a', { expiresAt: T0 + 30 * DAY });
    const a2 = allowRow('a_2', 'p_a', { createdAt: T0 + 10 * DAY, expiresAt: T0 + 20 * DAY });
    const a3 = allowRow('a_3', 'p_b', { createdAt: T0 + 5 * DAY, expiresAt: T0 + 6 * DAY });
    await store.write(async (tx) => {
      for (const a of [a1, a2, a3]) await tx.registry.insertAllow(a);
    });
    t.strictSame(await store.read.registry.getAllow('a_2'), a2);
    t.equal(await store.read.registry.getAllow('a_nope'), undefined);
    await t.rejects(
      store.write((tx) => tx.registry.insertAllow(a1)),
      'an id is stored once',
    );

    t.equal(await store.write((tx) => tx.registry.revokeAllow('a_2', T0 + 15 * DAY, 'sup-dan')), true);
    t.equal(await store.write((tx) => tx.registry.revokeAllow('a_2', T0 + 16 * DAY, 'sup-carol')), false, 'not revoked twice');
    t.equal(await store.write((tx) => tx.registry.revokeAllow('a_nope', T0, 'sup-carol')), false);
    t.strictSame(await store.read.registry.getAllow('a_2'), { ...a2, revokedAt: T0 + 15 * DAY, revokedBy: 'sup-dan' }, 'the first revocation stays');

    t.strictSame(ids(await store.read.registry.allowlist({})), ['a_2', 'a_3', 'a_1'], 'all, newest first');
    t.strictSame(ids(await store.read.registry.allowlist({ activeAt: T0 + 5 * DAY })), ['a_3', 'a_1'], 'revoked ones are not active');
    t.strictSame(ids(await store.read.registry.allowlist({ activeAt: T0 + 6 * DAY })), ['a_1'], 'not active at its expiry');

    const allowed = async (at: number, recordedBy: number) => ids(await store.read.registry.allowedAt(['p_a', 'p_b'], at, recordedBy)).sort();
    t.strictSame(await allowed(T0 + 12 * DAY, T0 + 12 * DAY), ['a_1', 'a_2'], 'revoked only later: in force as recorded then');
    t.strictSame(await allowed(T0 + 12 * DAY, T0 + 15 * DAY), ['a_1'], 'revoked by the time of recording');
    t.strictSame(await allowed(T0 + 12 * DAY, T0 + 10 * DAY - 1), ['a_1'], 'not yet made at the time of recording');
    t.strictSame(await allowed(T0 + 5 * DAY, T0 + 5 * DAY), ['a_1', 'a_3'], 'made at the time of recording counts');
    t.strictSame(await allowed(T0 + 6 * DAY, T0 + 6 * DAY), ['a_1'], 'expired at `at`');
    t.strictSame(await store.read.registry.allowedAt([], T0, T0), []);
  });

  t.test('merges: read back as written; undone with who, when and why', async (t) => {
    const { store } = await fresh(t);
    const m = mergeRow('m_1', 'p_a', 'p_b', {
      moved: [
        { id: 'p_b', previous: null },
        { id: 'p_c', previous: 'p_b' },
      ],
    });
    await store.write((tx) => tx.registry.insertMerge(m));
    t.strictSame(await store.read.registry.getMerge('m_1'), m);
    t.equal(await store.read.registry.getMerge('m_nope'), undefined);
    await t.rejects(
      store.write((tx) => tx.registry.insertMerge(m)),
      'an id is stored once',
    );
    await store.write((tx) => tx.registry.undoMerge('m_1', T0 + DAY, 'sup-carol', '并非同一人'));
    t.strictSame(await store.read.registry.getMerge('m_1'), { ...m, undoneAt: T0 + DAY, undoneBy: 'sup-carol', undoReason: '并非同一人' });
  });

  t.test('merges: the generation moves with every merge made or undone, and back with an undone transaction', async (t) => {
    const { store } = await fresh(t);
    const seen = [await store.read.registry.mergeGeneration()];
    await store.write(async (tx) => {
      await tx.registry.insertMerge(mergeRow('m_1', 'p_a', 'p_b'));
      seen.push(await tx.registry.mergeGeneration());
    });
    t.equal(await store.read.registry.mergeGeneration(), seen[1], 'readers see the committed merge');
    await t.rejects(
      store.write(async (tx) => {
        await tx.registry.insertMerge(mergeRow('m_2', 'p_a', 'p_c'));
        t.not(await tx.registry.mergeGeneration(), seen[1], 'the transaction sees its own merge');
        throw new Error('undone');
      }),
    );
    t.equal(await store.read.registry.mergeGeneration(), seen[1], 'an undone merge leaves it as it was');
    await store.write((tx) => tx.registry.undoMerge('m_1', T0 + DAY, 'sup-carol', '并非同一人'));
    seen.push(await store.read.registry.mergeGeneration());
    await store.write((tx) => tx.registry.insertMerge(mergeRow('m_3', 'p_a', 'p_d')));
    seen.push(await store.read.registry.mergeGeneration());
    await store.write((tx) => tx.registry.getMerge('m_3'));
    t.equal(await store.read.registry.mergeGeneration(), seen[3], 'reading a merge does not move it');
    t.equal(new Set(seen).size, seen.length, `every change made a new generation: ${seen.join(', ')}`);
  });
};
