import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../db/open-database';
import { auditLog } from '../db/schema';
import { DATABASE_KINDS, openTestDatabase } from '../testing/test-database';
import { AuditAction } from './audit-actions';
import { appendAudit, verifyAuditChain } from './audit-log';

describe.each(DATABASE_KINDS)('audit log on %s', (kind) => {
  let handle: OpenDatabase;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
  });
  afterAll(() => handle?.close());

  const entry = (tenantId: string, i: number) => ({
    tenantId,
    actor: 'agent:agt_1',
    action: AuditAction.received,
    sourceRecordId: `INV-${i}`,
    eventId: `${i}`.padStart(64, '0'),
    details: { z: 1, a: { y: 2, b: [i] } },
  });

  it('chains rows per tenant and verifies them', async () => {
    const at = new Date('2026-11-25T10:00:00.123Z');
    await handle.db.transaction((tx) => appendAudit(tx, [entry('tnt_a', 1), entry('tnt_b', 1)], at));
    await handle.db.transaction((tx) => appendAudit(tx, [entry('tnt_a', 2), entry('tnt_a', 3)], at));
    const a = await verifyAuditChain(handle.db, 'tnt_a');
    const b = await verifyAuditChain(handle.db, 'tnt_b');
    expect(a).toMatchObject({ ok: true, rows: 3 });
    expect(b).toMatchObject({ ok: true, rows: 1 });
  });

  it('keeps sequence numbers gap-free when appends race', async () => {
    const at = new Date();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        handle.db.transaction((tx) => appendAudit(tx, [entry('tnt_c', i)], at)),
      ),
    );
    expect(await verifyAuditChain(handle.db, 'tnt_c')).toMatchObject({ ok: true, rows: 8 });
  });

  it('detects an altered row', async () => {
    await handle.db
      .update(auditLog)
      .set({ sourceRecordId: 'INV-forged' })
      .where(and(eq(auditLog.chain, 'tnt_a'), eq(auditLog.seq, 2)));
    expect(await verifyAuditChain(handle.db, 'tnt_a')).toMatchObject({ ok: false, brokenAtSeq: 2 });
  });

  it('detects a removed last row', async () => {
    await handle.db.delete(auditLog).where(and(eq(auditLog.chain, 'tnt_b'), eq(auditLog.seq, sql`1`)));
    expect(await verifyAuditChain(handle.db, 'tnt_b')).toMatchObject({ ok: false });
  });
});
