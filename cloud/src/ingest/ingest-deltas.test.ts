import { invoiceDelta } from '@gprelay/shared/testing';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/audit-log';
import type { OpenDatabase } from '../db/open-database';
import { auditLog, channelSlots, deliveries, events, routingRules, tenants } from '../db/schema';
import { DATABASE_KINDS, openTestDatabase } from '../testing/test-database';
import { ingestDeltas } from './ingest-deltas';

describe.each(DATABASE_KINDS)('ingestDeltas on %s', (kind) => {
  let handle: OpenDatabase;
  let tenantId: string;
  let n = 0;
  const now = new Date('2026-11-25T10:00:00.000Z');

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
  });
  afterAll(() => handle?.close());

  beforeEach(async () => {
    // A fresh tenant per test keeps events, deliveries and audit chains apart.
    n += 1;
    tenantId = `tnt_ingest${n}`;
    await handle.db.insert(tenants).values({ id: tenantId, name: `T${n}` });
  });

  const addRule = (id: string, channelId: string, filters = {}, enabled = true) =>
    handle.db.insert(routingRules).values({
      id: `${tenantId}_${id}`,
      tenantId,
      name: id,
      docTypes: ['payables-invoice'],
      channelId,
      filters,
      enabled,
    });
  const ingest = (deltas: ReturnType<typeof invoiceDelta>[], tenant = tenantId) =>
    ingestDeltas(handle.db, { tenantId: tenant, agentId: 'agt_1', deltas, now });
  const trail = async (tenant = tenantId) =>
    handle.db.select().from(auditLog).where(eq(auditLog.chain, tenant)).orderBy(asc(auditLog.seq));
  const deliveriesOf = async (tenant = tenantId) =>
    (await handle.db.select().from(deliveries).where(eq(deliveries.tenantId, tenant)))
      .map((d) => `${d.eventId.slice(0, 8)}→${d.channelId} (${d.ruleId.split('_').at(-1)})`)
      .sort();

  it('stores each event once: a repeat in the batch and a resend count as duplicates', async () => {
    await addRule('ap', 'C0AP0000001');
    const [a, b] = [invoiceDelta(1), invoiceDelta(2)];
    expect(await ingest([a, b, a])).toEqual({ accepted: 2, duplicates: 1, deliveries: 2 });
    expect(await ingest([b, a])).toEqual({ accepted: 0, duplicates: 2, deliveries: 0 });

    const stored = await handle.db.select().from(events).where(eq(events.tenantId, tenantId));
    expect(stored.map((e) => e.eventId).sort()).toEqual([a.eventId, b.eventId].sort());
    expect(stored.find((e) => e.eventId === a.eventId)).toMatchObject({
      agentId: 'agt_1',
      company: 'Fabrikam, Inc.',
      docType: 'payables-invoice',
      docKey: a.key,
      version: 'v1',
      state: 'unposted',
      modifiedAt: new Date(a.modifiedAt),
      record: a.record,
      receivedAt: now,
    });
    expect(await deliveriesOf()).toHaveLength(2);
    expect((await trail()).map((r) => `${r.action} ${r.eventId?.slice(0, 8)}`)).toEqual([
      `event.received ${a.eventId.slice(0, 8)}`,
      `event.received ${b.eventId.slice(0, 8)}`,
      `event.duplicate ${a.eventId.slice(0, 8)}`,
      `event.duplicate ${b.eventId.slice(0, 8)}`,
      `event.duplicate ${a.eventId.slice(0, 8)}`,
    ]);
  });

  it('delivers to each matching channel once and records rule and channel on the receipt row', async () => {
    await addRule('first', 'C0AP0000001');
    await addRule('same', 'C0AP0000001');
    await addRule('other', 'C0AP0000002');
    await addRule('acme', 'C0AP0000003', { vendorIds: ['OTHER0001'] });
    await addRule('off', 'C0AP0000004', {}, false);
    const delta = invoiceDelta(3);
    expect(await ingest([delta])).toEqual({ accepted: 1, duplicates: 0, deliveries: 2 });

    const id = delta.eventId.slice(0, 8);
    expect(await deliveriesOf()).toEqual([`${id}→C0AP0000001 (first)`, `${id}→C0AP0000002 (other)`]);
    const slots = await handle.db.select().from(channelSlots).where(eq(channelSlots.tenantId, tenantId));
    expect(slots.map((s) => s.channelId).sort()).toEqual(['C0AP0000001', 'C0AP0000002']);
    const [row, ...rest] = await trail();
    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      action: 'event.received',
      actor: 'agent:agt_1',
      tenantId,
      eventId: delta.eventId,
      sourceRecordId: `Fabrikam, Inc./payables-invoice/${delta.key}`,
      at: now,
      details: {
        version: 'v1',
        state: 'unposted',
        routes: [
          { ruleId: `${tenantId}_first`, channelId: 'C0AP0000001' },
          { ruleId: `${tenantId}_other`, channelId: 'C0AP0000002' },
        ],
      },
    });
  });

  it('records every rule’s reason when a delta reaches no channel', async () => {
    await addRule('acme', 'C0AP0000001', { vendorIds: ['OTHER0001'] });
    await addRule('big', 'C0AP0000002', { minAmount: '1000000.00' });
    expect(await ingest([invoiceDelta(4)])).toEqual({ accepted: 1, duplicates: 0, deliveries: 0 });
    expect(await deliveriesOf()).toEqual([]);
    const [row] = await trail();
    expect(row?.details).toEqual({
      version: 'v1',
      state: 'unposted',
      routes: [],
      filtered: ['acme: vendor ACME0001 not in rule', 'big: amount 400.00 below 1000000.00'],
    });
  });

  it('says so when the tenant has no enabled rule', async () => {
    await ingest([invoiceDelta(5)]);
    expect((await trail())[0]?.details).toMatchObject({
      routes: [],
      filtered: ['tenant has no enabled routing rules'],
    });
  });

  it('keeps the audit chain verifiable after many batches, and the same event apart per tenant', async () => {
    await addRule('ap', 'C0AP0000001');
    const other = `${tenantId}_b`;
    await handle.db.insert(tenants).values({ id: other, name: 'other' });
    const deltas = Array.from({ length: 120 }, (_, i) => invoiceDelta(100 + i));
    for (let i = 0; i < deltas.length; i += 50) await ingest(deltas.slice(i, i + 50));
    expect(await ingest(deltas.slice(0, 10), other)).toMatchObject({ accepted: 10, duplicates: 0 });

    expect(await verifyAuditChain(handle.db, tenantId)).toMatchObject({ ok: true, rows: 120 });
    expect(await verifyAuditChain(handle.db, other)).toMatchObject({ ok: true, rows: 10 });
  });

  it('accepts each event once and keeps the chain whole when two agents send overlapping batches at once', async () => {
    await addRule('ap', 'C0AP0000001');
    const deltas = Array.from({ length: 60 }, (_, i) => invoiceDelta(300 + i));
    const results = await Promise.all([ingest(deltas.slice(0, 40)), ingest(deltas.slice(20, 60))]);

    expect(results.reduce((sum, r) => sum + r.accepted, 0)).toBe(60);
    expect(results.reduce((sum, r) => sum + r.duplicates, 0)).toBe(20);
    expect(await deliveriesOf()).toHaveLength(60);
    expect(await verifyAuditChain(handle.db, tenantId)).toMatchObject({ ok: true, rows: 80 });
    const received = await handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.chain, tenantId), eq(auditLog.action, 'event.received')));
    expect(new Set(received.map((r) => r.eventId)).size).toBe(60);
  });
});
