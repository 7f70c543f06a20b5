import { invoiceDelta } from '@gprelay/shared/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, slackInstallations } from '../db/schema';
import { ingestDeltas } from '../ingest/ingest-deltas';
import { createTestApp, type TestApp } from '../testing/test-app';
import { DATABASE_KINDS } from '../testing/test-database';
import { claimGroups, nextSlotAt } from './claim-deliveries';

/** How long an idle dispatcher may sleep: never "now" for work that cannot be claimed now (a busy loop). */
describe.each(DATABASE_KINDS)('nextSlotAt on %s', (kind) => {
  let t: TestApp;
  let tenantId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    tenantId = (await t.api<{ id: string }>('POST', '/api/tenants', { name: 'Acme' })).body.id;
    await t.api('PUT', `/api/tenants/${tenantId}/slack`, { botToken: 'xoxb-test-token' });
    await t.api('POST', `/api/tenants/${tenantId}/rules`, {
      docTypes: ['payables-invoice'],
      channelId: 'C0AP0000001',
    });
  });
  afterAll(() => t?.close());

  const now = () => new Date(t.clock.now());

  it('is null with nothing waiting, now for due work, and the retry time for work backing off', async () => {
    expect(await nextSlotAt(t.ctx.db, now())).toBeNull();
    await ingestDeltas(t.ctx.db, { tenantId, agentId: 'agt_test', deltas: [invoiceDelta(1)], now: now() });
    expect(await nextSlotAt(t.ctx.db, now())).toEqual(now());
    const retryAt = new Date(t.clock.now() + 120_000);
    await t.ctx.db
      .update(deliveries)
      .set({ nextAttemptAt: retryAt })
      .where(eq(deliveries.tenantId, tenantId));
    expect(await claimGroups(t.ctx.db, { now: now(), limit: 10, leaseMs: 30_000 })).toEqual([]);
    expect(await nextSlotAt(t.ctx.db, now())).toEqual(retryAt);
  });

  it('ignores the waiting work of a tenant whose Slack installation is dead', async () => {
    await t.ctx.db
      .update(slackInstallations)
      .set({ status: 'dead' })
      .where(eq(slackInstallations.tenantId, tenantId));
    t.clock.advance(120_000);
    expect(await claimGroups(t.ctx.db, { now: now(), limit: 10, leaseMs: 30_000 })).toEqual([]);
    expect(await nextSlotAt(t.ctx.db, now())).toBeNull();
  });
});
