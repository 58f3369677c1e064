/**
 * The audit chain.
 *
 * - `append` (inside a write transaction) gives the record the next seq from 1, the previous
 *   record's hash (the genesis hash first), its own hash over seq and content, and a MAC under the
 *   store's audit key; it answers the record exactly as it is then read back. Optional fields left
 *   out read back as null (`data` as undefined). While the seal carries a refusal, appends fail
 *   with AUDIT_CHAIN_BROKEN and nothing is written.
 * - Reads in chain order: `page` (optionally one entity's) and `scan` after a seq, at most `limit`;
 *   `forEntity` all of one entity's; `head` the last record.
 * - `actorIdentity` (the provider's identity of a person signed in) is stored and read back as
 *   given, its optional parts included only when given; a record without one (left out, or null)
 *   reads back without the field, and its hash is the one records had before the field existed.
 *   An identity is covered by the hash. Appends made under `actAs(person)` whose actor is that
 *   person carry their identity unless the content says otherwise (an identity, or null for none).
 * - `seal` stores the MACs of records written before keys; `unauthenticated` counts records still
 *   without one (none, for records appended through the port with a key).
 */
import { createHash } from 'node:crypto';
import { actAs, auditHash, ChainChecker, GENESIS_HASH, type ActorIdentity, type AuditContent, type AuditRecord } from '../../src/registry/audit.js';
import { canonicalJson } from '../../src/shared/canonical.js';
import { DomainError } from '../../src/shared/errors.js';
import type { ContractGroup } from './harness.js';
import { T0 } from './factories.js';

const content = (i: number, entityId: string, over: Partial<AuditContent> = {}): AuditContent => ({
  entityType: 'registry_entry',
  entityId,
  action: i === 1 ? 'create' : 'claim',
  actor: 'rev-alice',
  at: T0 + i,
  ...over,
});

const seqs = (rows: AuditRecord[]) => rows.map((r) => r.seq);
const answered = (rows: AuditRecord[]) => rows.map((r) => ({ seq: r.seq, actorIdentity: r.actorIdentity ?? null, hash: r.hash, mac: r.mac }));

export const auditContract: ContractGroup = (t, fresh) => {
  t.test('audit: appends form a chain authenticated by the key, read back exactly as answered', async (t) => {
    const { store, seal } = await fresh(t);
    t.equal(await store.read.audit.head(), undefined, 'an empty chain has no head');
    const appended = await store.write(async (tx) => [
      await tx.audit.append(content(1, 'r_1', { fromState: null, toState: 'flagged', data: { score: 80, codes: ['BURST'] } })),
      await tx.audit.append(content(2, 'r_1', { reason: '开始审核', fromState: 'flagged', toState: 'under_review' })),
      await tx.audit.append(content(3, 'k_1', { entityType: 'api_key', action: 'create_key', actor: 'admin-1', data: { role: 'reviewer' } })),
    ]);
    t.strictSame(seqs(appended), [1, 2, 3], 'seq from 1, one by one');
    t.equal(appended[0].prevHash, GENESIS_HASH);
    t.equal(appended[1].prevHash, appended[0].hash);
    t.equal(appended[2].prevHash, appended[1].hash);
    const checker = new ChainChecker(seal.key);
    for (const r of await store.read.audit.scan(0, 100)) checker.add(r);
    t.strictSame(checker.problems, [], "each record's hash, predecessor and MAC under the store's key hold");
    t.equal(checker.checked, 3);
    t.strictSame(
      appended[1],
      {
        entityType: 'registry_entry',
        entityId: 'r_1',
        action: 'claim',
        actor: 'rev-alice',
        at: T0 + 2,
        reason: '开始审核',
        fromState: 'flagged',
        toState: 'under_review',
        seq: 2,
        prevHash: appended[0].hash,
        hash: appended[1].hash,
        mac: appended[1].mac,
      },
      'the content and its place in the chain',
    );
    t.match(appended[1].mac, /^[0-9a-f]{64}$/);
    t.strictSame(
      await store.read.audit.forEntity('r_1'),
      [
        { ...appended[0], reason: null },
        { ...appended[1], data: undefined },
      ],
      'read back as appended; optional fields left out are null (data undefined)',
    );
    t.strictSame(await store.read.audit.head(), { ...appended[2], reason: null, fromState: null, toState: null });
    t.equal(await store.read.audit.unauthenticated(), 0);
  });

  t.test('audit: pages and scans in chain order after a seq; one entity or all', async (t) => {
    const { store } = await fresh(t);
    await store.write(async (tx) => {
      for (let i = 1; i <= 7; i++) await tx.audit.append(content(i, i % 2 ? 'r_odd' : 'r_even'));
    });
    t.strictSame(seqs(await store.read.audit.page({ afterSeq: 0, limit: 3 })), [1, 2, 3]);
    t.strictSame(seqs(await store.read.audit.page({ afterSeq: 3, limit: 3 })), [4, 5, 6]);
    t.strictSame(seqs(await store.read.audit.page({ afterSeq: 6, limit: 3 })), [7]);
    t.strictSame(seqs(await store.read.audit.page({ entityId: 'r_odd', afterSeq: 1, limit: 2 })), [3, 5], "one entity's, after the seq");
    t.strictSame(seqs(await store.read.audit.page({ entityId: 'r_odd', afterSeq: 5, limit: 2 })), [7]);
    t.strictSame(seqs(await store.read.audit.page({ entityId: 'r_none', afterSeq: 0, limit: 2 })), []);
    t.strictSame(seqs(await store.read.audit.forEntity('r_even')), [2, 4, 6]);
    t.strictSame(seqs(await store.read.audit.scan(2, 4)), [3, 4, 5, 6]);
    t.strictSame(seqs(await store.read.audit.scan(7, 4)), []);
    t.equal((await store.read.audit.head())?.seq, 7);
  });

  t.test("audit: the actor's provider identity is stored and read back; a record without one hashes as before it existed", async (t) => {
    const { store, seal } = await fresh(t);
    const alice: ActorIdentity = { issuer: 'https://sso.example.gov.cn/realms/amr', subject: 'sub-1', name: '王小明', username: 'wangxm' };
    const bare: ActorIdentity = { issuer: 'https://sso.example.gov.cn/realms/amr', subject: 'sub-2' };
    const appended = await store.write(async (tx) => [
      await tx.audit.append(content(1, 'ss_1', { entityType: 'session', action: 'sign_in', actorIdentity: alice, data: { role: 'reviewer' } })),
      await tx.audit.append(content(2, 'ss_2', { entityType: 'session', action: 'sign_in', actor: 'rev-bob', actorIdentity: bare })),
      await tx.audit.append(content(3, 'r_1', { reason: '开始审核', fromState: 'flagged', toState: 'under_review' })),
      await tx.audit.append(content(4, 'r_1', { actorIdentity: null })),
    ]);
    const read = await store.read.audit.scan(0, 10);
    t.strictSame(read[0].actorIdentity, alice, 'stored whole');
    t.strictSame(read[1].actorIdentity, bare, 'optional parts not given stay absent');
    t.notOk('actorIdentity' in read[2], 'left out: absent');
    t.notOk('actorIdentity' in read[3], 'null: absent');
    t.strictSame(answered(appended), answered(read), 'each record answered with the identity and hash it is read back with');
    t.strictSame(await store.read.audit.forEntity('ss_1'), [read[0]]);
    t.strictSame(await store.read.audit.page({ entityId: 'ss_2', afterSeq: 0, limit: 5 }), [read[1]]);
    t.strictSame(await store.read.audit.head(), read[3]);

    // The hash as it was computed before identities existed: these fields, absent ones null.
    const before = (r: AuditRecord) =>
      createHash('sha256')
        .update(r.prevHash)
        .update('\n')
        .update(
          canonicalJson({
            seq: r.seq,
            entityType: r.entityType,
            entityId: r.entityId,
            action: r.action,
            actor: r.actor,
            at: r.at,
            reason: r.reason ?? null,
            fromState: r.fromState ?? null,
            toState: r.toState ?? null,
            data: r.data ?? null,
          }),
        )
        .digest('hex');
    t.equal(read[2].hash, before(read[2]), 'without an identity, the hash of old');
    t.equal(read[3].hash, before(read[3]), 'with a null one too');
    t.not(read[0].hash, before(read[0]), 'an identity is covered by the hash');
    const checker = new ChainChecker(seal.key);
    for (const r of read) checker.add(r);
    t.strictSame(checker.problems, [], 'the chain holds');
    t.not(
      auditHash(read[0].seq, read[0].prevHash, { ...read[0], actorIdentity: { ...alice, subject: 'sub-9' } }),
      read[0].hash,
      'another identity, another hash',
    );
  });

  t.test('audit: appends made acting as a signed-in person carry their identity when they are the actor', async (t) => {
    const { store } = await fresh(t);
    const alice = { name: 'rev-alice', identity: { issuer: 'https://sso.example.gov.cn/realms/amr', subject: 'sub-1', name: '王小明' } };
    const other: ActorIdentity = { issuer: 'https://sso.example.gov.cn/realms/amr', subject: 'sub-7' };
    const appended = await actAs(alice, () =>
      store.write(async (tx) => [
        await tx.audit.append(content(1, 'r_1')),
        await tx.audit.append(content(2, 'r_1', { actor: 'system' })),
        await tx.audit.append(content(3, 'r_1', { actorIdentity: other })),
        await tx.audit.append(content(4, 'r_1', { actorIdentity: null })),
      ]),
    );
    const read = await store.read.audit.forEntity('r_1');
    t.strictSame(read[0].actorIdentity, alice.identity, 'the acting person is the actor');
    t.notOk('actorIdentity' in read[1], 'another actor: none');
    t.strictSame(read[2].actorIdentity, other, 'an identity given wins');
    t.notOk('actorIdentity' in read[3], 'null given: none');
    t.strictSame(answered(appended), answered(read), 'answered as read back');
  });

  t.test('audit: seal stores MACs; a refusal in the seal stops appends', async (t) => {
    const { store, seal } = await fresh(t);
    const [first] = await store.write(async (tx) => [await tx.audit.append(content(1, 'r_1')), await tx.audit.append(content(2, 'r_1'))]);
    await store.write((tx) => tx.audit.seal([{ seq: 1, mac: 'f'.repeat(64) }]));
    const [one, two] = await store.read.audit.scan(0, 10);
    t.equal(one.mac, 'f'.repeat(64), 'the MAC given is stored');
    t.equal(one.hash, first.hash, 'nothing else changes');
    t.not(two.mac, 'f'.repeat(64), 'only the records named');

    seal.refusal = 'The audit chain is broken at record 1.';
    try {
      const refused = await store.write((tx) => tx.audit.append(content(3, 'r_1'))).catch((err: unknown) => err);
      t.ok(refused instanceof DomainError && refused.code === 'AUDIT_CHAIN_BROKEN', 'refused with AUDIT_CHAIN_BROKEN');
      t.equal((await store.read.audit.head())?.seq, 2, 'nothing appended');
    } finally {
      seal.refusal = null;
    }
    t.equal((await store.write((tx) => tx.audit.append(content(3, 'r_1')))).seq, 3, 'appends go on once the refusal is lifted');
  });
};
