import { ErrorCode } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator, type WorkspaceInfo } from './index';
import { jsonOf, ManualClock, sdkClient, sdkError } from './test-support';

let emu: SlackEmulator;
let ws: WorkspaceInfo;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock();
  emu = await startSlackEmulator({ clock });
  ws = emu.createWorkspace({
    name: 'Contoso Finance',
    channels: [
      'ap-invoices',
      { name: 'vendor-changes', isPrivate: true },
      { name: 'finance-leads', isPrivate: true, botIsMember: false },
      { name: 'old-ap', isArchived: true },
      { name: 'lobby', botIsMember: false },
    ],
  });
});
afterEach(async () => {
  await emu.close();
});

const channelId = (name: string) => ws.channels.find((c) => c.name === name)!.id;

describe('transport', () => {
  it('serves the Web API under apiUrl with a trailing slash and deterministic Slack-shaped ids', async () => {
    expect(emu.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    expect(ws.teamId).toMatch(/^T[A-Z0-9]{10}$/);
    for (const c of ws.channels) expect(c.id).toMatch(/^C[A-Z0-9]{10}$/);
    expect(ws.botToken).toMatch(/^xoxb-\d+-\d+-[A-Za-z0-9]{24}$/);
    const [a, b] = [await startSlackEmulator({ clock }), await startSlackEmulator({ clock })];
    try {
      // Same seed, same calls: same ids and tokens, so failures reproduce.
      expect(a.createWorkspace({ channels: ['x', 'y'] })).toEqual(
        b.createWorkspace({ channels: ['x', 'y'] }),
      );
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('answers auth.test for the SDK with team_id, user_id, bot_id and the workspace url', async () => {
    const res = await sdkClient(emu.apiUrl, ws.botToken).auth.test();
    expect(res).toMatchObject({
      ok: true,
      team: 'Contoso Finance',
      team_id: ws.teamId,
      user_id: ws.botUserId,
      bot_id: ws.botId,
      url: `${emu.origin}/w/contoso-finance/`,
    });
    expect(res.response_metadata?.scopes).toContain('chat:write');
  });

  it('posts a form-encoded message through the SDK and records it', async () => {
    const client = sdkClient(emu.apiUrl, ws.botToken);
    const res = await client.chat.postMessage({
      channel: channelId('ap-invoices'),
      text: 'Invoice INV-1 posted',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*INV-1* posted' } }],
      metadata: { event_type: 'gp_invoice', event_payload: { event_id: 'ev-1' } },
      unfurl_links: false,
      unfurl_media: false,
    });
    expect(res.ok).toBe(true);
    expect(res.channel).toBe(channelId('ap-invoices'));
    expect(res.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(res.message).toMatchObject({ text: 'Invoice INV-1 posted', bot_id: ws.botId, ts: res.ts });
    const [recorded] = emu.messages({ channel: 'ap-invoices' });
    expect(recorded).toMatchObject({
      teamId: ws.teamId,
      channel: channelId('ap-invoices'),
      ts: res.ts,
      text: 'Invoice INV-1 posted',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*INV-1* posted' } }],
      metadata: { event_type: 'gp_invoice', event_payload: { event_id: 'ev-1' } },
      postedAt: clock.now(),
      unfurlLinks: false,
      unfurlMedia: false,
      edits: [],
    });
  });

  it('accepts a JSON body with the token in the Authorization header, and warns about a missing charset', async () => {
    const post = (contentType: string) =>
      fetch(`${emu.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ws.botToken}`, 'content-type': contentType },
        body: JSON.stringify({ channel: '#ap-invoices', text: 'json post', blocks: [{ type: 'divider' }] }),
      }).then(jsonOf);
    const withCharset = await post('application/json; charset=utf-8');
    expect(withCharset).toMatchObject({ ok: true, channel: channelId('ap-invoices') });
    expect(withCharset.warning).toBeUndefined();
    const without = await post('application/json');
    expect(without).toMatchObject({ ok: true, warning: 'missing_charset' });
    expect(without.response_metadata.warnings).toEqual(['missing_charset']);
    expect(emu.messages({ channel: channelId('ap-invoices') }).map((m) => m.blocks)).toEqual([
      [{ type: 'divider' }],
      [{ type: 'divider' }],
    ]);
  });

  it('never reads a token from a JSON body (Slack requires the header for JSON)', async () => {
    const res = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ token: ws.botToken, channel: channelId('ap-invoices'), text: 'x' }),
    }).then(jsonOf);
    expect(res).toEqual({ ok: false, error: 'not_authed' });
  });

  it('reads a token from a form param, and refuses malformed JSON', async () => {
    const form = await fetch(`${emu.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: ws.botToken }).toString(),
    }).then(jsonOf);
    expect(form).toMatchObject({ ok: true, team_id: ws.teamId });
    const bad = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ws.botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: '{"channel": ',
    });
    expect(bad.status).toBe(200);
    expect(await bad.json()).toEqual({ ok: false, error: 'invalid_json' });
  });

  it('ignores the arguments of a JSON body sent to a form-only method (conversations.list)', async () => {
    const res = await fetch(`${emu.apiUrl}conversations.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ws.botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ types: 'private_channel', limit: 1 }),
    }).then(jsonOf);
    // Defaults apply: public channels only, no paging limit of 1.
    expect(res.ok).toBe(true);
    expect(res.channels.map((c: { name: string }) => c.name)).toEqual(['ap-invoices', 'old-ap', 'lobby']);
  });

  it('answers an unknown method with unknown_method as an SDK platform error', async () => {
    const err = await sdkError(sdkClient(emu.apiUrl, ws.botToken).apiCall('chat.postMessages', {}));
    expect(err.code).toBe(ErrorCode.PlatformError);
    expect(err.data).toMatchObject({ ok: false, error: 'unknown_method', req_method: 'chat.postMessages' });
  });
});

describe('auth errors', () => {
  it('distinguishes not_authed, invalid_auth, token_revoked and account_inactive', async () => {
    const post = (token?: string) =>
      sdkError(
        sdkClient(emu.apiUrl, token).chat.postMessage({ channel: channelId('ap-invoices'), text: 'x' }),
      );
    expect((await post()).data?.error).toBe('not_authed');
    expect((await post('xoxb-1-2-nope')).data?.error).toBe('invalid_auth');
    const other = emu.issueToken(ws.teamId);
    emu.revokeToken(ws.botToken);
    expect((await post(ws.botToken)).data?.error).toBe('token_revoked');
    await expect(sdkClient(emu.apiUrl, other).auth.test()).resolves.toMatchObject({ ok: true });
    emu.deleteWorkspace(ws.teamId);
    expect((await post(other)).data?.error).toBe('account_inactive');
    expect(emu.messages()).toEqual([]);
  });

  it('revokes every token of a workspace on uninstall (token_revoked)', async () => {
    emu.uninstall(ws.teamId);
    const err = await sdkError(sdkClient(emu.apiUrl, ws.botToken).auth.test());
    expect(err.code).toBe(ErrorCode.PlatformError);
    expect(err.data?.error).toBe('token_revoked');
  });

  it('answers missing_scope with needed and provided', async () => {
    const narrow = emu.issueToken(ws.teamId, ['channels:read']);
    const err = await sdkError(
      sdkClient(emu.apiUrl, narrow).chat.postMessage({ channel: '#ap-invoices', text: 'x' }),
    );
    expect(err.data).toMatchObject({
      error: 'missing_scope',
      needed: 'chat:write,chat:write:bot',
      provided: 'channels:read',
    });
  });
});

describe('channels', () => {
  it('refuses archived, missing and uninvited private channels like Slack', async () => {
    const client = sdkClient(emu.apiUrl, ws.botToken);
    const post = (channel: string) => sdkError(client.chat.postMessage({ channel, text: 'x' }));
    expect((await post(channelId('old-ap'))).data?.error).toBe('is_archived');
    expect((await post('C0000000000')).data?.error).toBe('channel_not_found');
    expect((await post('#no-such-channel')).data?.error).toBe('channel_not_found');
    // A bot cannot see a private channel it was not invited to.
    expect((await post(channelId('finance-leads'))).data?.error).toBe('channel_not_found');
    emu.deleteChannel(channelId('ap-invoices'));
    expect((await post(channelId('ap-invoices'))).data?.error).toBe('channel_not_found');
    expect(emu.messages()).toEqual([]);
  });

  it('posts to a public channel without membership only with chat:write.public', async () => {
    const withPublic = sdkClient(emu.apiUrl, ws.botToken);
    await expect(withPublic.chat.postMessage({ channel: '#lobby', text: 'hi' })).resolves.toMatchObject({
      ok: true,
    });
    const without = sdkClient(emu.apiUrl, emu.issueToken(ws.teamId, ['chat:write']));
    expect((await sdkError(without.chat.postMessage({ channel: '#lobby', text: 'hi' }))).data?.error).toBe(
      'not_in_channel',
    );
  });

  it('posts to a private channel once the bot is invited', async () => {
    const client = sdkClient(emu.apiUrl, ws.botToken);
    emu.setBotMembership(channelId('finance-leads'), true);
    const res = await client.chat.postMessage({ channel: channelId('finance-leads'), text: 'now visible' });
    expect(res.ok).toBe(true);
    emu.archiveChannel(channelId('vendor-changes'));
    expect(
      (await sdkError(client.chat.postMessage({ channel: channelId('vendor-changes'), text: 'x' }))).data
        ?.error,
    ).toBe('is_archived');
  });

  it('lists conversations with types, exclude_archived and cursor paging', async () => {
    const client = sdkClient(emu.apiUrl, ws.botToken);
    const first = await client.conversations.list({
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: 2,
    });
    expect(first.channels?.map((c) => c.name)).toEqual(['ap-invoices', 'vendor-changes']);
    expect(first.channels?.[1]).toMatchObject({ is_private: true, is_member: true, is_archived: false });
    const cursor = first.response_metadata?.next_cursor;
    expect(cursor).toBeTruthy();
    const second = await client.conversations.list({
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: 2,
      cursor,
    });
    // finance-leads is private and the bot is not in it: invisible. old-ap is archived.
    expect(second.channels?.map((c) => c.name)).toEqual(['lobby']);
    expect(second.response_metadata?.next_cursor).toBe('');
    const bad = await sdkError(client.conversations.list({ cursor: 'bm9wZQ==' }));
    expect(bad.data?.error).toBe('invalid_cursor');
    expect((await sdkError(client.conversations.list({ types: 'rooms' }))).data?.error).toBe('invalid_types');
  });

  it('joins a public channel, warns when already in it, and refuses private ones', async () => {
    const client = sdkClient(emu.apiUrl, ws.botToken);
    const joined = await client.conversations.join({ channel: channelId('lobby') });
    expect(joined.channel).toMatchObject({ id: channelId('lobby'), is_member: true });
    const again = await client.conversations.join({ channel: channelId('lobby') });
    expect(again.warning).toBe('already_in_channel');
    expect(
      (await sdkError(client.conversations.join({ channel: channelId('vendor-changes') }))).data?.error,
    ).toBe('method_not_supported_for_channel_type');
  });
});
