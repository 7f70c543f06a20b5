import { DEFAULT_TIER_LIMITS_PER_MINUTE, type RateTier, type SlackEmulatorOptions } from './types';

/**
 * A token bucket on the injected clock: `capacity` calls at once, refilled continuously at
 * `refillPerMs`. Checking and taking are separate so a post that fails validation costs nothing
 * (Slack's limit is on messages posted).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();

  constructor(
    private readonly capacity: number,
    private readonly refillPerMs: number,
  ) {
    if (!(capacity >= 1) || !(refillPerMs > 0)) {
      throw new Error(
        `token bucket needs capacity >= 1 and a positive rate (got ${capacity}, ${refillPerMs})`,
      );
    }
  }

  private level(key: string, nowMs: number): { tokens: number; atMs: number } {
    const b = this.buckets.get(key) ?? { tokens: this.capacity, atMs: nowMs };
    const elapsed = Math.max(0, nowMs - b.atMs);
    const refilled = { tokens: Math.min(this.capacity, b.tokens + elapsed * this.refillPerMs), atMs: nowMs };
    this.buckets.set(key, refilled);
    return refilled;
  }

  /** 0 when a call may go now, else whole seconds to wait (Slack's Retry-After is an integer, >= 1). */
  retryAfterSec(key: string, nowMs: number): number {
    const b = this.level(key, nowMs);
    if (b.tokens >= 1 - 1e-9) return 0;
    return Math.max(1, Math.ceil((1 - b.tokens) / this.refillPerMs / 1000));
  }

  take(key: string, nowMs: number): void {
    const b = this.level(key, nowMs);
    b.tokens = Math.max(0, b.tokens - 1);
  }
}

/** Slack's documented tier for each emulated method; `special` methods have their own limit or none. */
export const METHOD_TIERS: Readonly<Record<string, RateTier | 'special'>> = {
  'chat.postMessage': 'special',
  'chat.update': 't3',
  'chat.getPermalink': 't4',
  'conversations.list': 't2',
  'conversations.history': 't3',
  'conversations.replies': 't3',
  'conversations.info': 't3',
  'conversations.join': 't3',
  'apps.uninstall': 't1',
  'auth.revoke': 't3',
  'auth.test': 'special',
  'oauth.v2.access': 'special',
};

export interface LimitVerdict {
  retryAfterSec: number;
  source: 'channel' | 'workspace' | 'tier';
}

/** Every rate limit the emulator enforces, keyed per workspace (and per channel for posting). */
export class RateLimiter {
  private readonly perChannel: TokenBuckets;
  private readonly perWorkspace: TokenBuckets | undefined;
  private readonly perMethod = new Map<string, TokenBuckets>();
  /** Workspace-wide limits opened by a fault: `team/method` (or `team/*`) → clock ms it lifts. */
  private readonly holds = new Map<string, number>();

  constructor(options: SlackEmulatorOptions) {
    const perSecond = options.postsPerSecondPerChannel ?? 1;
    this.perChannel = new TokenBuckets(options.postBurst ?? 3, perSecond / 1000);
    const ws = options.workspacePostLimit;
    this.perWorkspace = ws ? new TokenBuckets(ws.burst, ws.perSecond / 1000) : undefined;
    for (const [method, tier] of Object.entries(METHOD_TIERS)) {
      if (tier === 'special' || options.tierLimits === false) continue;
      const perMinute = options.tierLimits?.[tier] ?? DEFAULT_TIER_LIMITS_PER_MINUTE[tier];
      this.perMethod.set(method, new TokenBuckets(perMinute, perMinute / 60_000));
    }
    for (const [method, perMinute] of Object.entries(options.methodLimitsPerMinute ?? {})) {
      this.perMethod.set(method, new TokenBuckets(perMinute, perMinute / 60_000));
    }
  }

  /**
   * Limits every `method` call (every call when `method` is undefined) by the workspace until
   * `untilMs`, whatever the channel: a workspace-wide limit as a fault opens it.
   */
  holdWorkspace(teamId: string, method: string | undefined, untilMs: number): void {
    const key = `${teamId}/${method ?? '*'}`;
    this.holds.set(key, Math.max(untilMs, this.holds.get(key) ?? 0));
  }

  /** A workspace-wide limit in force for this call, with the whole seconds left (>= 1). */
  checkHold(method: string, teamId: string, nowMs: number): LimitVerdict | undefined {
    const untilMs = Math.max(this.holds.get(`${teamId}/${method}`) ?? 0, this.holds.get(`${teamId}/*`) ?? 0);
    if (untilMs <= nowMs) return undefined;
    return { retryAfterSec: Math.max(1, Math.ceil((untilMs - nowMs) / 1000)), source: 'workspace' };
  }

  /** Tier check for any method; takes a token when the call may go. */
  checkMethod(method: string, teamId: string, nowMs: number): LimitVerdict | undefined {
    const buckets = this.perMethod.get(method);
    if (!buckets) return undefined;
    const retryAfterSec = buckets.retryAfterSec(teamId, nowMs);
    if (retryAfterSec > 0) return { retryAfterSec, source: 'tier' };
    buckets.take(teamId, nowMs);
    return undefined;
  }

  /** chat.postMessage: per-channel first, then workspace-wide. Call `takePost` once the post is accepted. */
  checkPost(teamId: string, channelId: string, nowMs: number): LimitVerdict | undefined {
    const channelWait = this.perChannel.retryAfterSec(`${teamId}/${channelId}`, nowMs);
    if (channelWait > 0) return { retryAfterSec: channelWait, source: 'channel' };
    const wsWait = this.perWorkspace?.retryAfterSec(teamId, nowMs) ?? 0;
    if (wsWait > 0) return { retryAfterSec: wsWait, source: 'workspace' };
    return undefined;
  }

  takePost(teamId: string, channelId: string, nowMs: number): void {
    this.perChannel.take(`${teamId}/${channelId}`, nowMs);
    this.perWorkspace?.take(teamId, nowMs);
  }
}

/** Largest number of timestamps inside any half-open window `[t, t + windowMs)`. */
export function maxInSlidingWindow(sortedTimesMs: readonly number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < sortedTimesMs.length; end++) {
    while ((sortedTimesMs[end] as number) - (sortedTimesMs[start] as number) >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
