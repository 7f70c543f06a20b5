import { type SQL, sql } from 'drizzle-orm';
import type { Database, Tx } from './open-database';

/**
 * Rows of `db.execute` as plain objects: postgres-js returns an array, PGlite
 * an object with `rows`.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * Inserts many rows through ONE jsonb parameter expanded by
 * `jsonb_to_recordset`. Drizzle's builder spends more time assembling a
 * 1,000-row × 15-column VALUES list than Postgres spends inserting it; one
 * parameter costs neither side anything. `columns` maps each column to its SQL
 * type; `tail` is appended (e.g. `on conflict do nothing returning ...`).
 */
export async function insertJsonRows<T = unknown>(
  db: Database | Tx,
  table: string,
  columns: Record<string, string>,
  rows: readonly Record<string, unknown>[],
  tail: SQL = sql``,
): Promise<T[]> {
  if (rows.length === 0) return [];
  const names = Object.keys(columns);
  const list = sql.raw(names.map((n) => `"${n}"`).join(', '));
  const shape = sql.raw(names.map((n) => `"${n}" ${columns[n]}`).join(', '));
  const result = await db.execute(
    sql`insert into ${sql.raw(`"${table}"`)} (${list}) select ${list} from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${shape}) ${tail}`,
  );
  return rowsOf<T>(result);
}
