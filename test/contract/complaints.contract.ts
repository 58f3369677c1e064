/**
 * Complaints, their events and near-duplicate pairs.
 *
 * - A complaint is stored once: a second one with the same `id` or `externalId` is refused. Its
 *   `seq` is given by storage and grows in storage order (never reused); every column reads back
 *   as written, optional ones left out read back as null.
 * - Reads as of an instant: `history(ids, from, to)` is the complaints of those records received in
 *   (from, to], oldest first (ties by seq); `historySince(ids, afterSeq)` those stored after
 *   `afterSeq` whatever their receipt (in no promised order); `timeline` newest first;
 *   `latestReceivedAt` null when there are none; `newestReceivedAt` the newest of all (null in an empty store).
 * - Cursors: `signatures`, `filedAfter`, `factsSources` and `notes` page in seq order strictly after the cursor,
 *   at most `limit` rows.
 * - Events are unique by (complaint, type, at, amount) with a missing amount as one value of its
 *   own; `findEvent` looks them up by exactly that. `eventsOf` and `eventsOfComplainants(ids, to)`
 *   (events dated at or before `to`) are by date, ties by storage order.
 * - A pair is stored once, when its later complaint is stored (a repeat keeps the first), and read
 *   from either end: `seq` is always the complaint asked about. `pairsWithin` gives one row per
 *   pair, from the end it was stored with. `ringCandidates` reads the other end's filer and
 *   receipt from the pair alone, leaving out excluded complaints, pairs below `min` and other ends
 *   received outside (from, to].
 * - Catch-up (caches over committed rows): `detectionRowsAfter` and `eventsAfter` in storage order
 *   strictly after a cursor, at most `limit`; `pairsAfter` the pairs written with complaints stored
 *   after a cursor, with both ends' filers and receipts; `maxEventSeq` 0 when there are none.
 *   `detectionRowOf` makes, from what `insert` was given, the row `detectionRowsAfter` reads back;
 *   `storedThrough` gives both highest seqs (0 for none).
 * - Lists of seqs or ids may be empty (the answer is then empty) and name unknown rows (skipped).
 */
import type { ComplaintSummary, DetectionRow, NewComplaint } from '../../src/storage/ports.js';
import { bySeq, type ContractGroup, inOrder } from './harness.js';
import { complaintRow, DAY, T0 } from './factories.js';

const detectionRow = (seq: number, c: NewComplaint): DetectionRow => ({
  seq,
  id: c.id,
  externalId: c.externalId,
  complainantId: c.complainantId,
  kind: c.kind,
  receivedAt: c.receivedAt,
  respondentName: c.respondentName,
  respondentCreditCode: c.respondentCreditCode ?? null,
  respondentRegion: c.respondentRegion ?? null,
  purchaseAt: c.purchaseAt ?? null,
  textHash: c.textHash,
  facts: c.facts,
  selfMatches: c.selfMatches,
});

export const complaintsContract: ContractGroup = (t, fresh) => {
  t.test('complaints: stored with growing seqs; every column reads back as written', async (t) => {
    const { store } = await fresh(t);
    t.equal(await store.read.complaints.maxSeq(), 0, 'maxSeq of an empty store');
    t.equal(await store.read.complaints.count(), 0);
    t.equal(await store.read.complaints.newestReceivedAt(), null, 'no newest receipt in an empty store');
    const full = complaintRow(1, {
      respondentCreditCode: '91330302MA0000001X',
      respondentRegion: '鹿城区',
      purchaseAt: T0 - DAY,
      purchaseAmount: 1250,
      purchaseQuantity: 1.5,
      purchaseProduct: '饼干',
      purchaseOrderIds: ['o-1', 'o-2'],
      claimAmount: 100_000,
      claimPunitive: '10x',
      claimReward: true,
      claimHarm: false,
      channel: '12315-web',
      respondentPlatform: '某电商平台',
      respondentShopId: 'shop-9',
      idType: 'resident_id',
      idMasked: '330302********123X',
      phoneMasked: '138****8000',
      accountMasked: 'w***x',
      complainantName: '张三',
      complainantAddress: '温州市鹿城区某路1号',
      signature: Buffer.from([1, 2, 3, 250]),
      selfMatches: [{ seq: 7, similarity: 0.91 }],
      facts: { amount: 1250, punitive: 'ten_times', nested: { list: [1, 'a', null] } },
      result: { id: 'c_1', assessmentSeq: 3 },
    });
    const minimal = complaintRow(2);
    const [s1, s2] = await store.write(async (tx) => [await tx.complaints.insert(full), await tx.complaints.insert(minimal)]);
    t.ok(s2 > s1, 'seq grows in storage order');
    t.strictSame(await store.read.complaints.findById('c_1'), { seq: s1, ...full });
    t.strictSame(await store.read.complaints.findByExternalId('ext-1'), { seq: s1, ...full });
    t.strictSame(
      [store.read.complaints.detectionRowOf(s1, full), store.read.complaints.detectionRowOf(s2, minimal)],
      await store.read.complaints.detectionRowsAfter(0, 10),
      'detectionRowOf makes the rows as detection reads them back, absent fields null',
    );
    t.strictSame(
      await store.read.complaints.findById('c_2'),
      {
        seq: s2,
        ...minimal,
        respondentCreditCode: null,
        respondentRegion: null,
        purchaseAt: null,
        purchaseAmount: null,
        purchaseQuantity: null,
        purchaseProduct: null,
        purchaseOrderIds: null,
        claimAmount: null,
        claimPunitive: null,
        claimReward: null,
        claimHarm: null,
        channel: null,
        respondentPlatform: null,
        respondentShopId: null,
        idType: null,
        idMasked: null,
        phoneMasked: null,
        accountMasked: null,
        complainantName: null,
        complainantAddress: null,
        signature: null,
      },
      'optional columns left out read back as null',
    );
    t.equal(await store.read.complaints.findById('c_nope'), undefined);
    t.equal(await store.read.complaints.findByExternalId('ext-nope'), undefined);
    t.equal(await store.read.complaints.maxSeq(), s2);
    t.equal(await store.read.complaints.count(), 2);

    await store.write((tx) => tx.complaints.setResult(s2, { id: 'c_2', registry: { state: 'flagged' } }));
    t.strictSame((await store.read.complaints.findById('c_2'))!.result, { id: 'c_2', registry: { state: 'flagged' } }, 'setResult replaces the answer');
    await store.write((tx) => tx.complaints.setFacts(s2, { amount: 99 }));
    t.strictSame(
      await store.read.complaints.factsBySeq([s1, s2, 999]),
      new Map<number, unknown>([
        [s1, full.facts],
        [s2, { amount: 99 }],
      ]),
    );
    await store.write((tx) =>
      tx.complaints.replaceText(s1, { text: '已遮盖 ***', textHash: 'text-masked', textNormalised: '已遮盖', signature: null, facts: { amount: 1 } }),
    );
    t.strictSame(
      await store.read.complaints.findById('c_1'),
      { seq: s1, ...full, text: '已遮盖 ***', textHash: 'text-masked', textNormalised: '已遮盖', signature: null, facts: { amount: 1 } },
      'replaceText changes the text and what was derived from it, nothing else',
    );
  });

  t.test('complaints: a second complaint with the same id or externalId is refused', async (t) => {
    const { store } = await fresh(t);
    const seq = await store.write((tx) => tx.complaints.insert(complaintRow(1)));
    await t.rejects(
      store.write((tx) => tx.complaints.insert(complaintRow(2, { externalId: 'ext-1' }))),
      'same externalId',
    );
    await t.rejects(
      store.write((tx) => tx.complaints.insert(complaintRow(2, { id: 'c_1' }))),
      'same id',
    );
    t.equal(await store.read.complaints.count(), 1);
    const next = await store.write((tx) => tx.complaints.insert(complaintRow(2)));
    t.ok(next > seq, 'storage goes on after a refusal');
  });

  t.test('complaints: projections by seq (summaries, texts, normalised texts, references)', async (t) => {
    const { store } = await fresh(t);
    const a = complaintRow(1, { purchaseAmount: 500, purchaseOrderIds: ['o-1'], claimPunitive: '3x', claimReward: true });
    const b = complaintRow(2, { complainantId: 'p_b' });
    const [s1, s2] = await store.write(async (tx) => [await tx.complaints.insert(a), await tx.complaints.insert(b)]);
    const summary = (seq: number, c: NewComplaint): ComplaintSummary => ({
      ...detectionRow(seq, c),
      purchaseAmount: c.purchaseAmount ?? null,
      purchaseQuantity: c.purchaseQuantity ?? null,
      purchaseProduct: c.purchaseProduct ?? null,
      purchaseOrderIds: c.purchaseOrderIds ?? null,
      claimAmount: c.claimAmount ?? null,
      claimPunitive: c.claimPunitive ?? null,
    });
    t.strictSame(bySeq(await store.read.complaints.summariesBySeq([s2, s1, 999])), [summary(s1, a), summary(s2, b)], 'summaries: no text, no signature');
    t.strictSame(await store.read.complaints.summariesBySeq([]), []);
    t.strictSame(bySeq(await store.read.complaints.texts([s1, s2])), [
      { seq: s1, id: 'c_1', text: a.text, respondentName: a.respondentName },
      { seq: s2, id: 'c_2', text: b.text, respondentName: b.respondentName },
    ]);
    t.strictSame(
      await store.read.complaints.normalisedTexts([s1, s2, 999]),
      new Map([
        [s1, a.textNormalised],
        [s2, b.textNormalised],
      ]),
    );
    t.strictSame(bySeq(await store.read.complaints.refsBySeq([s1, s2])), [
      { seq: s1, id: 'c_1', externalId: 'ext-1', complainantId: 'p_a', receivedAt: a.receivedAt },
      { seq: s2, id: 'c_2', externalId: 'ext-2', complainantId: 'p_b', receivedAt: b.receivedAt },
    ]);
    t.strictSame(await store.read.complaints.refsBySeq([]), []);
    t.strictSame(await store.read.complaints.normalisedTexts([]), new Map());
    t.strictSame(await store.read.complaints.factsBySeq([]), new Map());
  });

  t.test('complaints: history as of an instant, since a seq, timeline, latest receipt', async (t) => {
    const { store } = await fresh(t);
    // Stored out of receipt order, as a replayed stream or a late batch would be.
    const rows = [
      complaintRow(3),
      complaintRow(1),
      complaintRow(2, { complainantId: 'p_b' }),
      complaintRow(4, { receivedAt: T0 + 3 * DAY }), // same instant as c_3, stored after it
      complaintRow(5, { complainantId: 'p_c' }),
    ];
    const seqs = await store.write((tx) => inOrder(rows, (r) => tx.complaints.insert(r)));
    const [s3, s1, s2, s4, s5] = seqs;
    const d = (i: number) => detectionRow(seqs[i], rows[i]);
    const history = (ids: string[], from: number, to: number) => store.read.complaints.history(ids, from, to);

    t.strictSame(await history(['p_a'], 0, T0 + 10 * DAY), [d(1), d(0), d(3)], 'oldest first, ties by seq; other records left out');
    t.strictSame(await history(['p_a', 'p_b'], T0 + DAY, T0 + 3 * DAY), [d(2), d(0), d(3)], 'received in (from, to]: after from, up to and at to');
    t.strictSame(await history(['p_a'], T0 + DAY - 1, T0 + DAY), [d(1)], 'at `to` is in');
    t.strictSame(await history(['p_a'], T0 + DAY, T0 + DAY), [], 'at `from` is out');
    t.strictSame(await history([], 0, T0 + 10 * DAY), []);

    t.strictSame(bySeq(await store.read.complaints.historySince(['p_a', 'p_c'], s3)), bySeq([d(1), d(3), d(4)]), 'stored after the seq, whatever the receipt');
    t.strictSame(await store.read.complaints.historySince(['p_a'], s4), []);
    t.strictSame(await store.read.complaints.historySince([], 0), []);

    t.strictSame(
      (await store.read.complaints.timeline(['p_a', 'p_b'])).map((r) => r.seq),
      [s4, s3, s2, s1],
      'newest first, ties by the later stored first',
    );
    t.strictSame(await store.read.complaints.timeline([]), []);
    t.equal(await store.read.complaints.latestReceivedAt(['p_a', 'p_b']), T0 + 3 * DAY);
    t.equal(await store.read.complaints.latestReceivedAt(['p_c']), T0 + 5 * DAY);
    t.equal(await store.read.complaints.latestReceivedAt(['p_nobody']), null);
    t.equal(await store.read.complaints.latestReceivedAt([]), null);
    t.equal(await store.read.complaints.newestReceivedAt(), T0 + 5 * DAY, 'the newest receipt of all, whoever filed it');
    t.equal(s5, Math.max(...seqs));
  });

  t.test('complaints: signatures and facts sources page in seq order after a cursor', async (t) => {
    const { store } = await fresh(t);
    const rows = [1, 2, 3, 4, 5].map((n) =>
      complaintRow(n, { signature: n === 3 ? null : Buffer.from([n, n + 1]), claimReward: n === 2 ? false : null, purchaseAmount: n * 100 }),
    );
    const seqs = await store.write((tx) => inOrder(rows, (r) => tx.complaints.insert(r)));
    const pages: number[][] = [];
    for (let after = 0; ; ) {
      const page = await store.read.complaints.signatures(after, 2);
      if (!page.length) break;
      pages.push(page.map((r) => r.seq));
      after = page[page.length - 1].seq;
    }
    t.strictSame(pages, [seqs.slice(0, 2), seqs.slice(2, 4), seqs.slice(4)], 'pages of at most `limit`, strictly after the cursor');
    t.strictSame(await store.read.complaints.signatures(seqs[1], 2), [
      { seq: seqs[2], signature: null },
      { seq: seqs[3], signature: Buffer.from([4, 5]) },
    ]);
    const filed = (i: number) => ({
      seq: seqs[i],
      id: rows[i].id,
      externalId: rows[i].externalId,
      complainantId: rows[i].complainantId,
      receivedAt: rows[i].receivedAt,
    });
    t.strictSame(await store.read.complaints.filedAfter(seqs[1], 2), [filed(2), filed(3)], 'who filed what pages like signatures');
    t.strictSame(await store.read.complaints.filedAfter(seqs[3], 10), [filed(4)]);

    const sources = await store.read.complaints.factsSources(seqs[0], 2);
    t.strictSame(
      sources,
      [1, 2].map((i) => ({
        seq: seqs[i],
        id: rows[i].id,
        respondentName: rows[i].respondentName,
        text: rows[i].text,
        purchaseAmount: rows[i].purchaseAmount,
        purchaseQuantity: null,
        purchaseProduct: null,
        purchaseOrderIds: null,
        claimAmount: null,
        claimPunitive: null,
        claimReward: rows[i].claimReward,
        claimHarm: null,
        facts: rows[i].facts,
      })),
      'the text, the explicit fields and the stored facts',
    );
    t.strictSame(await store.read.complaints.factsSources(seqs[4], 10), []);
  });

  t.test('events: unique by (complaint, type, at, amount); found by it; read by complaint and by complainant as of a date', async (t) => {
    const { store } = await fresh(t);
    await store.write(async (tx) => {
      await tx.complaints.insert(complaintRow(1));
      await tx.complaints.insert(complaintRow(2));
      await tx.complaints.insert(complaintRow(3, { complainantId: 'p_b' }));
    });
    const e = (id: string, complaintId: string, complainantId: string, type: 'settled' | 'upheld' | 'withdrawn', at: number, amount: number | null = null) => ({
      id,
      complaintId,
      complainantId,
      type,
      at,
      amount,
      note: null,
      createdAt: at + 1,
    });
    const stored = await store.write(async (tx) => [
      await tx.complaints.insertEvent(e('e_1', 'c_2', 'p_a', 'settled', T0 + 10 * DAY, 5000)),
      await tx.complaints.insertEvent(e('e_2', 'c_1', 'p_a', 'upheld', T0 + 5 * DAY)),
      await tx.complaints.insertEvent(e('e_3', 'c_3', 'p_b', 'withdrawn', T0 + 6 * DAY)),
      await tx.complaints.insertEvent(e('e_4', 'c_1', 'p_a', 'settled', T0 + 10 * DAY)),
    ]);
    const { complainantId: _, ...first } = e('e_1', 'c_2', 'p_a', 'settled', T0 + 10 * DAY, 5000);
    t.strictSame(stored[0], { seq: stored[0].seq, ...first }, 'insertEvent returns the stored event (without the complainant)');
    t.ok(stored[1].seq > stored[0].seq && stored[3].seq > stored[2].seq, 'event seqs grow in storage order');

    t.strictSame(await store.read.complaints.findEvent('c_2', 'settled', T0 + 10 * DAY, 5000), stored[0]);
    t.equal(await store.read.complaints.findEvent('c_2', 'settled', T0 + 10 * DAY, 4999), undefined, 'another amount is another event');
    t.equal(await store.read.complaints.findEvent('c_2', 'settled', T0 + 10 * DAY, null), undefined, 'no amount is not any amount');
    t.strictSame(await store.read.complaints.findEvent('c_1', 'upheld', T0 + 5 * DAY, null), stored[1], 'found with no amount');

    await t.rejects(
      store.write((tx) => tx.complaints.insertEvent(e('e_5', 'c_1', 'p_a', 'upheld', T0 + 5 * DAY))),
      'same identity, no amount: refused',
    );
    await t.rejects(
      store.write((tx) => tx.complaints.insertEvent(e('e_5', 'c_2', 'p_a', 'settled', T0 + 10 * DAY, 5000))),
      'same identity and amount: refused',
    );
    await t.rejects(
      store.write((tx) => tx.complaints.insertEvent(e('e_1', 'c_3', 'p_b', 'upheld', T0))),
      'same id: refused',
    );

    const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);
    t.strictSame(ids(await store.read.complaints.eventsOf(['c_1', 'c_2'])), ['e_2', 'e_1', 'e_4'], 'by date, ties by storage order');
    t.strictSame(await store.read.complaints.eventsOf([]), []);
    t.strictSame(ids(await store.read.complaints.eventsOfComplainants(['p_a'], T0 + 10 * DAY)), ['e_2', 'e_1', 'e_4'], 'dated at `to` is in');
    t.strictSame(ids(await store.read.complaints.eventsOfComplainants(['p_a', 'p_b'], T0 + 10 * DAY - 1)), ['e_2', 'e_3'], 'dated after `to` is out');
    t.strictSame(await store.read.complaints.eventsOfComplainants(['p_a'], T0), []);
    t.strictSame(await store.read.complaints.eventsOfComplainants([], T0 + 99 * DAY), []);
  });

  t.test('events: notes page in seq order; setNote replaces one', async (t) => {
    const { store } = await fresh(t);
    await store.write((tx) => tx.complaints.insert(complaintRow(1)));
    const ev = await store.write(async (tx) => {
      const out = [];
      for (let i = 0; i < 5; i++)
        out.push(
          await tx.complaints.insertEvent({
            id: `e_${i}`,
            complaintId: 'c_1',
            complainantId: 'p_a',
            type: 'settled',
            at: T0 + i,
            amount: null,
            note: i === 2 ? null : `已退款 ${i}`,
            createdAt: T0 + i,
          }),
        );
      return out;
    });
    t.strictSame(await store.read.complaints.notes(0, 2), [
      { seq: ev[0].seq, id: 'e_0', note: '已退款 0' },
      { seq: ev[1].seq, id: 'e_1', note: '已退款 1' },
    ]);
    t.strictSame(
      await store.read.complaints.notes(ev[1].seq, 2),
      [
        { seq: ev[3].seq, id: 'e_3', note: '已退款 3' },
        { seq: ev[4].seq, id: 'e_4', note: '已退款 4' },
      ],
      'events without a note are skipped',
    );
    t.strictSame(await store.read.complaints.notes(ev[4].seq, 2), []);
    await store.write((tx) => tx.complaints.setNote(ev[3].seq, '已退款 ***'));
    t.strictSame(await store.read.complaints.notes(ev[2].seq, 1), [{ seq: ev[3].seq, id: 'e_3', note: '已退款 ***' }]);
    t.equal((await store.read.complaints.eventsOf(['c_1']))[3].note, '已退款 ***');
  });

  t.test('pairs: stored once with the later complaint, read from either end, within a set, as ring candidates', async (t) => {
    const { store } = await fresh(t);
    const rows = [complaintRow(1), complaintRow(2, { complainantId: 'p_b' }), complaintRow(3, { complainantId: 'p_c' }), complaintRow(4)];
    const [s1, s2, s3, s4] = await store.write((tx) => inOrder(rows, (r) => tx.complaints.insert(r)));
    const other = (seq: number, i: number, similarity: number) => ({
      otherSeq: seq,
      similarity,
      otherReceivedAt: rows[i].receivedAt,
      otherComplainantId: rows[i].complainantId,
    });
    await store.write(async (tx) => {
      await tx.complaints.insertPairs({ seq: s2, receivedAt: rows[1].receivedAt, complainantId: 'p_b' }, [other(s1, 0, 0.8)]);
      await tx.complaints.insertPairs({ seq: s3, receivedAt: rows[2].receivedAt, complainantId: 'p_c' }, [other(s1, 0, 0.6), other(s2, 1, 0.9)]);
      await tx.complaints.insertPairs({ seq: s4, receivedAt: rows[3].receivedAt, complainantId: 'p_a' }, [other(s3, 2, 0.7)]);
      // Stored again (a retried item): the first similarity stays.
      await tx.complaints.insertPairs({ seq: s2, receivedAt: rows[1].receivedAt, complainantId: 'p_b' }, [other(s1, 0, 0.1)]);
      await tx.complaints.insertPairs({ seq: s4, receivedAt: rows[3].receivedAt, complainantId: 'p_a' }, []);
    });
    const sorted = (ps: Array<{ seq: number; otherSeq: number; similarity: number }>) => [...ps].sort((a, b) => a.seq - b.seq || a.otherSeq - b.otherSeq);

    t.strictSame(
      sorted(await store.read.complaints.pairsOf([s1])),
      [
        { seq: s1, otherSeq: s2, similarity: 0.8 },
        { seq: s1, otherSeq: s3, similarity: 0.6 },
      ],
      'from the older end, once each, the first similarity kept',
    );
    t.strictSame(
      sorted(await store.read.complaints.pairsOf([s3])),
      [
        { seq: s3, otherSeq: s1, similarity: 0.6 },
        { seq: s3, otherSeq: s2, similarity: 0.9 },
        { seq: s3, otherSeq: s4, similarity: 0.7 },
      ],
      'from both ends at once',
    );
    t.strictSame(await store.read.complaints.pairsOf([]), []);
    t.strictSame(
      sorted(await store.read.complaints.pairsWithin([s1, s2, s3])),
      [
        { seq: s2, otherSeq: s1, similarity: 0.8 },
        { seq: s3, otherSeq: s1, similarity: 0.6 },
        { seq: s3, otherSeq: s2, similarity: 0.9 },
      ],
      'one row per pair with both ends in the set, from the end stored with it',
    );
    t.strictSame(await store.read.complaints.pairsWithin([s1]), []);

    const ring = async (seqs: number[], excluded: number[], min: number, from: number, to: number) =>
      sorted(await store.read.complaints.ringCandidates(seqs, excluded, min, from, to));
    const all = T0 + 99 * DAY;
    t.strictSame(
      await ring([s3], [], 0.5, 0, all),
      [
        { seq: s3, otherSeq: s1, similarity: 0.6, otherReceivedAt: rows[0].receivedAt, otherComplainant: 'p_a' },
        { seq: s3, otherSeq: s2, similarity: 0.9, otherReceivedAt: rows[1].receivedAt, otherComplainant: 'p_b' },
        { seq: s3, otherSeq: s4, similarity: 0.7, otherReceivedAt: rows[3].receivedAt, otherComplainant: 'p_a' },
      ],
      'the other end, its receipt and its filer, from either end of the pair',
    );
    t.strictSame(
      (await ring([s3], [s4], 0.7, 0, all)).map((r) => r.otherSeq),
      [s2],
      'excluded complaints and pairs below `min` left out (`min` itself is in)',
    );
    t.strictSame(
      (await ring([s3], [], 0, rows[0].receivedAt, rows[1].receivedAt)).map((r) => r.otherSeq),
      [s2],
      'only other ends received in (from, to]',
    );
    t.strictSame(await ring([], [], 0, 0, all), []);
  });

  t.test('catch-up: rows, pairs and events stored after a cursor, in storage order, bounded', async (t) => {
    const { store } = await fresh(t);
    const rows = [complaintRow(1), complaintRow(2, { complainantId: 'p_b' }), complaintRow(3)];
    const [s1, s2, s3] = await store.write((tx) => inOrder(rows, (r) => tx.complaints.insert(r)));
    await store.write(async (tx) => {
      await tx.complaints.insertPairs({ seq: s2, receivedAt: rows[1].receivedAt, complainantId: 'p_b' }, [
        { otherSeq: s1, similarity: 0.8, otherReceivedAt: rows[0].receivedAt, otherComplainantId: 'p_a' },
      ]);
      await tx.complaints.insertPairs({ seq: s3, receivedAt: rows[2].receivedAt, complainantId: 'p_a' }, [
        { otherSeq: s2, similarity: 0.5, otherReceivedAt: rows[1].receivedAt, otherComplainantId: 'p_b' },
      ]);
    });
    t.equal(await store.read.complaints.maxEventSeq(), 0, 'no events: 0');
    t.strictSame(await store.read.complaints.storedThrough(), { complaint: s3, event: 0 }, 'storedThrough: the highest seqs, 0 for none');
    t.strictSame(await store.read.complaints.detectionRowsAfter(0, 10), [detectionRow(s1, rows[0]), detectionRow(s2, rows[1]), detectionRow(s3, rows[2])]);
    t.strictSame(await store.read.complaints.detectionRowsAfter(s1, 1), [detectionRow(s2, rows[1])], 'after the cursor, at most `limit`');
    t.strictSame(await store.read.complaints.detectionRowsAfter(s3, 10), []);
    t.strictSame(
      await store.read.complaints.pairsAfter(s2),
      [
        {
          complaintSeq: s3,
          otherSeq: s2,
          similarity: 0.5,
          complaintReceivedAt: rows[2].receivedAt,
          complaintComplainant: 'p_a',
          otherReceivedAt: rows[1].receivedAt,
          otherComplainant: 'p_b',
        },
      ],
      'pairs written with complaints after the cursor, both ends named',
    );
    t.equal((await store.read.complaints.pairsAfter(0)).length, 2);
    t.strictSame(await store.read.complaints.pairsAfter(s3), []);

    const event = (id: string, complaintId: string, complainantId: string, at: number) => ({
      id,
      complaintId,
      complainantId,
      type: 'settled' as const,
      at,
      amount: null,
      note: null,
      createdAt: at,
    });
    const [e1, e2] = await store.write(async (tx) => [
      await tx.complaints.insertEvent(event('e_1', 'c_2', 'p_b', T0 + 9 * DAY)),
      await tx.complaints.insertEvent(event('e_2', 'c_1', 'p_a', T0 + 2 * DAY)),
    ]);
    t.equal(await store.read.complaints.maxEventSeq(), e2.seq);
    t.strictSame(await store.read.complaints.storedThrough(), { complaint: s3, event: e2.seq });
    t.strictSame(
      await store.read.complaints.eventsAfter(0, 10),
      [
        { ...e1, complainantId: 'p_b' },
        { ...e2, complainantId: 'p_a' },
      ],
      'in storage order (not by date), with the complainant record',
    );
    t.strictSame(await store.read.complaints.eventsAfter(e1.seq, 10), [{ ...e2, complainantId: 'p_a' }]);
    t.strictSame(await store.read.complaints.eventsAfter(0, 1), [{ ...e1, complainantId: 'p_b' }], 'at most `limit`');
  });
};
