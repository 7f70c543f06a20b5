import { type SQL, sql } from 'drizzle-orm';

/**
 * Rows of `db.execute` as plain objects: postgres-js returns an array, PGlite
 * an object with `rows`.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** Column name → SQL type (`text`, `bigint`, `timestamptz`, `jsonb`), in the order each row lists its values. */
export type JsonColumns = Readonly<Record<string, string>>;

/**
 * Many rows as ONE jsonb parameter, for `insert ... select ... from` it: a
 * derived table `alias` with `columns`. Each row is an array of its values in
 * column order, without key names: drizzle's builder spends more time on a
 * 1,000-row × 15-column VALUES list than Postgres spends inserting it, and the
 * parameter is copied several times by either driver and parsed by Postgres,
 * so its size counts. A JSON null reads as SQL NULL in every column, as with
 * `jsonb_to_recordset`.
 */
export function jsonRows(columns: JsonColumns, rows: readonly (readonly unknown[])[], alias: string): SQL {
  const fields = Object.entries(columns).map(([name, type], i) => {
    const value = type === 'jsonb' ? `nullif(e->${i}, 'null'::jsonb)` : `(e->>${i})::${type}`;
    return `${value} as "${name}"`;
  });
  return sql`(select ${sql.raw(fields.join(', '))} from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) as e) as ${sql.raw(`"${alias}"`)}`;
}
