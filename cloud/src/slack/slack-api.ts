import { WebClient } from '@slack/web-api';
import type { SlackMessage } from './messages/slack-message';

/** The Slack calls the cloud makes, as a narrow interface over one bot token. */
export interface SlackApi {
  authTest(): Promise<{
    teamId: string;
    teamName: string | null;
    url: string | null;
    botUserId: string | null;
    botId: string | null;
  }>;
  /** A new message, or a thread reply when `threadTs` is given. */
  postMessage(
    channel: string,
    message: SlackMessage,
    threadTs?: string,
  ): Promise<{ ts: string; channel: string }>;
  /** Replaces a message's text and blocks; its metadata stays as posted. */
  updateMessage(channel: string, ts: string, message: Omit<SlackMessage, 'metadata'>): Promise<void>;
  /** Recent messages of a channel with their metadata, newest first, since `oldestTs`. */
  history(
    channel: string,
    oldestTs: string,
  ): Promise<Array<{ ts: string; metadata?: SlackMessage['metadata'] }>>;
  /** The replies in one thread (parent first), with their metadata. */
  replies(
    channel: string,
    threadTs: string,
  ): Promise<Array<{ ts: string; metadata?: SlackMessage['metadata'] }>>;
  /** Joins a public channel (reading history needs membership even where posting does not). */
  joinChannel(channel: string): Promise<void>;
}

export type SlackApiFactory = (botToken: string) => SlackApi;

/**
 * Builds SlackApi clients on the official SDK, with the SDK's own retries off
 * and 429s surfaced instead of queued: the dispatcher owns retry and pacing
 * (a blind SDK retry of chat.postMessage can double-post).
 */
export function webApiSlackFactory(options: { apiUrl: string; timeoutMs?: number }): SlackApiFactory {
  return (botToken) => {
    const client = new WebClient(botToken, {
      slackApiUrl: options.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: options.timeoutMs ?? 10_000,
      logger: quietLogger,
      attachOriginalToWebAPIRequestError: true,
    });
    return {
      async authTest() {
        const result = await client.auth.test();
        return {
          teamId: String(result.team_id ?? ''),
          teamName: result.team ?? null,
          url: result.url ?? null,
          botUserId: result.user_id ?? null,
          botId: result.bot_id ?? null,
        };
      },
      async postMessage(channel, message, threadTs) {
        const result = await client.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks as never,
          metadata: message.metadata,
          unfurl_links: false,
          unfurl_media: false,
          ...(threadTs ? { thread_ts: threadTs } : {}),
        });
        return { ts: String(result.ts), channel: String(result.channel ?? channel) };
      },
      async updateMessage(channel, ts, message) {
        await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks as never });
      },
      async replies(channel, threadTs) {
        const result = await client.conversations.replies({
          channel,
          ts: threadTs,
          include_all_metadata: true,
          limit: 200,
        });
        return (result.messages ?? []).map((m) => ({
          ts: String(m.ts),
          metadata: m.metadata as SlackMessage['metadata'] | undefined,
        }));
      },
      async joinChannel(channel) {
        await client.conversations.join({ channel });
      },
      async history(channel, oldestTs) {
        const result = await client.conversations.history({
          channel,
          oldest: oldestTs,
          include_all_metadata: true,
          limit: 200,
        });
        return (result.messages ?? []).map((m) => ({
          ts: String(m.ts),
          metadata: m.metadata as SlackMessage['metadata'] | undefined,
        }));
      },
    };
  };
}

/** The SDK logs warnings to the console by default; ours go through the app logger instead. */
const quietLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => 'error' as never,
  setName() {},
};
