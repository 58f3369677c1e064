/**
 * Indexes a bulk load goes without. Nothing the import reads while it loads goes through them, and
 * each row it stores would otherwise be inserted into them at a random place — at a million
 * complaints, a page of the WAL written per pair of near-duplicates. Dropped for the load, they are
 * built again at its end in one sorted pass (`CREATE INDEX`), which costs a fraction of keeping
 * them up to date row by row.
 *
 * Their definitions are kept in the settings table by the transaction that drops them, and an
 * index is built again in the same transaction that takes it off that list. So whatever stops a
 * load (Ctrl-C, a crash, a bureau that gives up), the next process to open the database finds
 * them listed and builds them before anything else (connection.ts): the schema is never left
 * short of an index.
 */
import type Database from 'better-sqlite3';

/** Read by no statement of the import's load: history by complainant or receipt, events by complainant. */
const DEFERRABLE = ['complaints_by_complainant', 'complaints_received', 'events_by_complainant'];
const SETTING = 'bulk-load.deferred-indexes';

interface Deferred {
  name: string;
  sql: string;
}

function listed(client: Database.Database): Deferred[] {
  const hasSettings = client.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'").get();
  if (!hasSettings) return [];
  const row = client.prepare('SELECT value FROM settings WHERE key = ?').get(SETTING) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as Deferred[]) : [];
}

function list(client: Database.Database, deferred: Deferred[]): void {
  if (deferred.length)
    client
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(SETTING, JSON.stringify(deferred));
  else client.prepare('DELETE FROM settings WHERE key = ?').run(SETTING);
}

/** Drops the deferrable indexes that exist, listing their definitions in the same transaction. */
export function deferIndexes(client: Database.Database): string[] {
  return client.transaction(() => {
    const present = client
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN (${DEFERRABLE.map(() => '?').join(', ')})`)
      .all(...DEFERRABLE) as Deferred[];
    list(client, [...listed(client), ...present]);
    for (const { name } of present) client.exec(`DROP INDEX "${name}"`);
    return present.map((d) => d.name);
  })();
}

/**
 * Builds every listed index again, each in a transaction that also takes it off the list; `onIndex`
 * is told each one before it is built (it may take a minute at a million rows).
 */
export function restoreDeferredIndexes(client: Database.Database, onIndex?: (name: string) => void): Array<{ name: string; ms: number }> {
  const built: Array<{ name: string; ms: number }> = [];
  for (let deferred = listed(client); deferred.length; deferred = listed(client)) {
    const [next, ...rest] = deferred;
    onIndex?.(next.name);
    const started = performance.now();
    client.transaction(() => {
      client.exec(next.sql);
      list(client, rest);
    })();
    built.push({ name: next.name, ms: performance.now() - started });
  }
  return built;
}
