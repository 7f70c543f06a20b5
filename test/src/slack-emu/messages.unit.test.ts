import { ErrorCode } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator, type WorkspaceInfo } from './index';
import { ManualClock, sdkClient, sdkError } from './test-support';

let emu: SlackEmulator;
let ws: WorkspaceInfo;
let clock: ManualClock;
let channel: string;

beforeEach(async () => {
  clock = new ManualClock();
  emu = await startSlackEmulator({ clock });
  ws = emu.createWorkspace({ channels: ['ap-invoices', { name: 'lobby', botIsMember: false }] });
  channel = ws.channels[0]!.id;
});
afterEach(async () => {
  await emu.close();
});

const metadata = (eventId: string) => ({ event_type: 'gp_delivery', event_payload: { event_id: eventId } });

describe('chat.postMessage', () => {
  it('hands out unique, increasing ts values per channel even within one millisecond', async () => {
    const client = sdkClient(emu.apiUrl, ws.botToken);
    const a = await client.chat.postMessage({ channel, text: 'a' });
    const b = await client.chat.postMessage({ channel, text: 'b' });
    expect(a.ts).toBe(`${Math.floor(clock.now() / 1000)}.000000`);
    expect(b.ts).toBe(`${Math.floor(clock.now() / 1000)}.000001`);
  });

  it('refuses a message with nothing to show (no_text)', async () => {
    const err = await sdkError(sdkClient(emu.apiUrl, ws.botToken).chat.postMessage({ channel, text: '' }));
    expect(err.data?.error).toBe('no_text');
  });

  it('refuses metadata that is not {event_type, event_payload}', async () => {
    const client = sdkClient(emu.apiUrl, ws.botToken);
    for (const bad of [
      'not json',
      '[]',
      JSON.stringify({ event_type: 'x' }),
      JSON.stringify({ event_payload: {} }),
    ]) {
      const err = await sdkError(client.apiCall('chat.postMessage', { channel, text: 'x', metadata: bad }));
      expect(err.data?.error).toBe('invalid_metadata_format');
    }
    expect(emu.messages()).toEqual([]);
  });

  it('truncates top-level text above 40,000 characters instead of failing', async () => {
    const res = await sdkClient(emu.apiUrl, ws.botToken).chat.postMessage({
      channel,
      text: 'x'.repeat(40_010),
    });
    const [m] = emu.messages();
    expect(res.ok).toBe(true);
    expect(m?.text).toHaveLength(40_000);
    expect(m?.truncated).toBe(true);
  });

  it('threads replies under their parent and reports reply counts in history', async () => {
    const client = sdkClient(emu.apiUrl, ws.botToken);
    const parent = await client.chat.postMessage({ channel, text: 'PO 1001 created' });
    const reply = await client.chat.postMessage({ channel, text: 'approved', thread_ts: parent.ts! });
    // Replying to a reply lands in the parent's thread.
    await client.chat.postMessage({ channel, text: 'received', thread_ts: reply.ts!, reply_broadcast: true });
    expect(emu.messages({ threadTs: parent.ts! }).map((m) => m.text)).toEqual(['approved', 'received']);
    const history = await client.conversations.history({ channel });
    // History shows top-level messages and broadcast replies, newest first.
    expect(history.messages?.map((m) => m.text)).toEqual(['received', 'PO 1001 created']);
    expect(history.messages?.[1]).toMatchObject({ reply_count: 2, thread_ts: parent.ts });
    const thread = await client.conversations.replies({ channel, ts: parent.ts! });
    expect(thread.messages?.map((m) => m.text)).toEqual(['PO 1001 created', 'approved', 'received']);
  });

  it('accepts a reply to a ts that does not exist, and flags it as seen by nobody', async () => {
    await sdkClient(emu.apiUrl, ws.botToken).chat.postMessage({
      channel,
      text: 'lost',
      thread_ts: '1700000000.000001',
    });
    expect(emu.messages()[0]).toMatchObject({ threadTs: '1700000000.000001', orphanReply: true });
  });
});

describe('chat.update', () => {
  it('edits in place, keeps metadata when omitted, and records each edit', async () => {
    const client = sdkClient(emu.apiUrl, ws.botToken);
    const posted = await client.chat.postMessage({
      channel,
      text: 'INV-1 received',
      metadata: metadata('ev-1'),
    });
    clock.advance(5_000);
    const updated = await client.chat.update({ channel, ts: posted.ts!, text: 'INV-1 approved' });
    expect(updated).toMatchObject({ ok: true, channel, ts: posted.ts, text: 'INV-1 approved' });
    const m = emu.message(channel, posted.ts!);
    expect(m).toMatchObject({
      text: 'INV-1 approved',
      metadata: metadata('ev-1'),
      original: { text: 'INV-1 received' },
      edits: [{ editedAt: clock.now(), text: 'INV-1 approved', metadata: metadata('ev-1') }],
    });
    await client.chat.update({ channel, ts: posted.ts!, text: 'INV-1 paid', metadata: {} as never });
    expect(emu.message(channel, posted.ts!)?.metadata).toBeUndefined();
  });

  it('answers message_not_found, cant_update_message and msg_too_long', async () => {
    const client = sdkClient(emu.apiUrl, ws.botToken);
    const posted = await client.chat.postMessage({ channel, text: 'x' });
    const human = emu.postUserMessage(channel, 'a person wrote this');
    const update = (ts: string, text: string) => sdkError(client.chat.update({ channel, ts, text }));
    expect((await update('1.000001', 'y')).data?.error).toBe('message_not_found');
    expect((await update(human.ts, 'y')).data?.error).toBe('cant_update_message');
    expect((await update(posted.ts!, 'y'.repeat(4_001))).data?.error).toBe('msg_too_long');
    await expect(
      client.chat.update({ channel, ts: posted.ts!, text: 'y'.repeat(4_000) }),
    ).resolves.toMatchObject({
      ok: true,
    });
  });
});

describe('conversations.history', () => {
  it('returns metadata only with include_all_metadata, so a lost reply can be reconciled', async () => {
    const client = sdkClient(emu.apiUrl, ws.botToken);
    for (const id of ['ev-1', 'ev-2', 'ev-3']) {
      await client.chat.postMessage({ channel, text: id, metadata: metadata(id) });
      clock.advance(1_000);
    }
    const plain = await client.conversations.history({ channel, limit: 10 });
    expect(plain.messages?.every((m) => m.metadata === undefined)).toBe(true);
    const withMeta = await client.conversations.history({ channel, include_all_metadata: true, limit: 2 });
    expect(
      withMeta.messages?.map(
        (m) => (m.metadata?.event_payload as { event_id?: string } | undefined)?.event_id,
      ),
    ).toEqual(['ev-3', 'ev-2']);
    expect(withMeta.has_more).toBe(true);
    const next = await client.conversations.history({
      channel,
      include_all_metadata: true,
      limit: 2,
      cursor: withMeta.response_metadata?.next_cursor,
    });
    expect(
      next.messages?.map((m) => (m.metadata?.event_payload as { event_id?: string } | undefined)?.event_id),
    ).toEqual(['ev-1']);
    expect(next.has_more).toBe(false);
  });

  it('filters by oldest/latest (exclusive unless inclusive)', async () => {
    const client = sdkClient(emu.apiUrl, ws.botToken);
    const ts: string[] = [];
    for (const t of ['a', 'b', 'c']) {
      ts.push((await client.chat.postMessage({ channel, text: t })).ts!);
      clock.advance(1_000);
    }
    const between = await client.conversations.history({ channel, oldest: ts[0], latest: ts[2] });
    expect(between.messages?.map((m) => m.text)).toEqual(['b']);
    const inclusive = await client.conversations.history({
      channel,
      oldest: ts[0],
      latest: ts[2],
      inclusive: true,
    });
    expect(inclusive.messages?.map((m) => m.text)).toEqual(['c', 'b', 'a']);
  });

  it('needs the bot in the channel: not_in_channel for a public channel it only posts to', async () => {
    const client = sdkClient(emu.apiUrl, ws.botToken);
    const lobby = ws.channels[1]!.id;
    await client.chat.postMessage({ channel: lobby, text: 'posted via chat:write.public' });
    expect((await sdkError(client.conversations.history({ channel: lobby }))).data?.error).toBe(
      'not_in_channel',
    );
    await client.conversations.join({ channel: lobby });
    const after = await client.conversations.history({ channel: lobby });
    expect(after.messages?.map((m) => m.text)).toEqual(['posted via chat:write.public']);
  });
});

describe('chat.getPermalink', () => {
  it('returns a Slack-shaped permalink that opens the message on the emulator page', async () => {
    const client = sdkClient(emu.apiUrl, ws.botToken);
    const posted = await client.chat.postMessage({ channel, text: 'x' });
    const reply = await client.chat.postMessage({ channel, text: 'r', thread_ts: posted.ts! });
    const link = await client.chat.getPermalink({ channel, message_ts: posted.ts! });
    const digits = posted.ts!.replace('.', '');
    expect(link.permalink).toBe(`${emu.origin}/w/${ws.domain}/archives/${channel}/p${digits}`);
    const replyLink = await client.chat.getPermalink({ channel, message_ts: reply.ts! });
    expect(replyLink.permalink).toContain(`?thread_ts=${posted.ts}&cid=${channel}`);
    const res = await fetch(link.permalink!, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/#m-${channel}-${digits}`);
    expect((await sdkError(client.chat.getPermalink({ channel, message_ts: '1.2' }))).data?.error).toBe(
      'message_not_found',
    );
  });
});

describe('faults', () => {
  it('drop-reply records the post but the client sees a request error (outcome unknown)', async () => {
    emu.faults.push({ method: 'chat.postMessage', kind: 'drop-reply' });
    const client = sdkClient(emu.apiUrl, ws.botToken);
    const err = await sdkError(
      client.chat.postMessage({ channel, text: 'did it land?', metadata: metadata('ev-9') }),
    );
    expect(err.code).toBe(ErrorCode.RequestError);
    const landed = emu.messages();
    expect(landed).toHaveLength(1);
    expect(landed[0]).toMatchObject({ text: 'did it land?', metadata: metadata('ev-9') });
    const history = await client.conversations.history({ channel, include_all_metadata: true });
    expect(history.messages?.[0]?.metadata?.event_payload).toEqual({ event_id: 'ev-9' });
    expect(emu.calls({ method: 'chat.postMessage' })[0]).toMatchObject({
      status: 0,
      ok: true,
      fault: 'drop-reply',
    });
  });

  it('stall holds the request until released, then answers normally', async () => {
    emu.faults.push({ method: 'chat.postMessage', channel, kind: 'stall' });
    const pending = sdkClient(emu.apiUrl, ws.botToken).chat.postMessage({ channel, text: 'slow' });
    await emu.faults.whenStalled();
    expect(emu.messages()).toEqual([]);
    expect(emu.faults.releaseStalled()).toBe(1);
    await expect(pending).resolves.toMatchObject({ ok: true, channel });
    expect(emu.messages().map((m) => m.text)).toEqual(['slow']);
    expect(emu.calls()).toEqual([
      expect.objectContaining({ method: 'chat.postMessage', status: 200, fault: 'stall' }),
    ]);
  });

  it('hold-reply records the post at once and answers only when released', async () => {
    emu.faults.push({ method: 'chat.postMessage', channel, kind: 'hold-reply' });
    let settled = false;
    const pending = sdkClient(emu.apiUrl, ws.botToken)
      .chat.postMessage({ channel, text: 'accepted' })
      .finally(() => {
        settled = true;
      });
    await emu.faults.whenStalled();
    expect(emu.messages().map((m) => m.text)).toEqual(['accepted']);
    expect(settled).toBe(false);
    expect(emu.faults.releaseStalled()).toBe(1);
    await expect(pending).resolves.toMatchObject({ ok: true, channel });
  });

  it('stall never answers if the emulator closes first', async () => {
    emu.faults.push({ kind: 'stall' });
    const pending = sdkError(sdkClient(emu.apiUrl, ws.botToken).auth.test());
    await emu.faults.whenStalled();
    await emu.close();
    expect((await pending).code).toBe(ErrorCode.RequestError);
    expect(emu.calls()).toEqual([
      expect.objectContaining({ method: 'auth.test', status: 0, fault: 'stall' }),
    ]);
  });

  it('http-500, error and ratelimit faults surface as the SDK error kinds, count times each', async () => {
    const client = sdkClient(emu.apiUrl, ws.botToken);
    emu.faults.push(
      { method: 'chat.postMessage', kind: 'http-500', count: 2 },
      { method: 'chat.postMessage', kind: 'error', error: 'fatal_error' },
      { method: 'chat.postMessage', kind: 'ratelimit', retryAfterSec: 7 },
    );
    const post = () => sdkError(client.chat.postMessage({ channel, text: 'x' }));
    for (let i = 0; i < 2; i++) {
      const http = await post();
      expect(http.code).toBe(ErrorCode.HTTPError);
      expect(http.statusCode).toBe(500);
    }
    expect((await post()).data?.error).toBe('fatal_error');
    const limited = await post();
    expect(limited.code).toBe(ErrorCode.RateLimitedError);
    expect(limited.retryAfter).toBe(7);
    await expect(client.chat.postMessage({ channel, text: 'ok now' })).resolves.toMatchObject({ ok: true });
    expect(emu.messages().map((m) => m.text)).toEqual(['ok now']);
    expect(emu.rateLimitedCount({ source: 'fault' })).toBe(1);
    expect(emu.faults.fired.map((f) => f.kind)).toEqual(['http-500', 'http-500', 'error', 'ratelimit']);
  });

  it('matches faults by channel as sent', async () => {
    const other = emu.createChannel(ws.teamId, 'gl-journals').id;
    emu.faults.push({ channel: other, kind: 'error', error: 'channel_not_found' });
    const client = sdkClient(emu.apiUrl, ws.botToken);
    await expect(client.chat.postMessage({ channel, text: 'unaffected' })).resolves.toMatchObject({
      ok: true,
    });
    expect((await sdkError(client.chat.postMessage({ channel: other, text: 'x' }))).data?.error).toBe(
      'channel_not_found',
    );
    expect(emu.faults.size).toBe(0);
  });
});
