/**
 * WAL checkpoints run on a thread of their own (storage/sqlite/checkpointer.ts): committed pages
 * reach the database file while the writer goes on, the writer's own checkpoint is off, closing
 * stops the thread and leaves no WAL behind, and a thread that fails hands checkpoints back.
 */
import t from 'tap';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { openSqlite } from '../../src/storage/sqlite/connection.js';
import { startCheckpointer } from '../../src/storage/sqlite/checkpointer.js';
import { tempDir } from '../helpers/app.js';

const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

t.test('committed pages reach the database file without a checkpoint by the writer', async (t) => {
  const path = join(tempDir(t), 'sieve.db');
  const db = openSqlite({ path });
  t.teardown(() => db.close());
  t.equal(db.writer.$client.pragma('wal_autocheckpoint', { simple: true }), 0, 'the writer never checkpoints inside a commit');
  await until('the migrations are in the database file', () => size(path) > 0);
  const before = size(path);
  const text = 'x'.repeat(2000);
  // ~1,000 pages: far below the writer's own threshold of 10,000, so only the thread copies them.
  db.writer.$client.exec('CREATE TABLE filler (n INTEGER PRIMARY KEY, body TEXT)');
  const insert = db.writer.$client.prepare('INSERT INTO filler (body) VALUES (?)');
  for (let i = 0; i < 2000; i++) insert.run(text);
  await until('the database file has grown by the committed rows', () => size(path) > before + 2000 * 2000);
  t.equal(db.reader.get<{ n: number }>(sql`SELECT count(*) AS n FROM filler`)?.n, 2000, 'a reader sees every row');
});

t.test('closing stops the thread and leaves the database whole, with an empty WAL', async (t) => {
  const path = join(tempDir(t), 'sieve.db');
  const db = openSqlite({ path });
  db.writer.$client.exec('CREATE TABLE filler (n INTEGER PRIMARY KEY, body TEXT)');
  const insert = db.writer.$client.prepare('INSERT INTO filler (body) VALUES (?)');
  for (let i = 0; i < 500; i++) insert.run('y'.repeat(1000));
  db.close();
  t.equal(size(`${path}-wal`), 0, 'the WAL was checkpointed into the database and truncated');
  const again = openSqlite({ path });
  t.teardown(() => again.close());
  t.equal(again.reader.get<{ n: number }>(sql`SELECT count(*) AS n FROM filler`)?.n, 500);
});

t.test('a thread that cannot open the database reports its failure, so the writer checkpoints again', async (t) => {
  const failure = await new Promise<Error>((resolve) => {
    const c = startCheckpointer(join(tempDir(t), 'missing', 'sieve.db'), { onFailure: resolve });
    t.teardown(() => c.stop());
  });
  t.match(failure.message, /unable to open|directory does not exist|SQLITE_CANTOPEN/i);
});
