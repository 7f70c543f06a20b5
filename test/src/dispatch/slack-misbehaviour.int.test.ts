import { loadConfig, type RunningCloud, startCloud } from '@gprelay/cloud';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { invoiceDelta } from '../harness/invoice-delta';
import { OPERATOR_TOKEN, operatorApi } from '../harness/operator-api';
import { ProtocolAgent } from '../harness/protocol-agent';
import { createDatabase } from '../postgres/create-database';
import { type SlackEmulator, startSlackEmulator } from '../slack-emu';
import { ManualClock } from '../slack-emu/test-support';

/**
 * The cloud in process on real Postgres against the Slack emulator misbehaving
 * as Slack does. Both share one manual clock, and the dispatcher is driven a
 * round at a time, so Retry-After and back-off are tested without waiting.
 */
describe('delivery when Slack misbehaves', () => {
  let clock: ManualClock;
  let slack: SlackEmulator;
  let cloud: RunningCloud;
  let tenantId: string;
  let channelId: string;
  let botToken: string;
  let agent: ProtocolAgent;
  let n = 0;

  const api = operatorApi(() => cloud);
  const audit = async (action: string) =>
    (
      await api<Array<{ action: string; slackTs: string | null; details: Record<string, unknown> }>>(
        'GET',
        `/api/tenants/${tenantId}/audit?action=${action}`,
      )
    ).body;
  const deliveries = async () =>
    (
      await api<Array<{ id: number; status: string; lastError: string | null }>>(
        'GET',
        `/api/tenants/${tenantId}/deliveries`,
      )
    ).body;
  const send = (...deltas: ReturnType<typeof invoiceDelta>[]) => agent.send(deltas);
  const next = () => {
    n += 1;
    return invoiceDelta(n);
  };

  beforeAll(async () => {
    clock = new ManualClock(Date.parse('2026-11-25T10:00:00.000Z'));
    slack = await startSlackEmulator({ clock });
    const url = await createDatabase(inject('postgresUrl'), 'gprelay_misbehave');
    cloud = await startCloud(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: url,
        MASTER_KEY: 'ef'.repeat(32),
        OPERATOR_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        LOG_LEVEL: 'silent',
      }),
      { clock, logger: false },
    );
    await cloud.dispatcher.stop(); // driven a round at a time below
  });
  afterAll(async () => {
    agent?.close();
    await cloud?.close();
    await slack?.close();
  });

  beforeEach(async () => {
    const workspace = slack.createWorkspace({ channels: ['ap-invoices'] });
    channelId = workspace.channels[0]!.id;
    botToken = workspace.botToken;
    tenantId = (await api<{ id: string }>('POST', '/api/tenants', { name: `T${n}` })).body.id;
    expect((await api('PUT', `/api/tenants/${tenantId}/slack`, { botToken })).status).toBe(200);
    await api('POST', `/api/tenants/${tenantId}/rules`, { docTypes: ['payables-invoice'], channelId });
    const { code } = (await api<{ code: string }>('POST', `/api/tenants/${tenantId}/enrollment-codes`)).body;
    agent = await ProtocolAgent.enrollAndConnect(cloud.url, code, () => clock.now());
  });
  afterEach(() => agent.close());

  const messagesFor = (delta: ReturnType<typeof invoiceDelta>) =>
    slack.messages({ channel: channelId }).filter((m) => m.text.includes(delta.record.documentNumber));

  it('waits out a 429 with Retry-After: 7 for that channel, then posts once', async () => {
    const delta = next();
    await send(delta);
    slack.faults.push({ kind: 'ratelimit', method: 'chat.postMessage', retryAfterSec: 7 });
    expect(await cloud.dispatcher.runOnce()).toEqual(['retry']);
    clock.advance(6_999);
    expect(await cloud.dispatcher.runOnce()).toEqual([]);
    clock.advance(1);
    expect(await cloud.dispatcher.runOnce()).toEqual(['posted']);
    expect(messagesFor(delta)).toHaveLength(1);
    expect((await audit('slack.rate_limited'))[0]?.details).toMatchObject({ retryAfterMs: 7000 });
  });

  it('backs off on 500s, checks the channel, and posts once', async () => {
    const delta = next();
    await send(delta);
    slack.faults.push({ kind: 'http-500', method: 'chat.postMessage', count: 2 });
    expect(await cloud.dispatcher.runOnce()).toEqual(['retry']);
    clock.advance(10 * 60_000);
    expect(await cloud.dispatcher.runOnce()).toEqual(['retry']);
    clock.advance(10 * 60_000);
    expect(await cloud.dispatcher.runOnce()).toEqual(['posted']);
    expect(messagesFor(delta)).toHaveLength(1);
    expect(slack.calls({ method: 'conversations.history' }).length).toBeGreaterThan(0);
  });

  it('finds a post whose reply never came in the channel instead of posting it again', async () => {
    const delta = next();
    await send(delta);
    slack.faults.push({ kind: 'drop-reply', method: 'chat.postMessage' });
    expect(await cloud.dispatcher.runOnce()).toEqual(['retry']);
    expect(messagesFor(delta)).toHaveLength(1);
    clock.advance(10 * 60_000);
    expect(await cloud.dispatcher.runOnce()).toEqual(['recovered']);
    expect(messagesFor(delta)).toHaveLength(1);
    expect((await audit('slack.recovered'))[0]?.slackTs).toBe(messagesFor(delta)[0]!.ts);
  });

  it('fails a delivery to an archived channel with the reason, and replays it once the channel is back', async () => {
    const delta = next();
    await send(delta);
    slack.archiveChannel(channelId);
    expect(await cloud.dispatcher.runOnce()).toEqual(['failed']);
    const [failed] = await deliveries();
    expect(failed).toMatchObject({ status: 'failed', lastError: 'is_archived' });
    expect(await audit('slack.failed')).toHaveLength(1);
    slack.unarchiveChannel(channelId);
    expect((await api('POST', `/api/tenants/${tenantId}/deliveries/${failed!.id}/replay`)).body).toEqual({
      replayed: 1,
    });
    clock.advance(1000);
    expect(await cloud.dispatcher.runOnce()).toEqual(['posted']);
    expect(messagesFor(delta)).toHaveLength(1);
    expect((await api('POST', `/api/tenants/${tenantId}/deliveries/${failed!.id}/replay`)).status).toBe(409);
  });

  it('fails channel_not_found for a deleted channel', async () => {
    await send(next());
    slack.deleteChannel(channelId);
    expect(await cloud.dispatcher.runOnce()).toEqual(['failed']);
    expect((await deliveries())[0]).toMatchObject({ status: 'failed', lastError: 'channel_not_found' });
  });

  it('pauses a tenant whose token is revoked mid-run and keeps its deliveries', async () => {
    await send(next());
    expect(await cloud.dispatcher.runOnce()).toEqual(['posted']);
    slack.revokeToken(botToken);
    await send(next(), next());
    clock.advance(1000);
    expect(await cloud.dispatcher.runOnce()).toEqual(['installation-dead', 'installation-dead']);
    clock.advance(60_000);
    expect(await cloud.dispatcher.runOnce()).toEqual([]);
    expect((await deliveries()).filter((d) => d.status === 'pending')).toHaveLength(2);
    expect(await audit('slack.installation_dead')).not.toHaveLength(0);
  });
});
