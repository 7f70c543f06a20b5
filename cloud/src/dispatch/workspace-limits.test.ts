import { invoiceDelta } from '@gprelay/shared/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackWorkspaceLimits } from '../db/schema';
import { ingestDeltas } from '../ingest/ingest-deltas';
import { createTestApp, type TestApp } from '../testing/test-app';
import { DATABASE_KINDS } from '../testing/test-database';
import { claimGroups, nextSlotAt } from './claim-deliveries';
import { recordRateLimit } from './workspace-limits';

describe.each(DATABASE_KINDS)('workspace rate limits on %s', (kind) => {
  let t: TestApp;
  let n = 0;
  let teams = 0;

  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  const now = () => new Date(t.clock.now());
  /** A tenant installed in its own new workspace, routing invoices to `channels` (vendor = channel id). */
  const tenantInNewWorkspace = async (channels: string[]) => {
    teams += 1;
    const teamId = `T0${String(teams).padStart(4, '0')}`;
    t.slack.team = { ...t.slack.team, teamId };
    const tenantId = (await t.api<{ id: string }>('POST', '/api/tenants', { name: teamId })).body.id;
    expect(
      (await t.api('PUT', `/api/tenants/${tenantId}/slack`, { botToken: 'xoxb-test-token' })).status,
    ).toBe(200);
    for (const channelId of channels) {
      const rule = await t.api('POST', `/api/tenants/${tenantId}/rules`, {
        docTypes: ['payables-invoice'],
        channelId,
        filters: { vendorIds: [channelId] },
      });
      expect(rule.status).toBe(201);
    }
    return { tenantId, teamId };
  };
  const ingest = (tenantId: string, vendorId: string) => {
    n += 1;
    return ingestDeltas(t.ctx.db, {
      tenantId,
      agentId: 'agt_test',
      deltas: [invoiceDelta(n, { vendorId })],
      now: now(),
    });
  };
  const record = (tenantId: string, channelId: string, method: string, retryAfterMs: number) =>
    t.ctx.db.transaction((tx) =>
      recordRateLimit(tx, {
        tenantId,
        channelId,
        method,
        error: 'ratelimited',
        retryAt: new Date(t.clock.now() + retryAfterMs),
        now: now(),
      }),
    );

  it('pauses the workspace on a chat.update 429, and only ever lengthens the pause', async () => {
    const { tenantId, teamId } = await tenantInNewWorkspace(['C0WS0000001']);
    const first = await record(tenantId, 'C0WS0000001', 'chat.update', 7000);
    expect(first).toMatchObject({ scope: 'workspace', teamId, pausedUntil: new Date(t.clock.now() + 7000) });
    const shorter = await record(tenantId, 'C0WS0000001', 'conversations.history', 2000);
    expect(shorter.pausedUntil).toEqual(first.pausedUntil);
    const [row] = await t.ctx.db
      .select()
      .from(slackWorkspaceLimits)
      .where(eq(slackWorkspaceLimits.teamId, teamId));
    expect(row).toMatchObject({ rateLimitedUntil: first.pausedUntil, rateLimitedMethod: 'chat.update' });
    t.clock.advance(7000);
  });

  it('takes a second channel refused while the first still waits as the workspace posting cap', async () => {
    const { tenantId } = await tenantInNewWorkspace(['C0WS0000001', 'C0WS0000002']);
    await record(tenantId, 'C0WS0000003', 'chat.postMessage', 1000);
    t.clock.advance(1000);
    // Instance A has recorded C1's 429 but not committed when instance B records C2's: B must wait
    // for A (the team's row is locked) and then see A's wait, or the cap would go unnoticed.
    let commitA!: () => void;
    let recordedA!: () => void;
    const aHasRecorded = new Promise<void>((resolve) => {
      recordedA = resolve;
    });
    const a = t.ctx.db.transaction(async (tx) => {
      const result = await recordRateLimit(tx, {
        tenantId,
        channelId: 'C0WS0000001',
        method: 'chat.postMessage',
        error: 'ratelimited',
        retryAt: new Date(t.clock.now() + 3000),
        now: now(),
      });
      recordedA();
      await new Promise<void>((resolve) => {
        commitA = resolve;
      });
      return result;
    });
    await aHasRecorded;
    const b = record(tenantId, 'C0WS0000002', 'chat.postMessage', 3000);
    // PGlite runs one transaction at a time anyway; on Postgres, B must be seen waiting first.
    if (kind === 'postgres') await untilASessionWaitsOnALock();
    commitA();
    const [resultA, resultB] = await Promise.all([a, b]);
    expect(resultA.scope).toBe('channel');
    expect(resultB).toMatchObject({ scope: 'workspace', reason: 'second channel limited' });
    t.clock.advance(3000);
    expect((await record(tenantId, 'C0WS0000002', 'chat.postMessage', 1000)).scope).toBe('channel');
    t.clock.advance(1000);
  });

  /** Polls Postgres until some session of this database waits on a lock (bounded, real time). */
  async function untilASessionWaitsOnALock(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const result = await t.ctx.db.execute(
        sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{
        n: number;
      }>;
      if ((rows[0]?.n ?? 0) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('no session ever waited on the team row lock');
  }

  it('claims no channel of a paused workspace, other workspaces still; the idle sleep ends when the pause does', async () => {
    const paused = await tenantInNewWorkspace(['C0WS0000001', 'C0WS0000002']);
    const other = await tenantInNewWorkspace(['C0WS0000009']);
    await ingest(paused.tenantId, 'C0WS0000001');
    await ingest(paused.tenantId, 'C0WS0000002');
    await ingest(other.tenantId, 'C0WS0000009');
    await record(paused.tenantId, 'C0WS0000001', 'conversations.history', 7000);
    const claim = () => claimGroups(t.ctx.db, { now: now(), limit: 10, leaseMs: 30_000 });

    const first = await claim();
    expect(first.map((g) => g.tenantId)).toEqual([other.tenantId]);
    // The paused channels are due but must not be woken for before the pause lifts (no busy loop);
    // the other workspace's post is under its 30 s lease.
    expect(await nextSlotAt(t.ctx.db, now())).toEqual(new Date(t.clock.now() + 7000));
    t.clock.advance(6999);
    expect(await claim()).toEqual([]);
    t.clock.advance(1);
    const resumed = await claim();
    expect(resumed.map((g) => g.channelId).sort()).toEqual(['C0WS0000001', 'C0WS0000002']);
  });
});
