/**
 * Indexes a bulk load goes without (storage/sqlite/deferred-indexes.ts): dropped with their
 * definitions kept, the service goes on storing complaints and events without them, and whichever
 * comes first — the load's end or the next opening of the database — builds them again exactly as
 * the migrations made them.
 */
import t from 'tap';
import { join } from 'node:path';
import { buildTestApp, tempDir } from '../helpers/app.js';
import { complaint } from '../helpers/factories.js';
import { openStore } from '../../src/storage/open-store.js';
import { loadConfig } from '../../src/config.js';
import { indexesOf as schemaOf } from '../helpers/schema.js';

const DEFERRED = ['complaints_by_complainant', 'complaints_received', 'events_by_complainant'];

t.test('deferred indexes are listed while dropped and built again by the load or by the next opening', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'sieve.db');
  const first = await buildTestApp(t, { dir });
  const migrated = schemaOf(path);
  t.same(migrated.deferred, [], 'nothing is deferred after the migrations');

  t.same((await first.app.store.deferIndexes!()).sort(), DEFERRED, 'the three indexes the load reads nothing through are dropped');
  const during = schemaOf(path);
  t.same(
    during.indexes.map((i) => i.name),
    migrated.indexes.map((i) => i.name).filter((n) => !DEFERRED.includes(n)),
  );
  t.same(during.deferred, DEFERRED, 'and listed with their definitions');
  t.same(await first.app.store.deferIndexes!(), [], 'deferring again drops nothing more');

  // The service stores without them: complaints with near-duplicates (pairs), and an event.
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await first.post(
      'intake',
      '/v1/complaints',
      complaint({ externalId: `X-${i}`, text: '我在店里买的酸奶标签上没有生产日期，违反食品安全法，要求十倍赔偿一千元。' }),
    );
    t.equal(res.statusCode, 201, `complaint ${i} stored`);
    ids.push(res.json().id);
  }
  const event = await first.post('intake', `/v1/complaints/${ids[0]}/events`, { type: 'settled', at: '2026-03-02T10:00:00+08:00' });
  t.equal(event.statusCode, 201, 'an event stored');

  // Built again by the store (the load's end), one transaction each, the list emptied.
  const built = await first.app.store.restoreIndexes!();
  t.same(
    built.map((b) => b.name).sort(),
    [...DEFERRED, 'similar_pairs_by_older'].sort(),
    'and the pairs the load stored are merged into their table by the older complaint',
  );
  t.same(schemaOf(path), migrated, 'the schema is again the migrations’ own');

  // Left deferred (a load that never finished), the next opening builds them before anything else.
  await first.app.store.deferIndexes!();
  await first.app.close();
  const warned: string[] = [];
  const opened = openStore(loadConfig({ SIEVE_DATA_DIR: dir, SIEVE_PII_KEY: 'ab'.repeat(32) }), {
    warn: (obj) => void warned.push((obj as { index: string }).index),
    error: () => undefined,
  });
  opened.store.close();
  t.same(warned.sort(), DEFERRED, 'the opening says which indexes it builds');
  t.same(schemaOf(path), migrated, 'and leaves the schema as the migrations made it');
  const again = await buildTestApp(t, { dir });
  const stored = await again.get('reviewer', `/v1/complaints/${ids[2]}`);
  t.equal(stored.statusCode, 200, 'the service opens on it');
  t.equal(stored.json().similar.length, 2, 'with the pairs stored while the indexes were away');
  const first0 = await again.get('reviewer', `/v1/complaints/${ids[0]}`);
  t.equal(first0.json().similar.length, 2, 'read from their older end too');
});
