/**
 * Hot queries are prepared once with named placeholders. A list parameter cannot be a fixed
 * number of placeholders, so lists travel as one JSON array and are expanded by json_each:
 * one prepared statement serves any list length.
 */
import { Column, is, sql, type SQL } from 'drizzle-orm';

export function inList(column: Column | SQL, placeholder: string): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${sql.placeholder(placeholder)}))`;
}

export const list = (values: readonly unknown[]): string => JSON.stringify(values);

/**
 * A named parameter as the value of a column in a prepared update's SET. Drizzle binds it through
 * the column's own encoding (JSON columns are stringified), as for a value; its types accept only
 * values there, so the placeholder is typed as the value the column takes.
 */
export const setTo = <T>(placeholder: string): T => sql.placeholder(placeholder) as unknown as T;

/** A prepared select that can hand back rows as arrays, in the order of its selected columns. */
interface ArrayRows {
  values(params?: Record<string, unknown>): unknown[][];
}

/**
 * Rows of a prepared select as objects keyed like `columns` (the object it selected), decoded by
 * each column's own mapping. Drizzle's `all()` does the same, but checks each value's kind on
 * every row; on the reads a rescan makes a million times that was a tenth of a worker's time.
 * `columns` must be the object passed to `select()`: its key order is the statement's column order.
 * SQL expressions among them come back as the driver gives them (no `mapWith`).
 */
export function rowReader<T>(columns: Record<string, Column | SQL>): (query: ArrayRows, params?: Record<string, unknown>) => T[] {
  const keys = Object.keys(columns);
  const decoders = keys.map((k) => {
    const c = columns[k];
    return is(c, Column) ? (v: unknown) => c.mapFromDriverValue(v) : (v: unknown) => v;
  });
  return (query, params) =>
    query.values(params).map((row) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) out[keys[i]] = row[i] === null ? null : decoders[i](row[i]);
      return out as T;
    });
}
