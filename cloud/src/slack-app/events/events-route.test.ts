import { createHmac } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CHAIN } from '../../audit/audit-actions';
import { auditLog, slackChannels, slackEventsSeen, slackInstallations } from '../../db/schema';
import { DATABASE_KINDS } from '../../testing/test-database';
import {
  createSlackAppTestApp,
  type SlackAppTestApp,
  TEST_SIGNING_SECRET,
} from '../testing/slack-app-test-kit';
import { recordSignedRequest } from './event-store';

const TEAM = 'T0001';
const BOT = 'U0BOT';
let seq = 0;

function callback(
  event: Record<string, unknown>,
  options: { teamId?: string; eventId?: string; eventTime?: number } = {},
) {
  seq += 1;
  return {
    token: 'legacy-verification-token',
    team_id: options.teamId ?? TEAM,
    api_app_id: 'A0APP',
    event,
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${String(seq).padStart(8, '0')}`,
    event_time: options.eventTime ?? 1_795_000_000 + seq,
    authorizations: [{ enterprise_id: null, team_id: options.teamId ?? TEAM, user_id: BOT, is_bot: true }],
  };
}

describe.each(DATABASE_KINDS)('POST /slack/events on %s', (kind) => {
  let t: SlackAppTestApp;
  let tenantId: string;

  beforeAll(async () => {
    t = await createSlackAppTestApp(kind);
    tenantId = (await t.api<{ id: string }>('POST', '/api/tenants', { name: 'Fabrikam' })).body.id;
    await t.api('PUT', `/api/tenants/${tenantId}/slack`, { botToken: 'xoxb-test-token' });
  });
  afterAll(() => t?.close());

  const nowSec = () => Math.floor(t.clock.now() / 1000);

  function headersFor(body: string, options: { ts?: number; secret?: string; retryNum?: number } = {}) {
    const ts = options.ts ?? nowSec();
    const sig = createHmac('sha256', options.secret ?? TEST_SIGNING_SECRET)
      .update(`v0:${ts}:${body}`)
      .digest('hex');
    return {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': `v0=${sig}`,
      ...(options.retryNum === undefined
        ? {}
        : { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' }),
    };
  }

  async function send(payload: unknown, options: Parameters<typeof headersFor>[1] = {}) {
    const body = JSON.stringify(payload);
    const response = await t.app.inject({
      method: 'POST',
      url: '/slack/events',
      payload: body,
      headers: headersFor(body, options),
    });
    await t.app.slackApp.events.drain();
    return response;
  }

  const audit = async (action: string, chain = tenantId) =>
    t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.chain, chain), eq(auditLog.action, action)));

  const channel = async (channelId: string) =>
    (
      await t.database.db
        .select()
        .from(slackChannels)
        .where(and(eq(slackChannels.tenantId, tenantId), eq(slackChannels.channelId, channelId)))
    )[0];

  it('answers url_verification with the challenge once the signature checks out', async () => {
    const response = await send({ token: 'x', challenge: 'c-123', type: 'url_verification' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ challenge: 'c-123' });
    expect(await audit('slack.url_verified', SYSTEM_CHAIN)).not.toHaveLength(0);
  });

  it('refuses a forged signature with 401 and audits it on the system chain', async () => {
    const response = await send(
      { token: 'x', challenge: 'c-1', type: 'url_verification' },
      { secret: 'wrong' },
    );
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toEqual({
      code: 'CLOUD_UNAUTHORIZED',
      message: 'Slack request refused: bad_signature',
    });
    const rows = await audit('slack.event_rejected', SYSTEM_CHAIN);
    expect(rows.at(-1)?.details).toMatchObject({ reason: 'bad_signature' });
  });

  it('refuses authentic requests dated more than 5 minutes ago or ahead, on the tenant chain', async () => {
    const stale = await send(callback({ type: 'channel_archive', channel: 'C0STALE' }), {
      ts: nowSec() - 301,
    });
    const future = await send(callback({ type: 'channel_archive', channel: 'C0STALE' }), {
      ts: nowSec() + 301,
    });
    expect([stale.statusCode, future.statusCode]).toEqual([401, 401]);
    const reasons = (await audit('slack.event_rejected')).map((r) => r.details?.reason);
    expect(reasons).toEqual(expect.arrayContaining(['stale_timestamp', 'future_timestamp']));
    expect(await channel('C0STALE')).toBeUndefined();
  });

  it('refuses the same signed request sent a second time as a replay', async () => {
    const payload = callback({ type: 'channel_rename', channel: { id: 'C0REPLAY', name: 'first' } });
    const body = JSON.stringify(payload);
    const headers = headersFor(body);
    const first = await t.app.inject({ method: 'POST', url: '/slack/events', payload: body, headers });
    const again = await t.app.inject({ method: 'POST', url: '/slack/events', payload: body, headers });
    expect([first.statusCode, again.statusCode]).toEqual([200, 401]);
    expect(again.json().error.message).toBe('Slack request refused: replayed');
    expect((await audit('slack.event_rejected')).at(-1)?.details).toMatchObject({ reason: 'replayed' });
  });

  it("handles Slack's retry of an event once, acknowledging the retry", async () => {
    const payload = callback({ type: 'channel_archive', channel: 'C0RETRY' });
    expect((await send(payload)).statusCode).toBe(200);
    t.clock.advance(3_000);
    const retry = await send(payload, { retryNum: 1 });
    expect(retry.statusCode).toBe(200);
    expect(await audit('slack.channel_changed')).toEqual(
      expect.arrayContaining([expect.objectContaining({ channelId: 'C0RETRY' })]),
    );
    expect((await audit('slack.channel_changed')).filter((r) => r.channelId === 'C0RETRY')).toHaveLength(1);
    expect((await audit('slack.event_duplicate')).at(-1)?.details).toMatchObject({
      slackEventId: payload.event_id,
      retryNum: 1,
      retryReason: 'http_timeout',
    });
  });

  it('keeps channel states from archive, unarchive, rename, delete and the bot leaving or rejoining', async () => {
    await send(callback({ type: 'channel_archive', channel: 'C0LIFE' }));
    expect((await channel('C0LIFE'))?.status).toBe('archived');
    await send(callback({ type: 'channel_unarchive', channel: 'C0LIFE' }));
    await send(callback({ type: 'channel_rename', channel: { id: 'C0LIFE', name: 'ap-2027', created: 1 } }));
    expect(await channel('C0LIFE')).toMatchObject({ status: 'ok', name: 'ap-2027' });
    await send(callback({ type: 'group_left', channel: 'G0PRIV' }));
    expect((await channel('G0PRIV'))?.status).toBe('bot_removed');
    await send(callback({ type: 'member_joined_channel', user: BOT, channel: 'G0PRIV', channel_type: 'G' }));
    expect((await channel('G0PRIV'))?.status).toBe('ok');
    await send(callback({ type: 'member_left_channel', user: BOT, channel: 'G0PRIV', channel_type: 'G' }));
    expect((await channel('G0PRIV'))?.status).toBe('bot_removed');
    await send(callback({ type: 'group_deleted', channel: 'G0PRIV' }));
    expect((await channel('G0PRIV'))?.status).toBe('deleted');
    const shown = await t.api<{
      channels: Array<{ channelId: string; status: string; name: string | null }>;
    }>('GET', `/api/tenants/${tenantId}/slack`);
    expect(shown.body.channels).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channelId: 'C0LIFE', status: 'ok', name: 'ap-2027' }),
        expect.objectContaining({ channelId: 'G0PRIV', status: 'deleted' }),
      ]),
    );
  });

  it('does not let a late, older event undo a newer channel change', async () => {
    await send(callback({ type: 'channel_unarchive', channel: 'C0ORDER' }, { eventTime: 1_795_500_010 }));
    await send(callback({ type: 'channel_archive', channel: 'C0ORDER' }, { eventTime: 1_795_500_000 }));
    expect((await channel('C0ORDER'))?.status).toBe('ok');
    expect((await audit('slack.event_ignored')).at(-1)).toMatchObject({ channelId: 'C0ORDER' });
  });

  it('ignores a person joining a channel without an audit row, and records events for unknown workspaces', async () => {
    const before = (await audit('slack.event_ignored')).length;
    await send(callback({ type: 'member_joined_channel', user: 'U0HUMAN', channel: 'C0LIFE' }));
    expect(await audit('slack.event_ignored')).toHaveLength(before);
    await send(callback({ type: 'channel_archive', channel: 'C9' }, { teamId: 'T0OTHER' }));
    expect((await audit('slack.event_unmatched', SYSTEM_CHAIN)).at(-1)?.details).toMatchObject({
      teamId: 'T0OTHER',
    });
  });

  it('processes an event stored before a crash (acked, never processed) in the next sweep', async () => {
    const payload = callback({ type: 'channel_archive', channel: 'C0CRASH' });
    const outcome = await recordSignedRequest(t.database.db, {
      signature: `v0=${'a'.repeat(64)}`,
      timestampSec: nowSec(),
      now: new Date(t.clock.now()),
      event: { eventId: payload.event_id, teamId: TEAM, eventType: 'channel_archive', payload },
    });
    expect(outcome).toBe('new');
    expect(await t.app.slackApp.events.sweep()).toBe(0); // still inside the receiving instance's grace period
    t.clock.advance(31_000);
    expect(await t.app.slackApp.events.sweep()).toBe(1);
    expect((await channel('C0CRASH'))?.status).toBe('archived');
    const [row] = await t.database.db
      .select()
      .from(slackEventsSeen)
      .where(eq(slackEventsSeen.eventId, payload.event_id));
    expect(row?.processedAt).not.toBeNull();
    expect(JSON.stringify(row?.payload)).not.toContain('legacy-verification-token');
    expect(await t.app.slackApp.events.sweep()).toBe(0);
  });

  it('kills the installation on tokens_revoked / app_uninstalled: tokens erased, dispatch paused, shown in the API', async () => {
    await send(callback({ type: 'tokens_revoked', tokens: { oauth: ['U0HUMAN'] } }));
    expect(
      (await t.api<{ installation: { status: string } }>('GET', `/api/tenants/${tenantId}/slack`)).body
        .installation.status,
    ).toBe('active');
    await send(callback({ type: 'app_uninstalled' }));
    const [row] = await t.database.db
      .select()
      .from(slackInstallations)
      .where(eq(slackInstallations.tenantId, tenantId));
    expect(row).toMatchObject({
      status: 'dead',
      deadReason: 'app_uninstalled',
      botTokenSealed: '',
      refreshTokenSealed: null,
    });
    const shown = await t.api<{ installation: { status: string; deadReason: string } }>(
      'GET',
      `/api/tenants/${tenantId}/slack`,
    );
    expect(shown.body.installation).toMatchObject({ status: 'dead', deadReason: 'app_uninstalled' });
    expect(await audit('slack.app_uninstalled')).toHaveLength(1);
    expect(await t.app.slackApp.tokens.getBotToken(tenantId)).toBeNull();
    // Reconnecting revives it; then tokens_revoked for our bot kills it again.
    await t.api('PUT', `/api/tenants/${tenantId}/slack`, { botToken: 'xoxb-test-token' });
    await send(callback({ type: 'tokens_revoked', tokens: { bot: [BOT] } }));
    const shownAgain = await t.api<{ installation: { deadReason: string } }>(
      'GET',
      `/api/tenants/${tenantId}/slack`,
    );
    expect(shownAgain.body.installation.deadReason).toBe('tokens_revoked');
    expect(await audit('slack.tokens_revoked')).toHaveLength(1);
  });

  it('answers 415 to a body that is not JSON, and keeps the operator API on JSON', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/slack/events',
      payload: 'payload=%7B%7D',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(415);
    expect((await t.api('POST', '/api/tenants', { name: 'still json' })).status).toBe(201);
  });
});

describe('POST /slack/events without SLACK_SIGNING_SECRET', () => {
  it('answers 503: it cannot tell Slack from anyone else', async () => {
    const t = await createSlackAppTestApp('pglite', { SLACK_SIGNING_SECRET: '' });
    try {
      const response = await t.app.inject({ method: 'POST', url: '/slack/events', payload: {} });
      expect(response.statusCode).toBe(503);
      expect(response.json().error.message).toContain('SLACK_SIGNING_SECRET is not set');
    } finally {
      await t.close();
    }
  });
});
