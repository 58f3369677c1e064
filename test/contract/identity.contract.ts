/**
 * Identity: complainant records, their identifiers, merges and the current assessment they carry.
 *
 * - A record is unique by id and by (keyType, keyHash). A new one starts unassessed: score 0,
 *   level and registry state 'none', no assessment, not merged; `num` is given by storage.
 * - `attach` records an identifier on a record once per (type, hash, record); attaching it again
 *   keeps the first masked form and the earliest `firstSeenAt`.
 * - `linksOf` pairs each phone, address or account of the given records with every other record
 *   holding it, `since` being the later of the two first sightings (identity numbers never link).
 * - Merges: `rootsOf` maps each known record to the one it counts under (itself unless merged);
 *   `members(root)` is the root first, then what is merged into it; `mergedRecords()` every
 *   merged record with its root; `setMergedInto(ids, null)` undoes a merge. `rootIds(afterId, limit)` pages the records not merged, in id order after the
 *   cursor; `countRoots` and `countByLevel` count them too.
 * - `offerAssessment` makes an assessment current unless the record holds one with a later asOf (an
 *   equal asOf replaces: the later offer is the more recently stored). It carries the score, level,
 *   codes and `profitCount` onto the record (an offer without a `profitCount` stands for 0).
 * - `queue` lists assessed records that are not merged, highest score first, ties by id, filtered
 *   by level and registry state, after a (score, id) cursor.
 * - `workQueue` lists the same records in the order work is done: by registry state — open work
 *   before listing (flagged, under review, proposed, notified alike), then not in the registry,
 *   then listed, then closed (dismissed, removed) — then highest score, then most `profitCount`,
 *   then the oldest open registry entry (createdAt; closed entries do not count, records without
 *   an open one after those with), then id; filtered like `queue` (`levels`: any of these), paged
 *   by `offset` and `limit`.
 * - `idsByName(name, limit)` finds records whose name equals `name` or begins with it, compared
 *   exactly (case included; `%`, `_` and `\` are plain characters), in id order, at most `limit`.
 * - Identifiers found in free texts are kept per source, read back in the order recorded.
 */
import type { ComplainantRecord, IdentifierRecord, IdentityLink } from '../../src/storage/ports.js';
import type { ContractGroup } from './harness.js';
import { newEntry } from '../../src/registry/entry.js';
import type { RegistryState } from '../../src/registry/state-machine.js';
import { complainantRow, DAY, T0 } from './factories.js';

const sortedBy =
  <R>(...keys: Array<keyof R>) =>
  (rows: R[]): R[] =>
    [...rows].sort((a, b) => {
      for (const k of keys) if (a[k] !== b[k]) return String(a[k]) < String(b[k]) ? -1 : 1;
      return 0;
    });

export const identityContract: ContractGroup = (t, fresh) => {
  t.test('identity: records created unassessed, found by key, by id, several at once; unique by id and key', async (t) => {
    const { store } = await fresh(t);
    const [a, b] = await store.write(async (tx) => [
      await tx.identity.create(complainantRow('p_a', { name: '张三' })),
      await tx.identity.create(complainantRow('p_b', { keyType: 'phone', keyHash: 'phone-1', createdAt: T0 + 1 })),
    ]);
    const expected: ComplainantRecord = {
      num: a.num,
      id: 'p_a',
      keyType: 'id',
      keyHash: 'key-p_a',
      idType: 'resident_id',
      name: '张三',
      createdAt: T0,
      mergedInto: null,
      score: 0,
      level: 'none',
      registryState: 'none',
      assessedAsOf: null,
      assessmentSeq: null,
      assessmentCodes: null,
      profitCount: 0,
    };
    t.strictSame(a, expected, 'create returns the stored record');
    t.ok(b.num > a.num, 'num grows in storage order');
    t.strictSame(await store.read.identity.findById('p_a'), expected);
    t.strictSame(await store.read.identity.findByKey('id', 'key-p_a'), expected);
    t.equal((await store.read.identity.findByKey('phone', 'phone-1'))?.id, 'p_b');
    t.equal(await store.read.identity.findByKey('account', 'phone-1'), undefined, 'the key type is part of the key');
    t.equal(await store.read.identity.findById('p_nobody'), undefined);
    t.strictSame((await store.read.identity.findMany(['p_b', 'p_nobody', 'p_a'])).map((r) => r.id).sort(), ['p_a', 'p_b']);
    t.strictSame(await store.read.identity.findMany([]), []);

    await t.rejects(
      store.write((tx) => tx.identity.create(complainantRow('p_c', { keyHash: 'key-p_a' }))),
      'same key refused',
    );
    await t.rejects(
      store.write((tx) => tx.identity.create(complainantRow('p_a', { keyHash: 'other' }))),
      'same id refused',
    );
    t.equal(await store.read.identity.countRoots(), 2);

    await store.write((tx) => tx.identity.setName('p_b', '李四'));
    t.equal((await store.read.identity.findById('p_b'))?.name, '李四');
  });

  t.test('identity: identifiers attached once, keeping the earliest sighting; holders; links as of the later sighting', async (t) => {
    const { store } = await fresh(t);
    const id = (complainantId: string, type: IdentifierRecord['type'], hash: string, firstSeenAt: number): IdentifierRecord => ({
      complainantId,
      type,
      hash,
      masked: `${hash.slice(0, 2)}***`,
      firstSeenAt,
    });
    await store.write(async (tx) => {
      for (const p of ['p_a', 'p_b', 'p_c']) await tx.identity.create(complainantRow(p));
      await tx.identity.attach(id('p_a', 'resident_id', 'rid-1', T0 + 5 * DAY));
      await tx.identity.attach(id('p_a', 'phone', 'ph-1', T0 + 5 * DAY));
      await tx.identity.attach({ ...id('p_a', 'phone', 'ph-1', T0 + 2 * DAY), masked: 'other mask' }); // seen earlier
      await tx.identity.attach(id('p_a', 'phone', 'ph-1', T0 + 9 * DAY)); // seen later
      await tx.identity.attach(id('p_b', 'phone', 'ph-1', T0 + 4 * DAY));
      await tx.identity.attach(id('p_b', 'resident_id', 'rid-1', T0)); // shared id numbers never link
      await tx.identity.attach(id('p_c', 'address', 'addr-1', T0 + DAY));
      await tx.identity.attach(id('p_a', 'address', 'addr-1', T0 + 3 * DAY));
    });
    const byKey = sortedBy<IdentifierRecord>('complainantId', 'type', 'hash');
    t.strictSame(
      byKey(await store.read.identity.identifiersOf(['p_a', 'p_nobody'])),
      [id('p_a', 'address', 'addr-1', T0 + 3 * DAY), id('p_a', 'phone', 'ph-1', T0 + 2 * DAY), id('p_a', 'resident_id', 'rid-1', T0 + 5 * DAY)],
      'once per identifier, with the earliest sighting and the first mask',
    );
    t.strictSame(await store.read.identity.identifiersOf([]), []);
    t.strictSame((await store.read.identity.holders('phone', 'ph-1')).sort(), ['p_a', 'p_b']);
    t.strictSame(await store.read.identity.holders('account', 'ph-1'), [], 'the type is part of the identifier');

    const links = sortedBy<IdentityLink>('complainantId', 'otherId');
    t.strictSame(
      links(await store.read.identity.linksOf(['p_a'])),
      [
        { complainantId: 'p_a', otherId: 'p_b', via: 'phone', hash: 'ph-1', masked: 'ph***', since: T0 + 4 * DAY, otherKeyType: 'id', otherKeyHash: 'key-p_b' },
        {
          complainantId: 'p_a',
          otherId: 'p_c',
          via: 'address',
          hash: 'addr-1',
          masked: 'ad***',
          since: T0 + 3 * DAY,
          otherKeyType: 'id',
          otherKeyHash: 'key-p_c',
        },
      ],
      "since the later of the two sightings, with the other record's key; the shared identity number does not link",
    );
    t.strictSame(
      links(await store.read.identity.linksOf(['p_b', 'p_c'])).map((l) => [l.complainantId, l.otherId, l.masked]),
      [
        ['p_b', 'p_a', 'ph***'],
        ['p_c', 'p_a', 'ad***'],
      ],
      'from the side asked about',
    );
    t.strictSame(await store.read.identity.linksOf([]), []);
  });

  t.test('identity: merges — roots, members, undo; roots paged in id order and counted', async (t) => {
    const { store } = await fresh(t);
    await store.write(async (tx) => {
      for (const p of ['p_e', 'p_a', 'p_d', 'p_c', 'p_b']) await tx.identity.create(complainantRow(p));
      await tx.identity.setMergedInto(['p_b', 'p_d'], 'p_a');
      await tx.identity.setMergedInto([], 'p_e');
    });
    t.strictSame(
      await store.read.identity.rootsOf(['p_a', 'p_b', 'p_c', 'p_d', 'p_nobody']),
      new Map([
        ['p_a', 'p_a'],
        ['p_b', 'p_a'],
        ['p_c', 'p_c'],
        ['p_d', 'p_a'],
      ]),
      'unknown ids are left out',
    );
    t.strictSame(await store.read.identity.rootsOf([]), new Map());
    const members = await store.read.identity.members('p_a');
    t.equal(members[0], 'p_a', 'the root first');
    t.strictSame(members.slice(1).sort(), ['p_b', 'p_d']);
    t.strictSame(await store.read.identity.members('p_c'), ['p_c']);
    t.strictSame(
      (await store.read.identity.mergedInto(['p_a', 'p_c'])).sort((x, y) => x.id.localeCompare(y.id)),
      [
        { id: 'p_b', root: 'p_a' },
        { id: 'p_d', root: 'p_a' },
      ],
    );
    t.strictSame(await store.read.identity.mergedInto([]), []);
    const byId = (x: { id: string }, y: { id: string }) => x.id.localeCompare(y.id);
    t.strictSame((await store.read.identity.mergedRecords()).sort(byId), [
      { id: 'p_b', root: 'p_a' },
      { id: 'p_d', root: 'p_a' },
    ]);
    t.equal((await store.read.identity.findById('p_b'))?.mergedInto, 'p_a');

    t.strictSame(await store.read.identity.rootIds('', 2), ['p_a', 'p_c'], 'merged records are not roots');
    t.strictSame(await store.read.identity.rootIds('p_c', 2), ['p_e']);
    t.strictSame(await store.read.identity.rootIds('p_e', 2), []);
    t.equal(await store.read.identity.countRoots(), 3);

    await store.write((tx) => tx.identity.setMergedInto(['p_d'], null));
    t.strictSame(await store.read.identity.members('p_a'), ['p_a', 'p_b'], 'a merge undone');
    t.strictSame(await store.read.identity.mergedRecords(), [{ id: 'p_b', root: 'p_a' }]);
    t.strictSame(await store.read.identity.rootIds('', 10), ['p_a', 'p_c', 'p_d', 'p_e']);
    t.equal(await store.read.identity.countRoots(), 4);
  });

  t.test('identity: the current assessment keeps the latest asOf; the queue pages by score then id', async (t) => {
    const { store } = await fresh(t);
    await store.write(async (tx) => {
      for (const p of ['p_a', 'p_b', 'p_c', 'p_d', 'p_e', 'p_never']) await tx.identity.create(complainantRow(p));
      await tx.identity.offerAssessment('p_a', { seq: 1, asOf: T0 + 2 * DAY, score: 70, level: 'review', codes: ['BURST', 'PUNITIVE_DEMAND'] });
      await tx.identity.offerAssessment('p_a', { seq: 2, asOf: T0 + DAY, score: 10, level: 'none', codes: [] }); // an earlier instant
    });
    const a = await store.read.identity.findById('p_a');
    t.strictSame(
      [a?.assessmentSeq, a?.assessedAsOf, a?.score, a?.level, a?.assessmentCodes],
      [1, T0 + 2 * DAY, 70, 'review', ['BURST', 'PUNITIVE_DEMAND']],
      'an assessment as of an earlier instant does not replace a later one',
    );
    await store.write((tx) => tx.identity.offerAssessment('p_a', { seq: 3, asOf: T0 + 2 * DAY, score: 75, level: 'review', codes: ['BURST'] }));
    const again = await store.read.identity.findById('p_a');
    t.strictSame([again?.assessmentSeq, again?.score, again?.assessmentCodes], [3, 75, ['BURST']], 'the same asOf: the later offer wins');

    await store.write(async (tx) => {
      await tx.identity.offerAssessment('p_b', { seq: 4, asOf: T0, score: 75, level: 'review', codes: [] });
      await tx.identity.offerAssessment('p_c', { seq: 5, asOf: T0, score: 40, level: 'watch', codes: ['BURST'] });
      await tx.identity.offerAssessment('p_d', { seq: 6, asOf: T0, score: 90, level: 'review', codes: [] });
      await tx.identity.offerAssessment('p_e', { seq: 7, asOf: T0, score: 75, level: 'review', codes: [] });
      await tx.identity.setMergedInto(['p_d'], 'p_c');
      await tx.identity.setRegistryState('p_b', 'flagged');
    });
    t.equal((await store.read.identity.findById('p_b'))?.registryState, 'flagged');
    const queue = async (q: Parameters<typeof store.read.identity.queue>[0]) => (await store.read.identity.queue(q)).map((r) => r.id);
    t.strictSame(await queue({ limit: 10 }), ['p_a', 'p_b', 'p_e', 'p_c'], 'highest score first, ties by id; merged and never assessed left out');
    t.strictSame(await queue({ limit: 2 }), ['p_a', 'p_b']);
    t.strictSame(await queue({ limit: 2, after: { score: 75, id: 'p_b' } }), ['p_e', 'p_c'], 'after the cursor');
    t.strictSame(await queue({ limit: 2, after: { score: 40, id: 'p_c' } }), []);
    t.strictSame(await queue({ limit: 10, levels: ['watch'] }), ['p_c']);
    t.strictSame(await queue({ limit: 10, levels: ['review'], registryState: 'none' }), ['p_a', 'p_e']);
    t.strictSame(await queue({ limit: 10, registryState: 'flagged' }), ['p_b']);

    const levels = (await store.read.identity.countByLevel()).sort((x, y) => x.level.localeCompare(y.level));
    t.strictSame(
      levels,
      [
        { level: 'none', n: 1 },
        { level: 'review', n: 3 },
        { level: 'watch', n: 1 },
      ],
      'roots only; never assessed counts as none',
    );
  });

  t.test('identity: the work queue — open work first, then score, profit complaints, the oldest open entry; paged by position', async (t) => {
    const { store } = await fresh(t);
    // [id, registry state, score, profitCount, createdAt of an open entry (none: no open entry)]
    const people: Array<[string, RegistryState | 'none', number, number, number?]> = [
      ['p_closed', 'dismissed', 99, 9],
      ['p_listed', 'listed', 95, 0, T0 - 9 * DAY],
      ['p_none_b', 'none', 90, 0],
      ['p_none_a', 'none', 90, 1],
      ['p_f_late', 'flagged', 50, 2, T0 + 5 * DAY],
      ['p_f_early', 'under_review', 50, 2, T0 + DAY],
      ['p_f_noentry_b', 'flagged', 50, 2],
      ['p_f_noentry_a', 'notified', 50, 2],
      ['p_f_profit', 'notified', 50, 3, T0 + 9 * DAY],
      ['p_proposed', 'proposed', 80, 0, T0 + 9 * DAY],
      ['p_removed', 'removed', 10, 0],
    ];
    await store.write(async (tx) => {
      for (const [id, state, score, profitCount, openedAt] of people) {
        await tx.identity.create(complainantRow(id));
        await tx.identity.offerAssessment(id, { seq: 1, asOf: T0, score, level: score >= 70 ? 'review' : 'watch', codes: [], profitCount });
        if (state !== 'none') await tx.identity.setRegistryState(id, state);
        if (openedAt !== undefined && state !== 'none')
          await tx.registry.insert(newEntry({ id: `r_${id}`, complainantId: id, state, origin: 'automatic', createdAt: openedAt, createdBy: 'system' }));
      }
      // A closed entry older than every open one is not the oldest open flag.
      await tx.registry.insert(
        newEntry({ id: 'r_old', complainantId: 'p_f_late', state: 'dismissed', origin: 'automatic', createdAt: T0 - 99 * DAY, createdBy: 'system' }),
      );
      await tx.identity.create(complainantRow('p_merged'));
      await tx.identity.offerAssessment('p_merged', { seq: 2, asOf: T0, score: 100, level: 'review', codes: [], profitCount: 9 });
      await tx.identity.setRegistryState('p_merged', 'flagged');
      await tx.identity.setMergedInto(['p_merged'], 'p_none_a');
      await tx.identity.create(complainantRow('p_never'));
    });
    const work = async (q: Parameters<typeof store.read.identity.workQueue>[0]) => (await store.read.identity.workQueue(q)).map((r) => r.id);
    const order = [
      'p_proposed',
      'p_f_profit',
      'p_f_early',
      'p_f_late',
      'p_f_noentry_a',
      'p_f_noentry_b',
      'p_none_a',
      'p_none_b',
      'p_listed',
      'p_closed',
      'p_removed',
    ];
    t.strictSame(await work({ offset: 0, limit: 20 }), order, 'merged and never assessed records left out');
    t.strictSame(await work({ offset: 0, limit: 4 }), order.slice(0, 4));
    t.strictSame(await work({ offset: 4, limit: 4 }), order.slice(4, 8), 'paged by position');
    t.strictSame(await work({ offset: 8, limit: 4 }), order.slice(8));
    t.strictSame(await work({ offset: 11, limit: 4 }), []);
    t.strictSame(await work({ offset: 0, limit: 20, levels: ['review'] }), ['p_proposed', 'p_none_a', 'p_none_b', 'p_listed', 'p_closed']);
    t.strictSame(await work({ offset: 0, limit: 20, levels: ['review', 'watch'] }), order, 'any of the levels');
    t.strictSame(await work({ offset: 0, limit: 20, registryState: 'flagged' }), ['p_f_late', 'p_f_noentry_b']);
    t.strictSame(await work({ offset: 1, limit: 20, levels: ['watch'], registryState: 'notified' }), ['p_f_noentry_a']);

    const rec = await store.read.identity.findById('p_f_profit');
    t.strictSame([rec?.score, rec?.level, rec?.profitCount], [50, 'watch', 3], 'the offer carries profitCount onto the record');
    await store.write((tx) => tx.identity.offerAssessment('p_f_profit', { seq: 3, asOf: T0 + DAY, score: 50, level: 'watch', codes: [] }));
    t.equal((await store.read.identity.findById('p_f_profit'))?.profitCount, 0, 'an offer without one stands for 0');
    await store.write((tx) => tx.identity.offerAssessment('p_f_profit', { seq: 4, asOf: T0, score: 50, level: 'watch', codes: [], profitCount: 7 }));
    t.equal((await store.read.identity.findById('p_f_profit'))?.profitCount, 0, 'an offer that does not become current leaves it');
  });

  t.test('identity: ids by name — equal or beginning with it, exactly; in id order, at most the limit', async (t) => {
    const { store } = await fresh(t);
    const names: Array<[string, string | null]> = [
      ['p_5', '张三'],
      ['p_2', '张三丰'],
      ['p_3', '张四'],
      ['p_4', '李张三'],
      ['p_1', '张三'],
      ['p_6', null],
      ['p_7', '100%纯'],
      ['p_8', '100x纯'],
      ['p_9', 'a_b'],
      ['p_10', 'axb'],
      ['p_11', 'Zhang San'],
      ['p_12', 'zhang san'],
      ['p_13', 'c:\\x'],
      ['p_14', 'c:x'],
    ];
    await store.write(async (tx) => {
      for (const [id, name] of names) await tx.identity.create(complainantRow(id, { name }));
    });
    const byName = (name: string, limit = 10) => store.read.identity.idsByName(name, limit);
    t.strictSame(await byName('张三'), ['p_1', 'p_2', 'p_5'], 'equal or beginning with it, in id order; not containing it elsewhere');
    t.strictSame(await byName('张三', 2), ['p_1', 'p_2'], 'at most the limit');
    t.strictSame(await byName('张三丰'), ['p_2']);
    t.strictSame(await byName('张'), ['p_1', 'p_2', 'p_3', 'p_5']);
    t.strictSame(await byName('王'), []);
    t.strictSame(await byName('100%'), ['p_7'], '% is a plain character');
    t.strictSame(await byName('a_'), ['p_9'], '_ is a plain character');
    t.strictSame(await byName('c:\\'), ['p_13'], '\\ is a plain character');
    t.strictSame(await byName('Zhang'), ['p_11'], 'case is part of the name');
    t.strictSame(await byName('zhang san'), ['p_12']);
  });

  t.test('identity: identifiers found in free texts, by source, in the order recorded', async (t) => {
    const { store } = await fresh(t);
    await store.write(async (tx) => {
      await tx.identity.recordTextIdentifiers('complaint', 'c_1', [
        { type: 'mobile', masked: '139****0000', hash: 'm-1' },
        { type: 'resident_id', masked: '330302**********12', hash: 'r-1' },
      ]);
      await tx.identity.recordTextIdentifiers('event', 'e_1', [{ type: 'bank_card', masked: '6222 **** 0001', hash: 'b-1' }]);
      await tx.identity.recordTextIdentifiers('complaint', 'c_2', []);
      await tx.identity.recordTextIdentifiers('complaint', 'c_1', [{ type: 'landline', masked: '0577-****001', hash: 'l-1' }]);
    });
    t.strictSame(await store.read.identity.textIdentifiersOf(['c_1', 'e_1', 'c_2']), [
      { sourceType: 'complaint', sourceId: 'c_1', type: 'mobile', hash: 'm-1', masked: '139****0000' },
      { sourceType: 'complaint', sourceId: 'c_1', type: 'resident_id', hash: 'r-1', masked: '330302**********12' },
      { sourceType: 'event', sourceId: 'e_1', type: 'bank_card', hash: 'b-1', masked: '6222 **** 0001' },
      { sourceType: 'complaint', sourceId: 'c_1', type: 'landline', hash: 'l-1', masked: '0577-****001' },
    ]);
    t.strictSame(await store.read.identity.textIdentifiersOf(['e_1']), [
      { sourceType: 'event', sourceId: 'e_1', type: 'bank_card', hash: 'b-1', masked: '6222 **** 0001' },
    ]);
    t.strictSame(await store.read.identity.textIdentifiersOf([]), []);
  });
};
