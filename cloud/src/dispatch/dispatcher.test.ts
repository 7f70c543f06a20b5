import { silentLogger } from '@gprelay/shared';
import { invoiceDelta } from '@gprelay/shared/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestDeltas } from '../ingest/ingest-deltas';
import { lostReplyError, platformError, rateLimitedError } from '../testing/fake-slack';
import { createTestApp, type TestApp } from '../testing/test-app';
import { DATABASE_KINDS } from '../testing/test-database';
import { Dispatcher } from './dispatcher';

describe.each(DATABASE_KINDS)('dispatcher on %s', (kind) => {
  let t: TestApp;
  let dispatcher: Dispatcher;
  let tenantId: string;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  beforeEach(async () => {
    // A fresh tenant per test keeps channels, slots and audit chains apart.
    tenantId = (await t.api<{ id: string }>('POST', '/api/tenants', { name: `T${n}` })).body.id;
    expect(
      (await t.api('PUT', `/api/tenants/${tenantId}/slack`, { botToken: 'xoxb-test-token' })).status,
    ).toBe(200);
    for (const channelId of ['C0AP0000001', 'C0AP0000002']) {
      await t.api('POST', `/api/tenants/${tenantId}/rules`, {
        docTypes: ['payables-invoice'],
        channelId,
        filters: { vendorIds: [channelId === 'C0AP0000001' ? 'ACME0001' : 'OTHER0001'] },
      });
    }
    t.slack.posted.length = 0;
    dispatcher = new Dispatcher({
      db: t.ctx.db,
      slack: t.slack.factory,
      tokens: t.app.slackApp.tokens,
      clock: t.clock,
      logger: silentLogger,
      instanceId: 'test',
      leaseMs: 30_000,
      random: () => 0.5,
    });
  });

  const ingest = (...deltas: ReturnType<typeof invoiceDelta>[]) =>
    ingestDeltas(t.ctx.db, { tenantId, agentId: 'agt_test', deltas, now: new Date(t.clock.now()) });
  const next = (overrides: Parameters<typeof invoiceDelta>[1] = {}) => {
    n += 1;
    return invoiceDelta(n, overrides);
  };
  const audit = async (action: string) =>
    (await t.api<Array<Record<string, unknown>>>('GET', `/api/tenants/${tenantId}/audit?action=${action}`))
      .body;
  const deliveries = async () =>
    (
      await t.api<Array<{ status: string; lastError: string | null; slackTs: string | null }>>(
        'GET',
        `/api/tenants/${tenantId}/deliveries`,
      )
    ).body;

  it('posts the invoice and audits the Slack ts with the GP document number', async () => {
    const delta = next();
    await ingest(delta);
    expect(await dispatcher.runOnce()).toEqual(['posted']);
    expect(t.slack.posted).toHaveLength(1);
    const [post] = t.slack.posted;
    expect(post?.channel).toBe('C0AP0000001');
    expect(post?.message.text).toContain(delta.record.documentNumber);
    expect(post?.message.metadata.event_payload.event_id).toBe(delta.eventId);
    const [row] = await audit('slack.posted');
    expect(row).toMatchObject({
      eventId: delta.eventId,
      channelId: 'C0AP0000001',
      slackTs: post?.ts,
      sourceRecordId: `Fabrikam, Inc./payables-invoice/${delta.key}`,
      details: { documentNumber: delta.record.documentNumber, attempt: 1 },
    });
    expect(await dispatcher.runOnce()).toEqual([]);
  });

  it('posts at most one message per second per channel, while other channels proceed', async () => {
    await ingest(next(), next({ vendorId: 'OTHER0001' }));
    expect(await dispatcher.runOnce()).toEqual(['posted', 'posted']);
    expect(new Set(t.slack.posted.map((p) => p.channel))).toEqual(new Set(['C0AP0000001', 'C0AP0000002']));
    const later = next();
    await ingest(later);
    t.clock.advance(999);
    expect(await dispatcher.runOnce()).toEqual([]);
    t.clock.advance(1);
    expect(await dispatcher.runOnce()).toEqual(['posted']);
    expect(t.slack.posted.at(-1)?.message.text).toContain(later.record.documentNumber);
  });

  it('batches the documents waiting for one channel into one message, a row each', async () => {
    const batch = [next(), next(), next()];
    await ingest(...batch);
    expect(await dispatcher.runOnce()).toEqual(['posted', 'posted', 'posted']);
    expect(t.slack.topLevel()).toHaveLength(1);
    const [message] = t.slack.topLevel();
    const rows = message!.message.blocks.filter((b) => b.type === 'section').slice(1);
    expect(rows).toHaveLength(3);
    for (const delta of batch) expect(JSON.stringify(rows)).toContain(delta.record.documentNumber);
    expect(message!.message.metadata.event_payload.deliveries?.split(',')).toHaveLength(3);
    const audited = await audit('slack.posted');
    expect(audited.map((r) => r.slackTs)).toEqual([message!.ts, message!.ts, message!.ts]);
    expect(audited[0]?.details).toMatchObject({ batchSize: 3 });
  });

  it('splits a long backlog across messages, one per second', async () => {
    await ingest(...Array.from({ length: 30 }, () => next()));
    expect(await dispatcher.runOnce()).toHaveLength(25);
    t.clock.advance(1000);
    expect(await dispatcher.runOnce()).toHaveLength(5);
    expect(t.slack.topLevel()).toHaveLength(2);
    expect((await deliveries()).every((d) => d.status === 'posted')).toBe(true);
  });

  it('shows the newest version once when several versions of a new document wait together', async () => {
    const first = next();
    const second = invoiceDelta(n, { transactionState: 'open' }, 'v2');
    await ingest(first, { ...second, state: 'posted', modifiedAt: '2026-11-25T09:59:30.000Z' });
    expect(await dispatcher.runOnce()).toEqual(['posted', 'posted']);
    expect(t.slack.topLevel()).toHaveLength(1);
    expect(t.slack.topLevel()[0]!.message.text).toContain('Posted');
    const audited = await audit('slack.posted');
    expect(audited.filter((r) => (r.details as { superseded?: boolean }).superseded)).toHaveLength(1);
  });

  it('honours Retry-After on a 429 for the whole channel', async () => {
    await ingest(next());
    t.slack.failNext(rateLimitedError(7));
    expect(await dispatcher.runOnce()).toEqual(['retry']);
    t.clock.advance(6_999);
    expect(await dispatcher.runOnce()).toEqual([]);
    t.clock.advance(1);
    expect(await dispatcher.runOnce()).toEqual(['posted']);
    const audited = await audit('slack.rate_limited');
    expect(audited).toHaveLength(1);
    expect(audited[0]?.details).toMatchObject({ scope: 'channel', method: 'chat.postMessage' });
  });

  it('pauses every channel of the workspace when reading a channel for a lost post is rate limited', async () => {
    await ingest(next());
    t.slack.failNext(lostReplyError());
    expect(await dispatcher.runOnce()).toEqual(['retry']);
    t.clock.advance(10 * 60_000);
    // conversations.history is limited per workspace (Tier 3), not per channel.
    t.slack.failNext(rateLimitedError(7), { method: 'conversations.history' });
    expect(await dispatcher.runOnce()).toEqual(['retry']);
    await ingest(next({ vendorId: 'OTHER0001' }));
    t.clock.advance(6_999);
    expect(await dispatcher.runOnce()).toEqual([]);
    t.clock.advance(1);
    expect((await dispatcher.runOnce()).sort()).toEqual(['posted', 'posted']);
    expect(t.slack.posted).toHaveLength(2);
    const [row] = await audit('slack.rate_limited');
    expect(row?.details).toMatchObject({
      scope: 'workspace',
      reason: 'per-workspace method',
      method: 'conversations.history',
      retryAfterMs: 7000,
      teamId: 'T0001',
    });
  });

  it('fails a delivery Slack will never accept, with the reason', async () => {
    await ingest(next());
    t.slack.failNext(platformError('channel_not_found'));
    expect(await dispatcher.runOnce()).toEqual(['failed']);
    expect((await deliveries())[0]).toMatchObject({ status: 'failed', lastError: 'channel_not_found' });
    expect(await audit('slack.failed')).toHaveLength(1);
  });

  it('stops the tenant when the token is revoked, and keeps its deliveries', async () => {
    await ingest(next(), next({ vendorId: 'OTHER0001' }));
    t.slack.failNext(platformError('token_revoked'));
    t.slack.failNext(platformError('token_revoked'));
    const outcomes = await dispatcher.runOnce();
    expect(outcomes).toContain('installation-dead');
    t.clock.advance(60_000);
    expect(await dispatcher.runOnce()).toEqual([]);
    expect((await deliveries()).every((d) => d.status === 'pending' || d.status === 'posted')).toBe(true);
    expect(await audit('slack.installation_dead')).not.toHaveLength(0);
    // Reconnecting Slack resumes dispatch.
    await t.api('PUT', `/api/tenants/${tenantId}/slack`, { botToken: 'xoxb-test-token' });
    expect((await dispatcher.runOnce()).length).toBeGreaterThan(0);
  });

  it('never posts twice when a reply is lost: it finds the first post in the channel', async () => {
    const delta = next();
    await ingest(delta);
    t.slack.failNext(lostReplyError(), { afterPost: true });
    expect(await dispatcher.runOnce()).toEqual(['retry']);
    expect(t.slack.posted).toHaveLength(1);
    t.clock.advance(10 * 60_000);
    expect(await dispatcher.runOnce()).toEqual(['recovered']);
    expect(t.slack.posted).toHaveLength(1);
    const [row] = await audit('slack.recovered');
    expect(row).toMatchObject({ eventId: delta.eventId, slackTs: t.slack.posted[0]?.ts });
  });

  it('posts again when an unknown outcome turns out not to have landed', async () => {
    await ingest(next());
    t.slack.failNext(lostReplyError());
    expect(await dispatcher.runOnce()).toEqual(['retry']);
    expect(t.slack.posted).toHaveLength(0);
    t.clock.advance(10 * 60_000);
    expect(await dispatcher.runOnce()).toEqual(['posted']);
    expect(t.slack.posted).toHaveLength(1);
  });

  it('checks the channel before re-posting a delivery whose instance died mid-post', async () => {
    const delta = next();
    await ingest(delta);
    // An instance claims and posts, then dies before recording the outcome.
    const { claimGroups } = await import('./claim-deliveries');
    const [group] = await claimGroups(t.ctx.db, { now: new Date(t.clock.now()), limit: 10, leaseMs: 30_000 });
    expect(group?.deliveries[0]?.uncertainSince).toBeNull();
    await t.slack.factory('xoxb-test-token').postMessage(group!.channelId, {
      text: 'x',
      blocks: [],
      metadata: {
        event_type: 'gp_document_changed',
        event_payload: { deliveries: String(group!.deliveries[0]!.id) },
      },
    });
    t.clock.advance(29_000);
    expect(await dispatcher.runOnce()).toEqual([]);
    t.clock.advance(2_000);
    expect(await dispatcher.runOnce()).toEqual(['recovered']);
    expect(t.slack.posted).toHaveLength(1);
  });

  describe('a change to a document already in the channel', () => {
    it('edits the original message and replies in its thread with what changed', async () => {
      const original = next({ amount: { value: '100.00', currency: 'USD', decimalDigits: 2 } });
      await ingest(original);
      await dispatcher.runOnce();
      const [message] = t.slack.topLevel();
      const changed = invoiceDelta(
        n,
        { transactionState: 'open', amount: { value: '999.00', currency: 'USD', decimalDigits: 2 } },
        'v2',
      );
      await ingest({ ...changed, state: 'posted' });
      t.clock.advance(1000);
      expect(await dispatcher.runOnce()).toEqual(['updated']);
      expect(t.slack.topLevel()).toHaveLength(1);
      expect(message!.edits.at(-1)?.text).toContain('Posted');
      const reply = t.slack.posted.find((p) => p.threadTs === message!.ts);
      expect(reply?.message.text).toContain('Status: Unposted → Posted');
      expect(reply?.message.text).toContain('Amount: 100.00 USD → 999.00 USD');
      const [row] = await audit('slack.updated');
      expect(row).toMatchObject({ slackTs: message!.ts, details: { replyTs: reply!.ts } });
    });

    it('re-renders every row of a batched message and edits only that row', async () => {
      const [a, b] = [next(), next()];
      await ingest(a, b);
      await dispatcher.runOnce();
      const [message] = t.slack.topLevel();
      await ingest({ ...invoiceDelta(n, { transactionState: 'open' }, 'v2'), state: 'posted' });
      t.clock.advance(1000);
      expect(await dispatcher.runOnce()).toEqual(['updated']);
      const edited = JSON.stringify(message!.edits.at(-1)?.blocks);
      expect(edited).toContain(a.record.documentNumber);
      expect(edited).toContain(b.record.documentNumber);
      expect(edited).toContain('Posted');
    });

    it('posts afresh when the original message is gone', async () => {
      await ingest(next());
      await dispatcher.runOnce();
      await ingest({ ...invoiceDelta(n, { transactionState: 'open' }, 'v2'), state: 'posted' });
      t.slack.failNext(platformError('message_not_found'), { method: 'chat.update' });
      t.clock.advance(1000);
      expect(await dispatcher.runOnce()).toEqual(['retry']);
      t.clock.advance(1000);
      expect(await dispatcher.runOnce()).toEqual(['posted']);
      expect(t.slack.topLevel()).toHaveLength(2);
    });

    it('does not reply twice when the reply landed but its answer was lost', async () => {
      await ingest(next());
      await dispatcher.runOnce();
      await ingest({ ...invoiceDelta(n, { transactionState: 'open' }, 'v2'), state: 'posted' });
      t.slack.failNext(lostReplyError(), { afterPost: true });
      t.clock.advance(1000);
      expect(await dispatcher.runOnce()).toEqual(['retry']);
      t.clock.advance(10 * 60_000);
      expect(await dispatcher.runOnce()).toEqual(['recovered']);
      expect(t.slack.posted.filter((p) => p.threadTs)).toHaveLength(1);
    });
  });
});
