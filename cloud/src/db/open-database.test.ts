import { describe, expect, it } from 'vitest';
import { createPostgresDatabase, DATABASE_KINDS, openTestDatabase } from '../testing/test-database';
import { openDatabase } from './open-database';
import { tenants } from './schema';

describe.each(DATABASE_KINDS)('openDatabase on %s', (kind) => {
  it('applies the migrations so the schema is usable', async () => {
    const handle = await openTestDatabase(kind);
    try {
      expect(handle.kind).toBe(kind);
      await handle.db.insert(tenants).values({ id: 'tnt_a', name: 'Acme' });
      const rows = await handle.db.select().from(tenants);
      expect(rows.map((r) => r.name)).toEqual(['Acme']);
    } finally {
      await handle.close();
    }
  });
});

describe('openDatabase on postgres', () => {
  it('lets two instances start at once on one database', async () => {
    const url = await createPostgresDatabase();
    const both = await Promise.all([
      openDatabase({ kind: 'postgres', url }),
      openDatabase({ kind: 'postgres', url }),
    ]);
    try {
      await both[0].db.insert(tenants).values({ id: 'tnt_b', name: 'Both' });
      expect(await both[1].db.select().from(tenants)).toHaveLength(1);
    } finally {
      await Promise.all(both.map((h) => h.close()));
    }
  });
});
