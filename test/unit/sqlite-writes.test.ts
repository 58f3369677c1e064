/**
 * Writes the SQLite store leaves out (storage/sqlite/*.repository.ts): every complaint attaches
 * its filer's identifiers again, and a page written for nothing is a page the WAL, the checkpoint
 * and the next reader pay for. What the store answers is the contract suite's; this file checks
 * what it writes to reach it.
 */
import t from 'tap';
import { join } from 'node:path';
import { openSqlite } from '../../src/storage/sqlite/connection.js';
import { createSqliteStore } from '../../src/storage/sqlite/store.js';
import { tempDir } from '../helpers/app.js';
import { complainantRow } from '../contract/factories.js';

t.test('attaching an identifier again changes no row unless it was seen earlier', async (t) => {
  const db = openSqlite({ path: join(tempDir(t), 'sieve.db') });
  const store = createSqliteStore(db);
  t.teardown(() => store.close());
  const changes = () => (db.writer.$client.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  const phone = (firstSeenAt: number) => ({ complainantId: 'p_a', type: 'phone' as const, hash: 'ph-1', masked: '138****0000', firstSeenAt });
  await store.write(async (tx) => {
    await tx.identity.create(complainantRow('p_a'));
    await tx.identity.attach(phone(5_000));
  });
  const before = changes();
  await store.write((tx) => tx.identity.attach(phone(9_000)));
  t.equal(changes(), before, 'a later sighting writes nothing');
  await store.write((tx) => tx.identity.attach(phone(2_000)));
  t.equal(changes(), before + 1, 'an earlier one rewrites the row');
  t.same(
    (await store.read.identity.identifiersOf(['p_a'])).map((r) => r.firstSeenAt),
    [2_000],
    'which keeps the earliest sighting',
  );
});
