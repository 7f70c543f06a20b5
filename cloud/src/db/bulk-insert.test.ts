import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase } from '../testing/test-database';
import { jsonRows, rowsOf } from './bulk-insert';
import type { OpenDatabase } from './open-database';

const COLUMNS = { t: 'text', n: 'bigint', at: 'timestamptz', j: 'jsonb', k: 'text' } as const;

describe.each(DATABASE_KINDS)('jsonRows on %s', (kind) => {
  let handle: OpenDatabase;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
  });
  afterAll(() => handle?.close());

  const read = async (rows: unknown[][]) =>
    rowsOf<Record<string, unknown>>(
      await handle.db.execute(
        sql`select r.t, r.n::text as n, to_char(r.at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') as at,
                   r.j, jsonb_typeof(r.j) as jt, r.k from ${jsonRows(COLUMNS, rows, 'r')}`,
      ),
    );

  it('reads every column of every row back as its SQL type', async () => {
    expect(
      await read([
        ['a', 1, '2026-11-25T10:00:00.000Z', { x: [1, 'y'] }, 'k1'],
        ['b"\\', '2', '2026-11-25T11:00:00Z', 'text', null],
      ]),
    ).toEqual([
      { t: 'a', n: '1', at: '2026-11-25 10:00:00', j: { x: [1, 'y'] }, jt: 'object', k: 'k1' },
      { t: 'b"\\', n: '2', at: '2026-11-25 11:00:00', j: 'text', jt: 'string', k: null },
    ]);
  });

  it('reads JSON null, or a missing value, as SQL NULL in every column', async () => {
    expect(
      await read([
        [null, null, null, null, undefined],
        [null, null, null, null, 'k'],
      ]),
    ).toEqual([
      { t: null, n: null, at: null, j: null, jt: null, k: null },
      { t: null, n: null, at: null, j: null, jt: null, k: 'k' },
    ]);
  });

  it('yields no rows for no rows', async () => {
    expect(await read([])).toEqual([]);
  });
});
