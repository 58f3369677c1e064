/**
 * Hot queries are prepared once with named placeholders. A list parameter cannot be a fixed
 * number of placeholders, so lists travel as one JSON array and are expanded by json_each:
 * one prepared statement serves any list length.
 */
import { sql, type SQL, type Column } from 'drizzle-orm';

export function inList(column: Column | SQL, placeholder: string): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${sql.placeholder(placeholder)}))`;
}

export const list = (values: readonly unknown[]): string => JSON.stringify(values);
