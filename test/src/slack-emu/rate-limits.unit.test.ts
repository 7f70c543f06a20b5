import { ErrorCode } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, type SlackEmulatorOptions, startSlackEmulator } from './index';
import { maxInSlidingWindow, TokenBuckets } from './rate-limits';
import { ManualClock, sdkClient, sdkError } from './test-support';

let emu: SlackEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function setup(options: SlackEmulatorOptions = {}) {
  const clock = new ManualClock();
  emu = await startSlackEmulator({ clock, ...options });
  const ws = emu.createWorkspace({ channels: ['ap-invoices', 'purchase-orders', 'gl-journals'] });
  const client = sdkClient(emu.apiUrl, ws.botToken);
  const [a, b, c] = ws.channels.map((ch) => ch.id) as [string, string, string];
  return { emu, clock, ws, client, a, b, c };
}

describe('token buckets', () => {
  it('allow a burst, then refill at the rate, with Retry-After rounded up to whole seconds', () => {
    const bucket = new TokenBuckets(2, 1 / 1000);
    bucket.take('k', 0);
    bucket.take('k', 0);
    expect(bucket.retryAfterSec('k', 0)).toBe(1);
    expect(bucket.retryAfterSec('k', 999)).toBe(1);
    expect(bucket.retryAfterSec('k', 1000)).toBe(0);
    const slow = new TokenBuckets(1, 20 / 60_000);
    slow.take('k', 0);
    expect(slow.retryAfterSec('k', 0)).toBe(3);
  });

  it('finds the busiest sliding window', () => {
    expect(maxInSlidingWindow([], 1000)).toBe(0);
    expect(maxInSlidingWindow([0, 1000, 2000], 1000)).toBe(1);
    expect(maxInSlidingWindow([0, 999, 1000, 1500, 3000], 1000)).toBe(3);
  });
});

describe('chat.postMessage limit: 1 message/second/channel with a burst', () => {
  it('allows the burst (default 3), then answers 429 with Retry-After, surfaced by the SDK', async () => {
    const { emu, client, a } = await setup();
    for (let i = 0; i < 3; i++) await client.chat.postMessage({ channel: a, text: `m${i}` });
    const err = await sdkError(client.chat.postMessage({ channel: a, text: 'one too many' }));
    expect(err.code).toBe(ErrorCode.RateLimitedError);
    expect(err.retryAfter).toBe(1);
    expect(emu.messages().map((m) => m.text)).toEqual(['m0', 'm1', 'm2']);
    expect(emu.rateLimited()).toEqual([
      expect.objectContaining({
        method: 'chat.postMessage',
        channel: a,
        retryAfterSec: 1,
        source: 'channel',
      }),
    ]);
  });

  it('answers HTTP 429 with an integer Retry-After and the ratelimited body', async () => {
    const { ws, a } = await setup({ postBurst: 1 });
    const post = () =>
      fetch(`${emu!.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ws.botToken}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ channel: a, text: 'x' }).toString(),
      });
    expect((await post()).status).toBe(200);
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('refills one message per second on the injected clock, per channel independently', async () => {
    const { emu, clock, client, a, b } = await setup({ postBurst: 2 });
    await client.chat.postMessage({ channel: a, text: 'a1' });
    await client.chat.postMessage({ channel: a, text: 'a2' });
    expect((await sdkError(client.chat.postMessage({ channel: a, text: 'a3' }))).code).toBe(
      ErrorCode.RateLimitedError,
    );
    // Another channel has its own budget.
    await client.chat.postMessage({ channel: b, text: 'b1' });
    clock.advance(999);
    expect((await sdkError(client.chat.postMessage({ channel: a, text: 'a3' }))).retryAfter).toBe(1);
    clock.advance(1);
    await client.chat.postMessage({ channel: a, text: 'a3' });
    expect(emu.messages({ channel: a }).map((m) => m.text)).toEqual(['a1', 'a2', 'a3']);
    expect(emu.rateLimitedCount({ channel: a })).toBe(2);
  });

  it('lets a paced sender through without a single 429, and the window helper proves the pace', async () => {
    const { emu, clock, client, a, b } = await setup();
    for (let i = 0; i < 20; i++) {
      await client.chat.postMessage({ channel: a, text: `a${i}` });
      await client.chat.postMessage({ channel: b, text: `b${i}` });
      clock.advance(1000);
    }
    expect(emu.rateLimitedCount()).toBe(0);
    expect(emu.maxPostsPerWindow(1000)).toBe(1);
    expect(emu.postingStats().map((s) => [s.channel, s.posts, s.maxInWindow])).toEqual([
      [a, 20, 1],
      [b, 20, 1],
    ]);
  });

  it('shows a burst in the window helper when a sender ignores the pace', async () => {
    const { emu, clock, client, a } = await setup({ postBurst: 5 });
    for (let i = 0; i < 5; i++) {
      await client.chat.postMessage({ channel: a, text: `${i}` });
      clock.advance(100);
    }
    expect(emu.maxPostsPerWindow()).toBe(5);
    expect(emu.postTimes(a)).toHaveLength(5);
  });

  it('does not charge refused posts against the budget', async () => {
    const { emu, client, a } = await setup({ postBurst: 1 });
    await sdkError(client.chat.postMessage({ channel: a, text: '' }));
    await expect(client.chat.postMessage({ channel: a, text: 'first real post' })).resolves.toMatchObject({
      ok: true,
    });
    expect(emu.rateLimitedCount()).toBe(0);
  });

  it('enforces an optional workspace-wide posting limit across channels', async () => {
    const { emu, clock, client, a, b, c } = await setup({ workspacePostLimit: { perSecond: 2, burst: 2 } });
    await client.chat.postMessage({ channel: a, text: '1' });
    await client.chat.postMessage({ channel: b, text: '2' });
    const err = await sdkError(client.chat.postMessage({ channel: c, text: '3' }));
    expect(err.code).toBe(ErrorCode.RateLimitedError);
    expect(emu.rateLimited()[0]?.source).toBe('workspace');
    clock.advance(500);
    await expect(client.chat.postMessage({ channel: c, text: '3' })).resolves.toMatchObject({ ok: true });
  });
});

describe('tier limits per method and workspace', () => {
  it('limits conversations.list to Tier 2 (20/min) and refills over the minute', async () => {
    const { emu, clock, client } = await setup();
    for (let i = 0; i < 20; i++) await client.conversations.list();
    const err = await sdkError(client.conversations.list());
    expect(err.code).toBe(ErrorCode.RateLimitedError);
    expect(err.retryAfter).toBe(3);
    expect(emu.rateLimited()[0]).toMatchObject({ method: 'conversations.list', source: 'tier' });
    clock.advance(3000);
    await expect(client.conversations.list()).resolves.toMatchObject({ ok: true });
  });

  it('keeps separate budgets per workspace and accepts per-method overrides', async () => {
    const { clock, client, a } = await setup({ methodLimitsPerMinute: { 'conversations.history': 1 } });
    const other = emu!.createWorkspace({ channels: ['x'] });
    await client.conversations.history({ channel: a });
    expect((await sdkError(client.conversations.history({ channel: a }))).retryAfter).toBe(60);
    await expect(
      sdkClient(emu!.apiUrl, other.botToken).conversations.history({ channel: other.channels[0]!.id }),
    ).resolves.toMatchObject({ ok: true });
    clock.advance(60_000);
    await expect(client.conversations.history({ channel: a })).resolves.toMatchObject({ ok: true });
  });

  it('can be turned off', async () => {
    const { emu, client } = await setup({ tierLimits: false });
    for (let i = 0; i < 30; i++) await client.conversations.list();
    expect(emu.rateLimitedCount()).toBe(0);
  });
});

describe('workspace-wide limits opened by a fault', () => {
  it('limit every channel of that workspace until Retry-After passes, and no other workspace', async () => {
    const { emu, clock, ws, client, a, b } = await setup();
    const other = emu.createWorkspace({ channels: ['x'] });
    const otherClient = sdkClient(emu.apiUrl, other.botToken);
    emu.faults.push({
      kind: 'ratelimit',
      method: 'chat.postMessage',
      scope: 'workspace',
      teamId: ws.teamId,
      retryAfterSec: 7,
    });
    // The other workspace's post does not match the fault and goes through.
    await otherClient.chat.postMessage({ channel: other.channels[0]!.id, text: 'elsewhere' });
    expect((await sdkError(client.chat.postMessage({ channel: a, text: 'a1' }))).retryAfter).toBe(7);
    clock.advance(2000);
    expect((await sdkError(client.chat.postMessage({ channel: b, text: 'b1' }))).retryAfter).toBe(5);
    // Limits are per method: reading history is not held by the posting limit.
    await expect(client.conversations.history({ channel: a })).resolves.toMatchObject({ ok: true });
    await otherClient.chat.postMessage({ channel: other.channels[0]!.id, text: 'still going' });
    clock.advance(4999);
    expect((await sdkError(client.chat.postMessage({ channel: b, text: 'b1' }))).retryAfter).toBe(1);
    clock.advance(1);
    await expect(client.chat.postMessage({ channel: b, text: 'b1' })).resolves.toMatchObject({ ok: true });
    expect(emu.rateLimited({ teamId: ws.teamId }).map((r) => [r.channel, r.source, r.retryAfterSec])).toEqual(
      [
        [a, 'fault', 7],
        [b, 'workspace', 5],
        [b, 'workspace', 1],
      ],
    );
    expect(emu.rateLimitedCount({ teamId: other.teamId })).toBe(0);
    expect(emu.calls({ teamId: ws.teamId, method: 'chat.postMessage' }).map((c) => c.status)).toEqual([
      429, 429, 429, 200,
    ]);
  });

  it('hold every method of the workspace when the fault names none', async () => {
    const { emu, clock, ws, client, a } = await setup();
    emu.faults.push({ kind: 'ratelimit', scope: 'workspace', retryAfterSec: 3 });
    expect((await sdkError(client.conversations.history({ channel: a }))).retryAfter).toBe(3);
    expect((await sdkError(client.chat.update({ channel: a, ts: '1.000001', text: 'x' }))).retryAfter).toBe(
      3,
    );
    expect((await sdkError(client.chat.postMessage({ channel: a, text: 'x' }))).retryAfter).toBe(3);
    expect(emu.faults.fired).toEqual([expect.objectContaining({ teamId: ws.teamId, kind: 'ratelimit' })]);
    clock.advance(3000);
    await expect(client.chat.postMessage({ channel: a, text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('refuses a scope on a fault that is not a rate limit', async () => {
    const { emu } = await setup();
    expect(() => emu.faults.push({ kind: 'error', scope: 'workspace' })).toThrow(/scope/);
  });
});
