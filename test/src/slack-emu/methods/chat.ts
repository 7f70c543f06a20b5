import { blocksTextChars, charCount, parseBlocksArg, validateBlocks } from '../block-kit';
import {
  authed,
  type CallContext,
  type MethodDef,
  RateLimitedError,
  requireScope,
  visibleChannel,
} from '../context';
import { messageJson, permalink } from '../message-json';
import { collectReferences } from '../mrkdwn';
import { boolParam, SlackApiError, strParam } from '../transport';
import type { MessageMetadata, RecordedMessage } from '../types';

/** chat.postMessage truncates longer top-level text (research §4.1, [C2]). */
export const POST_TEXT_MAX_CHARS = 40_000;
/** chat.update answers msg_too_long above this. */
export const UPDATE_TEXT_MAX_CHARS = 4_000;
export const MARKDOWN_TEXT_MAX_CHARS = 12_000;
const MAX_ATTACHMENTS = 100;

const postMessage: MethodDef = {
  json: true,
  auth: true,
  handle(call) {
    const { token, ws } = authed(call);
    const { core, req } = call;
    const p = req.params;
    requireScope(call, 'chat:write', 'chat:write:bot');
    const channel = visibleChannel(call, strParam(p.channel));
    if (!channel.botIsMember && !token.scopes.includes('chat:write.public'))
      throw new SlackApiError('not_in_channel');
    if (channel.isArchived) throw new SlackApiError('is_archived');

    const now = core.clock.now();
    const limited = core.limiter.checkPost(ws.teamId, channel.id, now);
    if (limited) throw new RateLimitedError(limited.retryAfterSec, limited.source, channel.id);

    const markdownText = strParam(p.markdown_text);
    const content = readContent(call);
    if (markdownText !== undefined) {
      if (content.text !== undefined || content.blocks !== undefined)
        throw new SlackApiError('markdown_text_conflict');
      if (charCount(markdownText) > MARKDOWN_TEXT_MAX_CHARS)
        throw new SlackApiError('markdown_text_too_long');
    }
    const attachments = parseAttachments(p.attachments);
    let text = markdownText ?? content.text ?? '';
    const blocks = markdownText !== undefined ? [{ type: 'markdown', text: markdownText }] : content.blocks;
    if (text === '' && !blocks?.length && attachments === 0) throw new SlackApiError('no_text');
    const metadata = readMetadata(p.metadata);

    let truncated = false;
    if (charCount(text) > POST_TEXT_MAX_CHARS) {
      text = [...text].slice(0, POST_TEXT_MAX_CHARS).join('');
      truncated = true;
    }

    let threadTs = strParam(p.thread_ts) || undefined;
    let orphanReply = false;
    if (threadTs !== undefined) {
      const target = channel.messages.find((m) => m.ts === threadTs);
      // A reply to a reply lands in the parent's thread; a reply to nothing is accepted but unseen.
      if (target?.threadTs !== undefined) threadTs = target.threadTs;
      orphanReply = target === undefined;
    }
    const linkNames = boolParam(p.link_names) ?? false;
    const ts = core.store.nextTs(channel);
    const unfurlLinks = boolParam(p.unfurl_links);
    const unfurlMedia = boolParam(p.unfurl_media);
    const username = strParam(p.username);
    const message: RecordedMessage = {
      teamId: ws.teamId,
      channel: channel.id,
      channelName: channel.name,
      ts,
      ...(threadTs === undefined ? {} : { threadTs }),
      replyBroadcast: threadTs !== undefined && (boolParam(p.reply_broadcast) ?? false),
      text,
      ...(blocks === undefined ? {} : { blocks }),
      ...(metadata ? { metadata } : {}),
      postedAt: now,
      author: { kind: 'bot', botId: ws.botId, userId: ws.botUserId },
      ...(unfurlLinks === undefined ? {} : { unfurlLinks }),
      ...(unfurlMedia === undefined ? {} : { unfurlMedia }),
      ...(username === undefined ? {} : { username }),
      original: snapshot(text, blocks, metadata),
      edits: [],
      ...collectReferences(text, blocks, { linkNames }),
      truncated,
      orphanReply,
    };
    channel.messages.push(message);
    core.limiter.takePost(ws.teamId, channel.id, now);
    core.recorder.addMessage(message, true);
    return { channel: channel.id, ts, message: messageJson(message, ws, channel, { includeMetadata: true }) };
  },
};

const update: MethodDef = {
  json: true,
  auth: true,
  handle(call) {
    const { ws } = authed(call);
    const { core, req } = call;
    const p = req.params;
    requireScope(call, 'chat:write', 'chat:write:bot');
    // chat.update takes channel ids only.
    const channel = visibleChannel(call, strParam(p.channel), true);
    if (channel.isArchived) throw new SlackApiError('is_inactive');
    const ts = strParam(p.ts);
    const message = ts ? channel.messages.find((m) => m.ts === ts) : undefined;
    if (!message) throw new SlackApiError('message_not_found');
    if (message.author.kind !== 'bot' || message.author.botId !== ws.botId) {
      throw new SlackApiError('cant_update_message');
    }
    const content = readContent(call);
    if (content.text === undefined && content.blocks === undefined) throw new SlackApiError('no_text');
    if (content.text !== undefined && charCount(content.text) > UPDATE_TEXT_MAX_CHARS) {
      throw new SlackApiError('msg_too_long');
    }
    // Omitted metadata is retained and `{}` removes it (research §2.2); blocks behave the same way.
    const rawMetadata = p.metadata;
    const metadata = rawMetadata === undefined ? message.metadata : readMetadata(rawMetadata);
    const text = content.text ?? message.text;
    const blocks =
      content.blocks === undefined ? message.blocks : content.blocks.length ? content.blocks : undefined;

    message.text = text;
    if (blocks === undefined) delete message.blocks;
    else message.blocks = blocks;
    if (metadata === undefined) delete message.metadata;
    else message.metadata = metadata;
    message.edits.push({ editedAt: core.clock.now(), ...snapshot(text, blocks, metadata) });
    Object.assign(message, collectReferences(text, blocks, { linkNames: boolParam(p.link_names) ?? false }));
    core.recorder.changed(message, 'updated');
    return {
      channel: channel.id,
      ts: message.ts,
      text,
      message: messageJson(message, ws, channel, { includeMetadata: true }),
    };
  },
};

const getPermalink: MethodDef = {
  json: false,
  auth: true,
  handle(call) {
    const { ws } = authed(call);
    const channel = visibleChannel(call, strParam(call.req.params.channel), true);
    const ts = strParam(call.req.params.message_ts);
    const message = ts ? channel.messages.find((m) => m.ts === ts) : undefined;
    if (!message) throw new SlackApiError('message_not_found');
    return { channel: channel.id, permalink: permalink(call.core.origin(), ws, message) };
  },
};

export const chatMethods: Record<string, MethodDef> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.getPermalink': getPermalink,
};

interface Content {
  text?: string;
  blocks?: unknown[];
}

/** text + blocks, validated; throws Slack's invalid_blocks(_format) / msg_blocks_too_long. */
function readContent(call: CallContext): Content {
  const p = call.req.params;
  const text = strParam(p.text);
  const parsed = parseBlocksArg(p.blocks);
  if (!parsed.ok) throw invalidBlocks(parsed.error, parsed.problems);
  const blocks = parsed.blocks;
  if (blocks !== undefined) {
    const problems = validateBlocks(blocks);
    if (problems.length > 0) throw invalidBlocks('invalid_blocks', problems);
    const chars = blocksTextChars(blocks);
    if (chars > call.core.maxBlocksTextChars) {
      throw new SlackApiError('msg_blocks_too_long', {
        response_metadata: {
          messages: [
            `[ERROR] blocks hold ${chars} characters of text; the emulator allows ${call.core.maxBlocksTextChars}`,
          ],
        },
      });
    }
  }
  return {
    ...(text === undefined || text === '' ? {} : { text }),
    ...(blocks === undefined ? {} : { blocks }),
  };
}

function invalidBlocks(error: string, problems: string[]): SlackApiError {
  return new SlackApiError(error, {
    errors: problems,
    response_metadata: { messages: problems.map((m) => `[ERROR] ${m}`) },
  });
}

function parseAttachments(value: unknown): number {
  if (value === undefined || value === null || value === '') return 0;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new SlackApiError('invalid_attachments');
    }
  }
  if (!Array.isArray(parsed)) throw new SlackApiError('invalid_attachments');
  if (parsed.length > MAX_ATTACHMENTS) throw new SlackApiError('too_many_attachments');
  return parsed.length;
}

/** `{ event_type, event_payload }`; `{}` means none. Anything else is invalid_metadata_format. */
export function readMetadata(value: unknown): MessageMetadata | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new SlackApiError('invalid_metadata_format');
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SlackApiError('invalid_metadata_format');
  }
  const o = parsed as Record<string, unknown>;
  if (Object.keys(o).length === 0) return undefined;
  const payload = o.event_payload;
  if (typeof o.event_type !== 'string' || o.event_type === '')
    throw new SlackApiError('invalid_metadata_format');
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new SlackApiError('invalid_metadata_format');
  }
  return { event_type: o.event_type, event_payload: payload as Record<string, unknown> };
}

function snapshot(text: string, blocks: unknown[] | undefined, metadata: MessageMetadata | undefined) {
  return {
    text,
    ...(blocks === undefined ? {} : { blocks: structuredClone(blocks) }),
    ...(metadata === undefined ? {} : { metadata: structuredClone(metadata) }),
  };
}
