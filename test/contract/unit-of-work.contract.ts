/**
 * The unit of work, `Store.write(fn)`.
 *
 * - Everything `fn` writes, through any repository of the context, commits together and `write`
 *   answers what `fn` answered. If `fn` throws, nothing it wrote stays (the audit chain included:
 *   the next append takes the same seq), the `onRollback` hooks run newest first, and `write`
 *   rejects with that error.
 * - `savepoint(inner)` is a nested unit: if `inner` throws, its writes are undone, the hooks
 *   registered inside it run (newest first) and the error reaches the caller, while the
 *   transaction goes on and may commit. A savepoint that succeeds answers `inner`'s value and hands
 *   its hooks to the enclosing unit: they run if that is undone later.
 * - Writers started at once never lose each other's updates: each reads a value and writes it back
 *   changed, and the result is as if they ran one after another. A backend that queues its
 *   writers (`queuedWrites`) also never interleaves them, and a failing writer does not hold up
 *   the queue. `onWriteWait`, when set, is told how long each write transaction waited (seconds).
 * - Where the backend promises it (`committedReads`), `store.read` sees only committed data: not
 *   the rows of a transaction still open, nor of one undone.
 */
import type { Store } from '../../src/storage/ports.js';
import type { ContractGroup } from './harness.js';
import { complaintRow, sessionRow, T0 } from './factories.js';

const audit = (i: number) => ({ entityType: 'registry_entry', entityId: 'r_1', action: 'claim', actor: 'rev-alice', at: T0 + i });

async function nothingOf(store: Store): Promise<unknown[]> {
  return [
    await store.read.complaints.count(),
    await store.read.identity.countRoots(),
    await store.read.assessments.setting('k'),
    await store.read.audit.head(),
    await store.read.registry.getAllow('a_1'),
    await store.read.sessions.findByHash('token-ss_1'),
  ];
}

export const unitOfWorkContract: ContractGroup = (t, fresh, capabilities) => {
  t.test('write: commits what every repository wrote and answers the value', async (t) => {
    const { store } = await fresh(t);
    const value = await store.write(async (tx) => {
      const seq = await tx.complaints.insert(complaintRow(1));
      await tx.identity.create({ id: 'p_a', keyType: 'id', keyHash: 'h', idType: null, name: null, createdAt: T0 });
      await tx.assessments.setSetting('k', 'v');
      await tx.audit.append(audit(1));
      return { seq };
    });
    t.strictSame(value, { seq: (await store.read.complaints.findById('c_1'))?.seq });
    t.equal(await store.read.identity.countRoots(), 1);
    t.equal(await store.read.assessments.setting('k'), 'v');
    t.equal((await store.read.audit.head())?.seq, 1);
  });

  t.test('write: a throw undoes everything, runs the rollback hooks newest first and rejects with the error', async (t) => {
    const { store } = await fresh(t);
    const before = await nothingOf(store);
    const log: string[] = [];
    const failure = new Error('domain refusal');
    const outcome = await store
      .write(async (tx) => {
        await tx.complaints.insert(complaintRow(1));
        tx.onRollback(() => log.push('first'));
        await tx.identity.create({ id: 'p_a', keyType: 'id', keyHash: 'h', idType: null, name: null, createdAt: T0 });
        await tx.assessments.setSetting('k', 'v');
        await tx.audit.append(audit(1));
        await tx.registry.insertAllow({
          id: 'a_1',
          complainantId: 'p_a',
          reason: 'r',
          expiresAt: T0,
          createdBy: 'x',
          createdAt: T0,
          revokedAt: null,
          revokedBy: null,
        });
        await tx.sessions.insert(sessionRow('ss_1'));
        tx.onRollback(() => log.push('second'));
        throw failure;
      })
      .catch((err: unknown) => err);
    t.equal(outcome, failure, 'the same error');
    t.strictSame(log, ['second', 'first']);
    t.strictSame(await nothingOf(store), before, 'nothing stays');
    t.equal((await store.write((tx) => tx.audit.append(audit(2)))).seq, 1, 'the audit chain has no gap where the undone record was');
    t.equal(await store.write(async (tx) => tx.complaints.insert(complaintRow(1)).then(() => 'stored again')), 'stored again', 'the store goes on');
  });

  t.test('savepoint: a failing one undoes only its own writes and runs only its own hooks; the transaction commits', async (t) => {
    const { store } = await fresh(t);
    const log: string[] = [];
    const value = await store.write(async (tx) => {
      await tx.assessments.setSetting('outer', '1');
      tx.onRollback(() => log.push('outer'));
      const failed = await tx
        .savepoint(async () => {
          await tx.assessments.setSetting('inner', '1');
          await tx.complaints.insert(complaintRow(1));
          await tx.audit.append(audit(1));
          tx.onRollback(() => log.push('inner 1'));
          tx.onRollback(() => log.push('inner 2'));
          throw new Error('item failed');
        })
        .catch((err: Error) => err.message);
      t.equal(failed, 'item failed', 'the savepoint rejects with its error');
      t.strictSame(log, ['inner 2', 'inner 1'], "its hooks ran at once, newest first; the transaction's did not");
      t.equal(await tx.assessments.setting('inner'), undefined, 'its writes are gone inside the transaction too');
      t.equal(await tx.assessments.setting('outer'), '1', 'the writes before it stay');
      await tx.assessments.setSetting('after', '1');
      return tx.savepoint(async () => {
        await tx.complaints.insert(complaintRow(2));
        tx.onRollback(() => log.push('kept'));
        return 'from the second savepoint';
      });
    });
    t.equal(value, 'from the second savepoint', 'a savepoint answers its value');
    t.strictSame(log, ['inner 2', 'inner 1'], 'no other hook ran');
    t.strictSame(
      [await store.read.assessments.setting('outer'), await store.read.assessments.setting('inner'), await store.read.assessments.setting('after')],
      ['1', undefined, '1'],
    );
    t.equal(await store.read.complaints.findById('c_1'), undefined);
    t.equal((await store.read.complaints.findById('c_2'))?.id, 'c_2');
    t.equal(await store.read.audit.head(), undefined, 'an audit record appended in the undone savepoint is gone');
  });

  t.test('savepoint: nested units; the hooks of a released one run when the transaction is undone later', async (t) => {
    const { store } = await fresh(t);
    const nested = async (tx: Parameters<Parameters<Store['write']>[0]>[0], log: string[], n: number) =>
      tx.savepoint(async () => {
        await tx.complaints.insert(complaintRow(n));
        tx.onRollback(() => log.push(`released ${n}`));
        await tx
          .savepoint(async () => {
            await tx.complaints.insert(complaintRow(n + 1));
            tx.onRollback(() => log.push(`nested ${n + 1}`));
            throw new Error('inner');
          })
          .catch(() => undefined);
        await tx.complaints.insert(complaintRow(n + 2));
      });

    const kept: string[] = [];
    await store.write((tx) => nested(tx, kept, 1));
    t.strictSame(kept, ['nested 2'], 'only the failed nested unit ran its hook');
    const stored = async (...ids: string[]) => Promise.all(ids.map(async (id) => (await store.read.complaints.findById(id)) !== undefined));
    t.strictSame(await stored('c_1', 'c_2', 'c_3'), [true, false, true], 'the failed nested unit alone is undone');

    const undone: string[] = [];
    await t.rejects(
      store.write(async (tx) => {
        await nested(tx, undone, 11);
        throw new Error('later');
      }),
      { message: 'later' },
    );
    t.strictSame(undone, ['nested 12', 'released 11'], "the released savepoint's hook ran with the transaction's rollback");
    t.equal(await store.read.complaints.count(), 2, 'nothing of the undone transaction stays');
  });

  t.test('write: writers started at once do not lose updates; a failing one does not hold up the others', async (t) => {
    const { store } = await fresh(t);
    await store.write((tx) => tx.assessments.setSetting('counter', '0'));
    const writers = 8;
    const log: string[] = [];
    const waits: number[] = [];
    store.onWriteWait = (seconds) => waits.push(seconds);
    const runs = Array.from({ length: writers }, (_, i) =>
      store.write(async (tx) => {
        log.push(`start ${i}`);
        const n = Number(await tx.assessments.setting('counter'));
        await new Promise((resolve) => setTimeout(resolve, 2));
        await tx.assessments.setSetting('counter', String(n + 1));
        log.push(`end ${i}`);
        if (i === 3) throw new Error('writer 3 fails');
        return n;
      }),
    );
    const settled = await Promise.allSettled(runs);
    t.equal(await store.read.assessments.setting('counter'), String(writers - 1), 'each committed writer added one');
    t.strictSame(
      settled.map((s) => s.status),
      Array.from({ length: writers }, (_, i) => (i === 3 ? 'rejected' : 'fulfilled')),
    );
    const seen = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])).sort((a, b) => a - b);
    t.equal(new Set(seen).size, writers - 1, 'no two committed writers read the same value');
    t.ok(waits.length === writers && waits.every((w) => w >= 0), 'onWriteWait is told how long each write waited, in seconds');
    if (capabilities.queuedWrites) {
      const pairs = Array.from({ length: log.length / 2 }, (_, k) => [log[2 * k], log[2 * k + 1]]);
      t.ok(
        pairs.every(([a, b]) => a.startsWith('start ') && b === a.replace('start', 'end')),
        'no writer starts before the one before it ends',
      );
    }
  });

  t.test(
    'write: reads outside a transaction see only what is committed',
    { skip: !capabilities.committedReads && 'not promised by this backend' },
    async (t) => {
      const { store } = await fresh(t);
      await store.write(async (tx) => {
        await tx.complaints.insert(complaintRow(1));
        await tx.assessments.setSetting('k', 'v');
        t.equal((await tx.complaints.findById('c_1'))?.id, 'c_1', 'the transaction sees its own writes');
        await new Promise((resolve) => setTimeout(resolve, 1));
        t.equal(await store.read.complaints.findById('c_1'), undefined, 'a read outside does not see rows not yet committed');
        t.equal(await store.read.complaints.count(), 0);
        t.equal(await store.read.assessments.setting('k'), undefined);
      });
      t.equal((await store.read.complaints.findById('c_1'))?.id, 'c_1', 'seen once committed');
      t.equal(await store.read.assessments.setting('k'), 'v');
    },
  );
};
