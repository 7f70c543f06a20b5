/** What a Slack 429 pauses: one channel's posting, or every channel of the workspace (team). */
export const RateLimitScope = { channel: 'channel', workspace: 'workspace' } as const;
export type RateLimitScope = (typeof RateLimitScope)[keyof typeof RateLimitScope];

/** Why a 429 was given its scope; recorded in the audit row of the back-off. */
export const RateLimitReason = {
  /** chat.postMessage: Slack's limit is about one message per second per channel. */
  channelMethod: 'per-channel method',
  /** Any other method: tiered per method × workspace (chat.update T3, conversations.* T2/T3, auth.*). */
  workspaceMethod: 'per-workspace method',
  /** The method is not known: assume the wider limit rather than keep calling into it. */
  unknownMethod: 'unknown method',
  /** `rate_limited` ("application has posted too many messages"), `message_limit_exceeded`: app/workspace-wide. */
  workspaceError: 'workspace-wide error',
  /** A second channel hit a 429 while another channel's was still running: the workspace's posting cap. */
  secondChannel: 'second channel limited',
  /** The tenant has no installation on record any more: there is no workspace to pause. */
  noWorkspace: 'no workspace on record',
} as const;
export type RateLimitReason = (typeof RateLimitReason)[keyof typeof RateLimitReason];

/** Methods whose Slack limit is kept per channel. Everything else is limited per workspace. */
const PER_CHANNEL_METHODS = new Set(['chat.postMessage']);
/** Slack error codes that name the app's or the workspace's budget, not a channel's. */
const WORKSPACE_ERRORS = new Set(['rate_limited', 'message_limit_exceeded']);

export interface RateLimitFacts {
  /** The Web API method Slack refused, when known. */
  method: string | undefined;
  /** `ratelimited` for HTTP 429, or the platform error code. */
  error: string;
  channelId: string;
  /** The workspace's latest channel-scoped 429 whose wait is still running, if any. */
  channelLimit: { channelId: string; until: Date } | null;
  now: Date;
}

/**
 * Decides what a 429 pauses. Slack's reply carries no scope: the same body and
 * `Retry-After` whichever limit ran out (slack-api.md §3), so the scope is read
 * from the method. chat.postMessage is limited per channel; every other method
 * per method × workspace, so its 429 pauses the workspace. chat.postMessage
 * also has an unpublished workspace-wide cap: that shows as a second channel
 * refused while another channel's wait is still running, and is treated as
 * workspace-wide from then on.
 */
export function rateLimitScope(facts: RateLimitFacts): { scope: RateLimitScope; reason: RateLimitReason } {
  const workspace = (reason: RateLimitReason) => ({ scope: RateLimitScope.workspace, reason });
  if (WORKSPACE_ERRORS.has(facts.error)) return workspace(RateLimitReason.workspaceError);
  if (facts.method === undefined) return workspace(RateLimitReason.unknownMethod);
  if (!PER_CHANNEL_METHODS.has(facts.method)) return workspace(RateLimitReason.workspaceMethod);
  const other = facts.channelLimit;
  if (other && other.channelId !== facts.channelId && other.until > facts.now) {
    return workspace(RateLimitReason.secondChannel);
  }
  return { scope: RateLimitScope.channel, reason: RateLimitReason.channelMethod };
}
