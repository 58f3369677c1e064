/**
 * WAL checkpoints run on a thread of their own (storage/sqlite/checkpointer.ts): committed pages
 * reach the database file before the writer's own threshold, the WAL stays bounded under steady
 * commits — started over by the thread, the store's writer pausing for it, or by the writer's own
 * checkpoint — a restart that cannot be made holds the writer only briefly and asynchronously,
 * closing stops the thread and leaves neither a WAL nor a descriptor of the file behind, a process
 * that never closes its store still exits, and a thread that fails says so.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { openSqlite } from '../../src/storage/sqlite/connection.js';
import { RESTART_PAGES, startCheckpointer, WRITER_AUTOCHECKPOINT } from '../../src/storage/sqlite/checkpointer.js';
import { createSqliteStore } from '../../src/storage/sqlite/store.js';
import Database from 'better-sqlite3';
import { projectRoot } from '../../src/shared/project-root.js';
import { tempDir } from '../helpers/app.js';

const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

/** A store on a fresh file with a table to fill, whose writer never checkpoints: only the thread can start the WAL over. */
function storeOfFiller(t: { teardown(fn: () => void): void }) {
  const path = join(tempDir(t), 'sieve.db');
  const db = openSqlite({ path });
  db.writer.$client.pragma('wal_autocheckpoint = 0');
  const store = createSqliteStore(db);
  t.teardown(() => store.close());
  db.writer.$client.exec('CREATE TABLE filler (n INTEGER PRIMARY KEY, body TEXT)');
  const pageSize = db.writer.$client.pragma('page_size', { simple: true }) as number;
  return { path, db, store, pageSize, insert: db.writer.$client.prepare('INSERT INTO filler (body) VALUES (?)') };
}

t.test('committed pages reach the database file before the writer would checkpoint them', async (t) => {
  const path = join(tempDir(t), 'sieve.db');
  const db = openSqlite({ path });
  t.teardown(() => db.close());
  t.equal(db.writer.$client.pragma('wal_autocheckpoint', { simple: true }), WRITER_AUTOCHECKPOINT);
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

t.test('under steady commits the WAL stays near the threshold of the writer, which starts it over', async (t) => {
  const path = join(tempDir(t), 'sieve.db');
  const db = openSqlite({ path });
  t.teardown(() => db.close());
  db.writer.$client.exec('CREATE TABLE filler (n INTEGER PRIMARY KEY, body TEXT)');
  const insert = db.writer.$client.prepare('INSERT INTO filler (body) VALUES (?)');
  const pageSize = db.writer.$client.pragma('page_size', { simple: true }) as number;
  // More than half a page: a row takes a page of its own, whatever the page size.
  const body = 'z'.repeat(Math.ceil(pageSize * 0.6));
  let largest = 0;
  // 60,000 pages (490 MB of 8 KiB pages) in one-row transactions, while the thread checkpoints beside them.
  for (let i = 0; i < 60_000; i++) {
    insert.run(body);
    if (i % 1000 === 0) {
      largest = Math.max(largest, size(`${path}-wal`));
      await sleep(1);
    }
  }
  largest = Math.max(largest, size(`${path}-wal`));
  // On the thread's passive checkpoints alone it grew to the whole of what was written.
  const threshold = WRITER_AUTOCHECKPOINT * pageSize;
  t.ok(largest < threshold * 2, `the WAL reached ${(largest / 2 ** 20).toFixed(1)} MB, the threshold being ${(threshold / 2 ** 20).toFixed(0)} MB`);
  t.equal(db.reader.get<{ n: number }>(sql`SELECT count(*) AS n FROM filler`)?.n, 60_000, 'every row is there');
});

t.test('the thread starts the WAL over by itself, the writer pausing for it between transactions', async (t) => {
  const { path, db, store, insert } = storeOfFiller(t);
  const body = 'w'.repeat(3000);
  let largest = 0;
  // ~350 MB in transactions of 100 rows through the store, yielding now and then
  // as the service does between transaction groups.
  for (let i = 0; i < 900; i++) {
    await store.write(async () => {
      for (let r = 0; r < 100; r++) insert.run(body);
    });
    largest = Math.max(largest, size(`${path}-wal`));
    await sleep(1);
  }
  // Without the thread's restarts the WAL holds all 350 MB; with them it is started over every
  // RESTART_PAGES (80 MB of 8 KiB pages) and cut back to 128 MB (journal_size_limit) when it has grown past that.
  t.ok(largest < 250 * 2 ** 20, `the WAL reached ${(largest / 2 ** 20).toFixed(1)} MB of the 350 MB written`);
  t.equal(db.reader.get<{ n: number }>(sql`SELECT count(*) AS n FROM filler`)?.n, 90_000, 'every row is there');
});

t.test('a restart that cannot be made holds the writer briefly, and never the thread that answers', async (t) => {
  const { path, store, pageSize, insert } = storeOfFiller(t);
  // A reader on an old snapshot: no checkpoint can copy past it, so no restart can be made.
  const old = new Database(path, { readonly: true });
  t.teardown(() => old.close());
  old.exec('BEGIN');
  old.prepare('SELECT count(*) FROM filler').get();
  // A row of more than half a page takes a page of its own.
  for (let i = 0; i < RESTART_PAGES / 100 + 20; i++)
    await store.write(async () => {
      for (let r = 0; r < 100; r++) insert.run('v'.repeat(Math.ceil(pageSize * 0.6)));
    });
  t.ok(size(`${path}-wal`) > RESTART_PAGES * pageSize, "the WAL is past the thread's threshold");
  // The loop below never waits for a timer itself: a timer runs inside a write only if that
  // write waited asynchronously, which only a pause asked for by the thread does.
  const ticks: number[] = [];
  const ticker = setInterval(() => ticks.push(performance.now()), 2);
  const waits: Array<{ ms: number; timersRan: boolean }> = [];
  const end = performance.now() + 20_000;
  while (performance.now() < end && !waits.some((w) => w.timersRan)) {
    const from = performance.now();
    await store.write(async () => void insert.run('u'));
    const to = performance.now();
    waits.push({ ms: to - from, timersRan: ticks.some((at) => at > from && at < to) });
  }
  clearInterval(ticker);
  old.exec('COMMIT');
  const paused = waits.filter((w) => w.timersRan);
  t.ok(paused.length > 0, 'the thread asked the writer to pause, and timers ran while it waited');
  const longest = Math.max(...waits.map((w) => w.ms));
  t.ok(longest < 1000, `the longest write took ${longest.toFixed(0)} ms: the thread gives up on a restart it cannot make`);
});

t.test('a process that never closes its store still exits', async (t) => {
  const path = join(tempDir(t), 'sieve.db');
  const connection = pathToFileURL(join(projectRoot, 'src', 'storage', 'sqlite', 'connection.ts')).href;
  const code = `import(${JSON.stringify(connection)}).then((m) => { m.openSqlite({ path: ${JSON.stringify(path)} }); console.log('opened'); });`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', code], { timeout: 60_000, encoding: 'utf8' });
  t.match(out, /opened/, 'it opened the store and ended by itself');
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

t.test("closing the store closes the thread's own descriptor of the database file too", async (t) => {
  const path = join(tempDir(t), 'sieve.db');
  // This process's descriptors of the file: SQLite's connections and the one the thread syncs.
  const open = () =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === path;
      } catch {
        return false;
      }
    }).length;
  const db = openSqlite({ path });
  db.writer.$client.exec('CREATE TABLE filler (n INTEGER PRIMARY KEY, body TEXT)');
  await until('the thread has opened its connection', () => open() >= 4);
  db.close();
  t.equal(open(), 0, 'no descriptor of the file is left open');
});

t.test('a thread that cannot open the database reports its failure', async (t) => {
  // The thread does not keep the process alive; this test must, until the failure arrives.
  const alive = setInterval(() => undefined, 1000);
  t.teardown(() => clearInterval(alive));
  const failure = await new Promise<Error>((resolve) => {
    const c = startCheckpointer(join(tempDir(t), 'missing', 'sieve.db'), { onFailure: resolve });
    t.teardown(() => c.stop());
  });
  t.match(failure.message, /unable to open|directory does not exist|SQLITE_CANTOPEN/i);
});
