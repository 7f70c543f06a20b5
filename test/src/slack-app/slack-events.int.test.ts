import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverEvent, eventCallback, urlVerification, type WorkspaceInfo } from '../slack-emu';
import {
  Browser,
  installThroughBrowser,
  type RelayWithSlack,
  SIGNING_SECRET,
  startRelayWithSlack,
} from './relay-with-slack';

interface Connection {
  installation: { status: string; deadReason: string | null } | null;
  channels: Array<{ channelId: string; name: string | null; status: string }>;
}

/**
 * The Events API side of the Slack app, with requests signed and sent the way
 * Slack sends them (the emulator's `deliverEvent`), to a listening cloud.
 */
describe('POST /slack/events with Slack-signed deliveries', () => {
  let relay: RelayWithSlack;
  let ws: WorkspaceInfo;
  let tenantId: string;
  let eventsUrl: string;
  let seq = 0;

  beforeAll(async () => {
    relay = await startRelayWithSlack();
    ws = relay.emu.createWorkspace({
      name: 'Northwind',
      channels: ['ap-invoices', 'purchasing', { name: 'controllers', isPrivate: true }],
    });
    relay.emu.oauth.setInstallTarget(ws.teamId);
    tenantId = (await relay.operator<{ id: string }>('POST', '/api/tenants', { name: 'Northwind' })).body.id;
    const link = await relay.operator<{ url: string }>(
      'POST',
      `/api/tenants/${tenantId}/slack/install-link`,
      {},
    );
    await installThroughBrowser(new Browser(relay.publicUrl, relay.clouds[0]!.url), link.body.url);
    eventsUrl = `${relay.clouds[0]!.url}/slack/events`;
  });
  afterAll(() => relay?.close());

  const channelId = (name: string) => ws.channels.find((c) => c.name === name)!.id;
  const nowSec = () => Math.floor(relay.clock.now() / 1000);

  function envelope(event: Record<string, unknown> & { type: string }, eventId?: string) {
    seq += 1;
    return eventCallback({
      teamId: ws.teamId,
      appId: ws.appId,
      botUserId: ws.botUserId,
      event,
      eventId: eventId ?? `Ev0INT${String(seq).padStart(6, '0')}`,
      eventTime: nowSec() + seq,
    });
  }

  /** Delivers as Slack does and waits until the cloud has processed what it acknowledged. */
  async function deliver(
    payload: Record<string, unknown>,
    options: { retryNum?: number; timestampSec?: number; signingSecret?: string } = {},
  ) {
    const result = await deliverEvent(eventsUrl, payload, {
      signingSecret: SIGNING_SECRET,
      clock: relay.clock,
      ...options,
    });
    await relay.clouds[0]!.app.slackApp.events.drain();
    return result;
  }

  const connection = async () =>
    (await relay.operator<Connection>('GET', `/api/tenants/${tenantId}/slack`)).body;
  const statusOf = async (id: string) => (await connection()).channels.find((c) => c.channelId === id);
  const tenantAudit = async (action: string) =>
    (
      await relay.operator<
        Array<{ action: string; channelId: string | null; details: Record<string, unknown> }>
      >('GET', `/api/tenants/${tenantId}/audit?limit=500`)
    ).body.filter((r) => r.action === action);
  const systemAudit = async (action: string) =>
    relay.sql<
      Array<{ details: Record<string, unknown> }>
    >`select details from audit_log where chain = '_system' and action = ${action} order by seq`;

  it('answers url_verification with the challenge', async () => {
    const result = await deliver(urlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'));
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toEqual({
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    });
  });

  it.each<[string, string, { status: string; name?: string }]>([
    ['channel_archive', 'ap-invoices', { status: 'archived' }],
    ['channel_unarchive', 'ap-invoices', { status: 'ok' }],
    ['channel_rename', 'purchasing', { status: 'ok', name: 'purchasing-2027' }],
    ['channel_deleted', 'purchasing', { status: 'deleted' }],
    ['group_archive', 'controllers', { status: 'archived' }],
    ['group_unarchive', 'controllers', { status: 'ok' }],
    ['group_rename', 'controllers', { status: 'ok', name: 'controllers-eu' }],
    ['group_left', 'controllers', { status: 'bot_removed' }],
    ['member_joined_channel', 'controllers', { status: 'ok' }],
    ['member_left_channel', 'controllers', { status: 'bot_removed' }],
    ['group_deleted', 'controllers', { status: 'deleted' }],
  ])('%s on #%s is acknowledged and shows in the channel state', async (type, name, expected) => {
    const id = channelId(name);
    const event: Record<string, unknown> & { type: string } = type.endsWith('_rename')
      ? { type, channel: { id, name: expected.name, created: 1 } }
      : type.startsWith('member_')
        ? { type, user: ws.botUserId, channel: id, channel_type: 'G', team: ws.teamId }
        : { type, channel: id };
    const result = await deliver(envelope(event));
    expect(result.status).toBe(200);
    expect(await statusOf(id)).toMatchObject(expected);
    expect((await tenantAudit('slack.channel_changed')).some((r) => r.channelId === id)).toBe(true);
  });

  it('handles an event Slack retries (X-Slack-Retry-Num) once', async () => {
    const payload = envelope({ type: 'channel_archive', channel: channelId('ap-invoices') });
    expect((await deliver(payload)).status).toBe(200);
    relay.clock.advance(3_500);
    expect((await deliver(payload, { retryNum: 1 })).status).toBe(200);
    relay.clock.advance(60_000);
    expect((await deliver(payload, { retryNum: 2 })).status).toBe(200);
    const applied = (await tenantAudit('slack.channel_changed')).filter(
      (r) => r.details.slackEventId === payload.event_id,
    );
    expect(applied).toHaveLength(1);
    const duplicates = (await tenantAudit('slack.event_duplicate')).filter(
      (r) => r.details.slackEventId === payload.event_id,
    );
    expect(duplicates.map((r) => r.details.retryNum).sort()).toEqual([1, 2]);
  });

  it('refuses a forged signature with 401, auditing it on the system chain', async () => {
    const payload = envelope({ type: 'app_uninstalled' });
    const forged = await deliver(payload, { signingSecret: 'not-the-signing-secret' });
    expect(forged.status).toBe(401);
    expect((await systemAudit('slack.event_rejected')).at(-1)?.details).toMatchObject({
      reason: 'bad_signature',
    });
    expect((await connection()).installation?.status).toBe('active');
  });

  it('refuses requests signed more than 5 minutes before or after now', async () => {
    const stale = await deliver(envelope({ type: 'app_uninstalled' }), { timestampSec: nowSec() - 301 });
    const future = await deliver(envelope({ type: 'app_uninstalled' }), { timestampSec: nowSec() + 301 });
    expect([stale.status, future.status]).toEqual([401, 401]);
    const reasons = (await tenantAudit('slack.event_rejected')).map((r) => r.details.reason);
    expect(reasons).toEqual(expect.arrayContaining(['stale_timestamp', 'future_timestamp']));
    expect((await connection()).installation?.status).toBe('active');
  });

  it('refuses a replayed request (same signed bytes again) with 401, and it changes nothing', async () => {
    const payload = envelope({ type: 'channel_unarchive', channel: channelId('ap-invoices') });
    const at = nowSec();
    expect((await deliver(payload, { timestampSec: at })).status).toBe(200);
    await deliver(envelope({ type: 'channel_archive', channel: channelId('ap-invoices') }));
    const replay = await deliver(payload, { timestampSec: at });
    expect(replay.status).toBe(401);
    expect(JSON.parse(replay.body).error.message).toBe('Slack request refused: replayed');
    expect((await statusOf(channelId('ap-invoices')))?.status).toBe('archived');
    expect((await tenantAudit('slack.event_rejected')).at(0)?.details).toMatchObject({ reason: 'replayed' });
  });

  it('ignores tokens_revoked for user tokens, and kills the installation on app_uninstalled', async () => {
    await deliver(envelope({ type: 'tokens_revoked', tokens: { oauth: [ws.humanUserId] } }));
    expect((await connection()).installation?.status).toBe('active');
    relay.emu.uninstall(ws.teamId);
    // Slack sends both, in no promised order; the installation stays dead as "uninstalled" either way.
    await deliver(envelope({ type: 'app_uninstalled' }));
    await deliver(envelope({ type: 'tokens_revoked', tokens: { bot: [ws.botUserId] } }));
    expect((await connection()).installation).toMatchObject({
      status: 'dead',
      deadReason: 'app_uninstalled',
    });
    expect(await relay.clouds[0]!.app.slackApp.tokens.getBotToken(tenantId)).toBeNull();
    expect(await tenantAudit('slack.tokens_revoked')).toHaveLength(1);
    expect(await tenantAudit('slack.app_uninstalled')).toHaveLength(1);
    const rows =
      await relay.sql`select bot_token_sealed, refresh_token_sealed from slack_installations where tenant_id = ${tenantId}`;
    expect(rows[0]).toEqual({ bot_token_sealed: '', refresh_token_sealed: null });
  });
});
