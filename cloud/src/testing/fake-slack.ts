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
}

/**
 * In-memory stand-in for the narrow SlackApi interface, for the cloud's own
 * unit tests. Scripted failures run before the default behaviour; a failure
 * marked `afterPost` records the message first (the reply was lost).
 */
export class FakeSlack {
  readonly posted: Posted[] = [];
  readonly calls: string[] = [];
  readonly #script: Array<{ error: Error; afterPost?: boolean }> = [];
  #seq = 0;
  team = {
    teamId: 'T0001',
    teamName: 'Acme',
    url: 'https://acme.slack.com/',
    botUserId: 'U0BOT',
    botId: 'B0BOT',
  };
  validTokens = new Set(['xoxb-test-token']);

  failNext(error: Error, options: { afterPost?: boolean } = {}): void {
    this.#script.push({ error, ...options });
  }

  readonly factory: SlackApiFactory = (token: string): SlackApi => ({
    authTest: async () => {
      this.calls.push('auth.test');
      if (!this.validTokens.has(token)) throw platformError('invalid_auth');
      return this.team;
    },
    postMessage: async (channel, message) => {
      this.calls.push('chat.postMessage');
      const scripted = this.#script.shift();
      if (scripted && !scripted.afterPost) throw scripted.error;
      this.#seq += 1;
      const ts = `1700000000.${String(this.#seq).padStart(6, '0')}`;
      this.posted.push({ channel, ts, message });
      if (scripted) throw scripted.error;
      return { ts, channel };
    },
    history: async (channel) => {
      this.calls.push('conversations.history');
      return this.posted
        .filter((p) => p.channel === channel)
        .reverse()
        .map((p) => ({ ts: p.ts, metadata: p.message.metadata }));
    },
  });
}
