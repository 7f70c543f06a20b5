import type { SlackMessage } from '../slack/messages/slack-message';
import type { SlackApi, SlackApiFactory } from '../slack/slack-api';

/** A Slack-shaped failure as @slack/web-api throws it. */
export function platformError(error: string): Error {
  return Object.assign(new Error(`An API error occurred: ${error}`), {
    code: 'slack_webapi_platform_error',
    data: { ok: false, error },
  });
}

export function rateLimitedError(retryAfterSec: number): Error {
  return Object.assign(new Error('rate limited'), {
    code: 'slack_webapi_rate_limited_error',
    retryAfter: retryAfterSec,
  });
}

export function lostReplyError(): Error {
  return Object.assign(new Error('socket hang up'), {
    code: 'slack_webapi_request_error',
    original: { code: 'ECONNRESET' },
  });
}

interface Posted {
  channel: string;
  ts: string;
  message: SlackMessage;
  threadTs?: string;
  /** Every content the message was updated to, oldest first. */
  edits: Array<Omit<SlackMessage, 'metadata'>>;
}

type Method =
  | 'chat.postMessage'
  | 'chat.update'
  | 'conversations.history'
  | 'conversations.replies'
  | 'conversations.join';

/**
 * In-memory stand-in for the narrow SlackApi interface, for the cloud's own
 * unit tests. Scripted failures run before the default behaviour; a failure
 * marked `afterPost` records the message first (the reply was lost).
 */
export class FakeSlack {
  readonly posted: Posted[] = [];
  readonly calls: string[] = [];
  readonly #script: Array<{ error: Error; afterPost?: boolean; method: Method }> = [];
  readonly joined = new Set<string>();
  #seq = 0;
  team = {
    teamId: 'T0001',
    teamName: 'Acme',
    url: 'https://acme.slack.com/',
    botUserId: 'U0BOT',
    botId: 'B0BOT',
  };
  validTokens = new Set(['xoxb-test-token']);

  /** The next call of `method` (default chat.postMessage) fails; `afterPost`: the post lands, the reply is lost. */
  failNext(error: Error, options: { afterPost?: boolean; method?: Method } = {}): void {
    this.#script.push({ error, afterPost: options.afterPost, method: options.method ?? 'chat.postMessage' });
  }

  #scripted(method: Method) {
    const index = this.#script.findIndex((s) => s.method === method);
    return index < 0 ? undefined : this.#script.splice(index, 1)[0];
  }

  /** Top-level messages (not thread replies) of a channel, oldest first. */
  topLevel(channel?: string): Posted[] {
    return this.posted.filter((p) => !p.threadTs && (channel === undefined || p.channel === channel));
  }

  readonly factory: SlackApiFactory = (token: string): SlackApi => ({
    authTest: async () => {
      this.calls.push('auth.test');
      if (!this.validTokens.has(token)) throw platformError('invalid_auth');
      return this.team;
    },
    postMessage: async (channel, message, threadTs) => {
      this.calls.push('chat.postMessage');
      const scripted = this.#scripted('chat.postMessage');
      if (scripted && !scripted.afterPost) throw scripted.error;
      this.#seq += 1;
      const ts = `1700000000.${String(this.#seq).padStart(6, '0')}`;
      this.posted.push({ channel, ts, message, edits: [], ...(threadTs ? { threadTs } : {}) });
      if (scripted) throw scripted.error;
      return { ts, channel };
    },
    updateMessage: async (channel, ts, message) => {
      this.calls.push('chat.update');
      const scripted = this.#scripted('chat.update');
      if (scripted) throw scripted.error;
      const original = this.posted.find((p) => p.channel === channel && p.ts === ts);
      if (!original) throw platformError('message_not_found');
      original.edits.push(message);
    },
    history: async (channel) => {
      this.calls.push('conversations.history');
      const scripted = this.#scripted('conversations.history');
      if (scripted) throw scripted.error;
      return this.topLevel(channel)
        .reverse()
        .map((p) => ({ ts: p.ts, metadata: p.message.metadata }));
    },
    replies: async (channel, threadTs) => {
      this.calls.push('conversations.replies');
      return this.posted
        .filter((p) => p.channel === channel && (p.ts === threadTs || p.threadTs === threadTs))
        .map((p) => ({ ts: p.ts, metadata: p.message.metadata }));
    },
    joinChannel: async (channel) => {
      this.calls.push('conversations.join');
      const scripted = this.#scripted('conversations.join');
      if (scripted) throw scripted.error;
      this.joined.add(channel);
    },
  });
}
