import type { Clock, Logger } from '@gprelay/shared';

/** Web API rate-limit tiers (per method × workspace × app), calls per minute. */
export const RateTier = { t1: 't1', t2: 't2', t3: 't3', t4: 't4' } as const;
export type RateTier = (typeof RateTier)[keyof typeof RateTier];

/** Slack's published floors for each tier ("T1 1+/min, T2 20+/min, T3 50+/min, T4 100+/min"). */
export const DEFAULT_TIER_LIMITS_PER_MINUTE: Readonly<Record<RateTier, number>> = {
  t1: 1,
  t2: 20,
  t3: 50,
  t4: 100,
};

export interface OAuthAppOptions {
  /** Default `'1234567890.1234567890'`. */
  clientId?: string;
  /** Default `'emulator-client-secret'`. */
  clientSecret?: string;
  /** Registered redirect URIs. Empty (the default) accepts any http(s) redirect_uri. */
  redirectUris?: string[];
  /** Token rotation: `xoxe.xoxb-` access tokens that expire, plus single-use refresh tokens. Default off. */
  tokenRotation?: boolean;
  /** Lifetime of rotating access tokens in seconds. Default 43200 (12 h), as Slack issues them. */
  tokenLifetimeSec?: number;
  /** Lifetime of an authorization code in seconds. Default 600. */
  codeLifetimeSec?: number;
}

export interface SlackEmulatorOptions {
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Drives ts values, token expiry and every rate limit. Default: the system clock. */
  clock?: Clock;
  logger?: Logger;
  /** Seed for the deterministic id generator. Default 0x5eed. */
  seed?: number;
  /**
   * chat.postMessage per-channel token bucket capacity. Default 3: research §3 recommends a 1/s
   * bucket with a burst of about 3 ("Short bursts >1 allowed").
   */
  postBurst?: number;
  /** Per-channel refill rate for chat.postMessage. Default 1 message per second. */
  postsPerSecondPerChannel?: number;
  /**
   * Workspace-wide chat.postMessage limit across all channels. Slack has one but publishes no number,
   * so it is off unless given.
   */
  workspacePostLimit?: { perSecond: number; burst: number };
  /** Tier limits per (workspace, method), calls per minute; `false` turns tier limiting off. */
  tierLimits?: false | Partial<Record<RateTier, number>>;
  /** Per-method overrides in calls per minute, e.g. `{ 'conversations.history': 1 }`. */
  methodLimitsPerMinute?: Record<string, number>;
  /**
   * Total characters of text across all blocks above which chat.postMessage/chat.update answer
   * `msg_blocks_too_long`. Default 12000 (bolt-js#2509 saw the error at about 13.2k; the exact
   * threshold varies by block mix, so the emulator sits just under it).
   */
  maxBlocksTextChars?: number;
  oauth?: OAuthAppOptions;
}

export interface ChannelSpec {
  name: string;
  isPrivate?: boolean;
  isArchived?: boolean;
  /** Default true: the bot was invited. `false` gives Slack's uninvited behaviour. */
  botIsMember?: boolean;
}

export interface CreateWorkspaceOptions {
  name?: string;
  teamId?: string;
  /** Slack subdomain; default derived from the name. */
  domain?: string;
  channels?: Array<string | ChannelSpec>;
  /** Bot token scopes. Default {@link DEFAULT_BOT_SCOPES}. */
  scopes?: string[];
}

export const DEFAULT_BOT_SCOPES: readonly string[] = [
  'chat:write',
  'chat:write.public',
  'channels:read',
  'groups:read',
  'channels:history',
  'groups:history',
  'channels:join',
];

export interface WorkspaceInfo {
  teamId: string;
  name: string;
  domain: string;
  botToken: string;
  botUserId: string;
  botId: string;
  appId: string;
  /** A human member, for seeding user messages (`postUserMessage`). */
  humanUserId: string;
  channels: Array<{ id: string; name: string }>;
}

/** `event_type` + `event_payload`, as attached to a message. */
export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** Who Slack would notify. `<#C…>` channel references are not pings, see `channelRefs`. */
export type Mention =
  | { kind: 'channel' | 'here' | 'everyone' }
  | { kind: 'user'; id: string }
  | { kind: 'usergroup'; id: string };

export interface MessageLink {
  url: string;
  label?: string;
  /** true for a bare URL that Slack clients auto-link, false for an explicit `<url|label>`. */
  auto: boolean;
}

export interface MessageContent {
  text: string;
  blocks?: unknown[];
  metadata?: MessageMetadata;
}

export interface MessageEdit extends MessageContent {
  /** Clock time of the chat.update, ms since the epoch. */
  editedAt: number;
}

export interface RecordedMessage extends MessageContent {
  teamId: string;
  channel: string;
  channelName: string;
  ts: string;
  /** Parent ts for a thread reply; undefined for a top-level message. */
  threadTs?: string;
  replyBroadcast: boolean;
  /** Clock time the post was accepted, ms since the epoch. */
  postedAt: number;
  author: { kind: 'bot'; botId: string; userId: string } | { kind: 'user'; userId: string };
  unfurlLinks?: boolean;
  unfurlMedia?: boolean;
  username?: string;
  /** Content as first posted; `text`/`blocks`/`metadata` above are the current content. */
  original: MessageContent;
  /** Each chat.update in order, holding the content it set. */
  edits: MessageEdit[];
  /** Pings and links in the current content (top-level text and mrkdwn in blocks). */
  mentions: Mention[];
  links: MessageLink[];
  channelRefs: string[];
  /** Top-level text was longer than 40,000 characters and Slack-style truncated. */
  truncated: boolean;
  /** A reply whose thread_ts names no message in the channel: Slack accepts it, nobody sees it. */
  orphanReply: boolean;
}

export interface MessageFilter {
  teamId?: string;
  /** Channel id or name. */
  channel?: string;
  /** Only replies in this thread. */
  threadTs?: string;
  /** true: top-level messages only; false: replies only. */
  topLevel?: boolean;
}

export const FaultKind = {
  error: 'error',
  http500: 'http-500',
  ratelimit: 'ratelimit',
  dropReply: 'drop-reply',
  stall: 'stall',
  /**
   * The request is handled at once (a post is recorded, as Slack would) but the
   * reply is held until `releaseStalled()`; if the caller goes away first it never
   * learns the outcome. Models a sender that dies after Slack accepted its post.
   */
  holdReply: 'hold-reply',
} as const;
export type FaultKind = (typeof FaultKind)[keyof typeof FaultKind];

/**
 * What a `ratelimit` fault limits. `request`: only the matching requests get 429. `workspace`: the
 * first matching request opens a workspace-wide limit, as Slack's tier limits (per method × workspace)
 * and chat.postMessage's workspace cap work: every call of that method (of every method when the fault
 * names none) by that workspace, in any channel, answers 429 with the remaining Retry-After until it
 * has passed on the emulator's clock. Slack's reply carries no sign of which limit it was.
 */
export const RateLimitScope = { request: 'request', workspace: 'workspace' } as const;
export type RateLimitScope = (typeof RateLimitScope)[keyof typeof RateLimitScope];

export interface FaultSpec {
  /** Web API method to match, e.g. `chat.postMessage`; any method when omitted. */
  method?: string;
  /** Channel id or name as sent in the `channel` param; any when omitted. */
  channel?: string;
  /** Workspace whose token made the request; any when omitted. */
  teamId?: string;
  kind: FaultKind;
  /** For `error`: the Slack error code. Default `internal_error`. */
  error?: string;
  /** For `ratelimit`: the Retry-After seconds. Default 1. */
  retryAfterSec?: number;
  /** For `ratelimit`: the matching requests only (default), or the whole workspace for Retry-After. */
  scope?: RateLimitScope;
  /** For `http-500`: the status to answer with. Default 500. */
  status?: number;
  /** How many matching requests this fault affects. Default 1. */
  count?: number;
}

export interface RateLimitEvent {
  at: number;
  method: string;
  teamId?: string;
  channel?: string;
  retryAfterSec: number;
  source: 'channel' | 'workspace' | 'tier' | 'fault';
}

export interface ApiCallRecord {
  at: number;
  method: string;
  teamId?: string;
  channel?: string;
  /** HTTP status sent (0 when the socket was dropped or the request stalled). */
  status: number;
  ok: boolean;
  error?: string;
  fault?: FaultKind;
}

export interface ChannelPostingStats {
  teamId: string;
  channel: string;
  posts: number;
  /** Largest number of accepted posts inside any sliding window of `windowMs`. */
  maxInWindow: number;
  windowMs: number;
}
