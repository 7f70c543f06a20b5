import type { Clock } from '@gprelay/shared';
import type { IdGenerator } from './ids';
import type { OAuthServer } from './oauth';
import type { RateLimiter } from './rate-limits';
import type { Recorder } from './recorder';
import type { Channel, Store, TokenRecord, Workspace } from './store';
import { type ApiBody, type ApiRequest, SlackApiError } from './transport';

/** Everything a method handler may touch, shared by all requests of one emulator. */
export interface EmulatorCore {
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  limiter: RateLimiter;
  recorder: Recorder;
  oauth: OAuthServer;
  maxBlocksTextChars: number;
  /** `http://127.0.0.1:PORT`, known once listening. */
  origin(): string;
}

export interface CallContext {
  core: EmulatorCore;
  req: ApiRequest;
  /** Set for methods that need a token (all but oauth.v2.access). */
  auth?: { token: TokenRecord; ws: Workspace };
}

export interface MethodDef {
  /** Slack's `json_input_supported`; false → a JSON body's arguments are ignored. */
  json: boolean;
  /** Needs a token (checked before the handler runs). */
  auth: boolean;
  handle(call: CallContext): ApiBody;
}

/** Thrown by handlers to answer HTTP 429 with Retry-After. */
export class RateLimitedError extends Error {
  constructor(
    readonly retryAfterSec: number,
    readonly source: 'channel' | 'workspace' | 'tier',
    readonly channel?: string,
  ) {
    super('ratelimited');
  }
}

export function authed(call: CallContext): { token: TokenRecord; ws: Workspace } {
  if (!call.auth) throw new Error('method declared auth: false but needs a token');
  return call.auth;
}

/** `missing_scope` with Slack's `needed`/`provided` fields when the token has none of `anyOf`. */
export function requireScope(call: CallContext, ...anyOf: string[]): void {
  const { token } = authed(call);
  if (anyOf.some((s) => token.scopes.includes(s))) return;
  throw new SlackApiError('missing_scope', { needed: anyOf.join(','), provided: token.scopes.join(',') });
}

/**
 * Resolve `channel` as the bot sees it. Deleted channels, unknown ones and private channels the bot
 * is not in are all `channel_not_found` (a bot cannot see such a private channel at all).
 */
export function visibleChannel(call: CallContext, ref: string | undefined, byIdOnly = false): Channel {
  const { ws } = authed(call);
  if (!ref) throw new SlackApiError('channel_not_found');
  const channel = byIdOnly ? ws.channels.get(ref) : call.core.store.resolve(ws, ref);
  if (!channel || channel.isDeleted) throw new SlackApiError('channel_not_found');
  if (channel.isPrivate && !channel.botIsMember) throw new SlackApiError('channel_not_found');
  return channel;
}

/** Reading history needs membership: a bot not in a public channel gets `not_in_channel`. */
export function readableChannel(call: CallContext, ref: string | undefined): Channel {
  const channel = visibleChannel(call, ref);
  requireScope(call, channel.isPrivate ? 'groups:history' : 'channels:history');
  if (!channel.botIsMember) throw new SlackApiError('not_in_channel');
  return channel;
}

/** Slack's channel object, as conversations.list/info/join return it, from the bot's point of view. */
export function channelJson(channel: Channel, ws: Workspace): Record<string, unknown> {
  return {
    id: channel.id,
    name: channel.name,
    is_channel: !channel.isPrivate,
    is_group: channel.isPrivate,
    is_im: false,
    is_mpim: false,
    is_private: channel.isPrivate,
    created: channel.created,
    is_archived: channel.isArchived,
    is_general: channel.name === 'general',
    unlinked: 0,
    name_normalized: channel.name,
    is_shared: false,
    is_org_shared: false,
    is_ext_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    context_team_id: ws.teamId,
    updated: channel.created * 1000,
    parent_conversation: null,
    creator: ws.humanUserId,
    is_member: channel.botIsMember,
    topic: { value: '', creator: '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
    previous_names: [],
    num_members: channel.botIsMember ? 2 : 1,
  };
}

/** Slack cursors are opaque base64; ours encode the id of the next item. */
export function encodeCursor(nextId: string): string {
  return Buffer.from(`next:${nextId}`).toString('base64');
}

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  if (!decoded.startsWith('next:')) throw new SlackApiError('invalid_cursor');
  return decoded.slice(5);
}

/** `limit` as Slack reads it: an integer in [1, max]; otherwise `invalid_limit`. Default when absent. */
export function limitParam(value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new SlackApiError('invalid_limit');
  return n === 0 ? fallback : n;
}
