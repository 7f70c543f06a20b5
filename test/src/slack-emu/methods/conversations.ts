import {
  authed,
  type CallContext,
  channelJson,
  decodeCursor,
  encodeCursor,
  limitParam,
  type MethodDef,
  readableChannel,
  requireScope,
  visibleChannel,
} from '../context';
import { messageJson } from '../message-json';
import { type Channel, parseTs } from '../store';
import { boolParam, SlackApiError, strParam } from '../transport';
import type { RecordedMessage } from '../types';

const TYPE_SCOPES: Record<string, string> = {
  public_channel: 'channels:read',
  private_channel: 'groups:read',
  mpim: 'mpim:read',
  im: 'im:read',
};

const list: MethodDef = {
  // Form-encoded only: a JSON body's arguments are ignored, so JSON callers get the defaults.
  json: false,
  auth: true,
  handle(call) {
    const { ws } = authed(call);
    const p = call.req.params;
    const types = (strParam(p.types) || 'public_channel').split(',').map((t) => t.trim());
    for (const t of types) {
      const scope = TYPE_SCOPES[t];
      if (!scope) throw new SlackApiError('invalid_types');
      requireScope(call, scope);
    }
    const excludeArchived = boolParam(p.exclude_archived) ?? false;
    const limit = limitParam(p.limit, 100, 999);
    // The emulator has no DMs; a bot lists private channels only when it is a member.
    const all = [...ws.channels.values()].filter(
      (c) =>
        !c.isDeleted &&
        (c.isPrivate
          ? types.includes('private_channel') && c.botIsMember
          : types.includes('public_channel')) &&
        !(excludeArchived && c.isArchived),
    );
    const start = startIndex(all, strParam(p.cursor));
    const page = all.slice(start, start + limit);
    const next = all[start + limit];
    return {
      channels: page.map((c) => channelJson(c, ws)),
      response_metadata: { next_cursor: next ? encodeCursor(next.id) : '' },
    };
  },
};

function startIndex(channels: Channel[], cursor: string | undefined): number {
  if (!cursor) return 0;
  const id = decodeCursor(cursor);
  const i = channels.findIndex((c) => c.id === id);
  if (i < 0) throw new SlackApiError('invalid_cursor');
  return i;
}

interface Window {
  oldest: number;
  latest: number;
  inclusive: boolean;
}

function timeWindow(call: CallContext): Window {
  const p = call.req.params;
  const parse = (name: 'oldest' | 'latest', fallback: number): number => {
    const raw = strParam(p[name]);
    if (raw === undefined || raw === '') return fallback;
    const micros = parseTs(raw);
    if (micros === undefined) throw new SlackApiError(`invalid_ts_${name}`);
    return micros;
  };
  return {
    oldest: parse('oldest', 0),
    latest: parse('latest', Number.MAX_SAFE_INTEGER),
    inclusive: boolParam(p.inclusive) ?? false,
  };
}

function inWindow(m: RecordedMessage, w: Window): boolean {
  const t = parseTs(m.ts) as number;
  return w.inclusive ? t >= w.oldest && t <= w.latest : t > w.oldest && t < w.latest;
}

/** Page through `items` by the ts of the next item; `has_more` and `next_cursor` as Slack sends them. */
function pageByTs(call: CallContext, items: RecordedMessage[], defaultLimit: number, maxLimit: number) {
  const limit = limitParam(call.req.params.limit, defaultLimit, maxLimit);
  const cursor = strParam(call.req.params.cursor);
  let start = 0;
  if (cursor) {
    const ts = decodeCursor(cursor);
    start = items.findIndex((m) => m.ts === ts);
    if (start < 0) throw new SlackApiError('invalid_cursor');
  }
  const page = items.slice(start, start + limit);
  const next = items[start + limit];
  return { page, next };
}

const history: MethodDef = {
  json: false,
  auth: true,
  handle(call) {
    const { ws } = authed(call);
    const channel = readableChannel(call, strParam(call.req.params.channel));
    const includeMetadata = boolParam(call.req.params.include_all_metadata) ?? false;
    const w = timeWindow(call);
    // History holds top-level messages and replies broadcast to the channel, newest first.
    const items = channel.messages
      .filter((m) => (m.threadTs === undefined || m.replyBroadcast) && inWindow(m, w))
      .reverse();
    const { page, next } = pageByTs(call, items, 100, 999);
    return {
      messages: page.map((m) => messageJson(m, ws, channel, { includeMetadata })),
      has_more: next !== undefined,
      pin_count: 0,
      channel_actions_ts: null,
      channel_actions_count: 0,
      ...(next ? { response_metadata: { next_cursor: encodeCursor(next.ts) } } : {}),
    };
  },
};

const replies: MethodDef = {
  json: false,
  auth: true,
  handle(call) {
    const { ws } = authed(call);
    const channel = readableChannel(call, strParam(call.req.params.channel));
    const ts = strParam(call.req.params.ts);
    const hit = ts ? channel.messages.find((m) => m.ts === ts) : undefined;
    if (!hit) throw new SlackApiError('thread_not_found');
    const rootTs = hit.threadTs ?? hit.ts;
    const root = channel.messages.find((m) => m.ts === rootTs);
    const thread = channel.messages.filter((m) => m.threadTs === rootTs);
    const w = timeWindow(call);
    const items = [...(root ? [root] : []), ...thread].filter((m) => m === root || inWindow(m, w));
    const includeMetadata = boolParam(call.req.params.include_all_metadata) ?? false;
    const { page, next } = pageByTs(call, items, 1000, 1000);
    return {
      messages: page.map((m) => messageJson(m, ws, channel, { includeMetadata })),
      has_more: next !== undefined,
      ...(next ? { response_metadata: { next_cursor: encodeCursor(next.ts) } } : {}),
    };
  },
};

const info: MethodDef = {
  json: false,
  auth: true,
  handle(call) {
    const { ws } = authed(call);
    const channel = visibleChannel(call, strParam(call.req.params.channel), true);
    requireScope(call, channel.isPrivate ? 'groups:read' : 'channels:read');
    return { channel: channelJson(channel, ws) };
  },
};

const join: MethodDef = {
  json: true,
  auth: true,
  handle(call) {
    const { ws } = authed(call);
    requireScope(call, 'channels:join');
    // A private channel the bot is not in is invisible (channel_not_found); one it is in cannot be "joined".
    const channel = visibleChannel(call, strParam(call.req.params.channel), true);
    if (channel.isPrivate) throw new SlackApiError('method_not_supported_for_channel_type');
    if (channel.isArchived) throw new SlackApiError('is_archived');
    if (channel.botIsMember) {
      return {
        channel: channelJson(channel, ws),
        warning: 'already_in_channel',
        response_metadata: { warnings: ['already_in_channel'] },
      };
    }
    channel.botIsMember = true;
    call.core.recorder.touch();
    return { channel: channelJson(channel, ws) };
  },
};

export const conversationMethods: Record<string, MethodDef> = {
  'conversations.list': list,
  'conversations.history': history,
  'conversations.replies': replies,
  'conversations.info': info,
  'conversations.join': join,
};
