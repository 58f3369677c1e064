/**
 * Rescans and their items.
 *
 * - A rescan reads back as written; `update` changes only what it patches; `inState` lists one
 *   state's rescans oldest first, ties by id.
 * - Items are kept once per (rescan, complainant): storing one again keeps the first (a resumed run
 *   repeats a batch). `items(rescanId, afterId, limit)` pages them in complainant-id order after the
 *   cursor; `doneIds` is every complainant with an item.
 * - `deleteFinishedItems(limit)` deletes at most `limit` items of rescans that are done or failed,
 *   never those of queued or running ones, and answers how many went.
 */
import type { ContractGroup } from './harness.js';
import type { RescanDiff } from '../../src/rescan/types.js';
import { finding, rescanItem, rescanRow, T0 } from './factories.js';

export const rescansContract: ContractGroup = (t, fresh) => {
  t.test('rescans: read back as written, updated by patch, listed by state oldest first', async (t) => {
    const { store } = await fresh(t);
    const r1 = rescanRow('rs_1', { dryRun: true, asOf: T0 + 5 });
    await store.write(async (tx) => {
      await tx.rescans.insert(r1);
      await tx.rescans.insert(rescanRow('rs_0', { createdAt: T0 + 1 }));
      await tx.rescans.insert(rescanRow('rs_2', { createdAt: T0 + 1 }));
      await tx.rescans.insert(rescanRow('rs_3', { state: 'done', createdAt: T0 - 1 }));
    });
    t.strictSame(await store.read.rescans.get('rs_1'), r1);
    t.equal(await store.read.rescans.get('rs_nope'), undefined);
    await t.rejects(
      store.write((tx) => tx.rescans.insert(r1)),
      'an id is stored once',
    );

    const diff: RescanDiff = {
      newlyFlagged: [{ complainantId: 'p_a', score: 60, level: 'review' }],
      noLongerReview: [],
      unchanged: 1,
      counts: { evaluated: 2, newlyFlagged: 1, noLongerReview: 0, levelChanged: 1 },
      byIndicator: { VOLUME_YEAR: { before: 0, after: 1 } },
      examples: [],
      summary: '1 newly flagged',
    };
    await store.write((tx) => tx.rescans.update('rs_1', { state: 'done', startedAt: T0 + 10, finishedAt: T0 + 20, progressDone: 5, progressTotal: 5, diff }));
    t.strictSame(await store.read.rescans.get('rs_1'), {
      ...r1,
      state: 'done',
      startedAt: T0 + 10,
      finishedAt: T0 + 20,
      progressDone: 5,
      progressTotal: 5,
      diff,
    });
    await store.write((tx) => tx.rescans.update('rs_2', { state: 'failed', error: 'worker exited' }));
    t.equal((await store.read.rescans.get('rs_2'))?.error, 'worker exited');

    t.strictSame(
      (await store.read.rescans.inState('queued')).map((r) => r.id),
      ['rs_0'],
    );
    t.strictSame(
      (await store.read.rescans.inState('done')).map((r) => r.id),
      ['rs_3', 'rs_1'],
      'oldest first',
    );
    t.strictSame(await store.read.rescans.inState('running'), []);
  });

  t.test('rescan items: once per complainant, paged in id order after a cursor', async (t) => {
    const { store } = await fresh(t);
    const full = rescanItem('p_c', {
      findings: { codes: ['BURST'], beforeCodes: ['BURST', 'TEMPLATE_SELF'], full: [finding('BURST')] },
      outcome: 'below_review',
      afterLevel: 'watch',
      afterScore: 45,
    });
    await store.write(async (tx) => {
      await tx.rescans.insert(rescanRow('rs_1'));
      await tx.rescans.insertItems('rs_1', [rescanItem('p_b'), full, rescanItem('p_e', { outcome: 'open_entry' })]);
      await tx.rescans.insertItems('rs_1', [rescanItem('p_a', { outcome: 'allow_listed' }), rescanItem('p_b', { outcome: 'same_evidence', afterScore: 1 })]);
      await tx.rescans.insertItems('rs_1', []);
      await tx.rescans.insertItems('rs_other', [rescanItem('p_a', { outcome: 'same_evidence' })]);
    });
    t.strictSame(
      await store.read.rescans.items('rs_1', '', 2),
      [rescanItem('p_a', { outcome: 'allow_listed' }), rescanItem('p_b')],
      'in id order; a repeated item keeps the first',
    );
    t.strictSame(await store.read.rescans.items('rs_1', 'p_b', 2), [full, rescanItem('p_e', { outcome: 'open_entry' })], 'after the cursor, whole');
    t.strictSame(await store.read.rescans.items('rs_1', 'p_e', 2), []);
    t.strictSame([...(await store.read.rescans.doneIds('rs_1'))].sort(), ['p_a', 'p_b', 'p_c', 'p_e']);
    t.strictSame([...(await store.read.rescans.doneIds('rs_other'))], ['p_a'], 'items are per rescan');
    t.strictSame(await store.read.rescans.doneIds('rs_nope'), new Set());
  });

  t.test('rescan items: only those of finished rescans are deleted, at most `limit` at a time', async (t) => {
    const { store } = await fresh(t);
    const items = (n: number) => Array.from({ length: n }, (_, i) => rescanItem(`p_${i}`));
    await store.write(async (tx) => {
      await tx.rescans.insert(rescanRow('rs_done', { state: 'done' }));
      await tx.rescans.insert(rescanRow('rs_failed', { state: 'failed' }));
      await tx.rescans.insert(rescanRow('rs_running', { state: 'running' }));
      await tx.rescans.insert(rescanRow('rs_queued', { state: 'queued' }));
      await tx.rescans.insertItems('rs_done', items(3));
      await tx.rescans.insertItems('rs_failed', items(2));
      await tx.rescans.insertItems('rs_running', items(2));
      await tx.rescans.insertItems('rs_queued', items(1));
    });
    t.equal(await store.write((tx) => tx.rescans.deleteFinishedItems(4)), 4, 'at most `limit`');
    t.equal(await store.write((tx) => tx.rescans.deleteFinishedItems(4)), 1, 'the rest');
    t.equal(await store.write((tx) => tx.rescans.deleteFinishedItems(4)), 0);
    t.equal((await store.read.rescans.doneIds('rs_done')).size + (await store.read.rescans.doneIds('rs_failed')).size, 0);
    t.equal((await store.read.rescans.doneIds('rs_running')).size, 2, 'a running rescan keeps its items');
    t.equal((await store.read.rescans.doneIds('rs_queued')).size, 1);
  });
};
