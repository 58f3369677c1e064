import Database from 'better-sqlite3';

/** The indexes of a database file (name and definition) and those a bulk load left to build (deferred-indexes.ts). */
export function indexesOf(path: string): { indexes: Array<{ name: string; sql: string }>; deferred: string[] } {
  const db = new Database(path, { readonly: true });
  try {
    const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all() as Array<{
      name: string;
      sql: string;
    }>;
    const listed = db.prepare("SELECT value FROM settings WHERE key = 'bulk-load.deferred-indexes'").get() as { value: string } | undefined;
    return { indexes, deferred: listed ? (JSON.parse(listed.value) as Array<{ name: string }>).map((d) => d.name).sort() : [] };
  } finally {
    db.close();
  }
}
