/** The cache of other people's complaint ids answers as the database does, and forgets an undone intake's seq. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { ComplaintIdCache } from '../../src/detection/complaint-ids.js';
import { openStore } from '../../src/storage/open-store.js';
import { complaintRow } from '../contract/factories.js';

t.test('ids are read once, then held; a seq taken out and stored again gets its new id', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sieve-ids-'));
  const { store } = openStore(loadConfig({ SIEVE_DATA_DIR: dir, LOG_LEVEL: 'silent' }));
  t.teardown(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const [a, b] = await store.write(async (tx) => [await tx.complaints.insert(complaintRow(1)), await tx.complaints.insert(complaintRow(2))]);
  const cache = new ComplaintIdCache(10);
  t.same(
    [...(await cache.of(store.read, [a, b, 999]))],
    [
      [a, 'c_1'],
      [b, 'c_2'],
    ],
    'the stored ones, and no id made up for a seq not stored',
  );
  t.equal(cache.size, 2, 'both held');

  // An intake undone after its seq was looked up: the seq is given to the next complaint.
  const undone = await store
    .write(async (tx) => {
      const seq = await tx.complaints.insert(complaintRow(3));
      await cache.of(tx, [seq]);
      tx.onRollback(() => cache.forget(seq));
      throw new Error('undone');
    })
    .catch((e: Error) => e.message);
  t.equal(undone, 'undone');
  const again = await store.write((tx) => tx.complaints.insert(complaintRow(4)));
  t.equal(again, b + 1, 'the undone seq is used again');
  t.same([...(await cache.of(store.read, [again]))], [[again, 'c_4']], 'and named by the complaint stored under it now');

  const small = new ComplaintIdCache(1);
  await small.of(store.read, [a, b]);
  t.equal(small.size, 1, 'no more ids held than the bound');
});
