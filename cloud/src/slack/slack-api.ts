import { type OauthV2AccessResponse, WebClient, type WebClientOptions } from '@slack/web-api';
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
 * An SDK client under our own retry policy: no SDK retries (a blind retry of
 * chat.postMessage can double-post; a code or refresh token works once), 429s
 * thrown rather than queued, and the SDK's logger silenced.
 */
function ownPolicyClient(
  token: string | undefined,
  options: { apiUrl: string; timeoutMs?: number },
  extra: Pick<WebClientOptions, 'attachOriginalToWebAPIRequestError' | 'headers'>,
): WebClient {
  return new WebClient(token, {
    slackApiUrl: options.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    logger: quietLogger,
    ...extra,
  });
}

/**
 * Builds SlackApi clients on the official SDK, with the SDK's own retries off
 * and 429s surfaced instead of queued: the dispatcher owns retry and pacing
 * (a blind SDK retry of chat.postMessage can double-post).
 */
export function webApiSlackFactory(options: { apiUrl: string; timeoutMs?: number }): SlackApiFactory {
  return (botToken) => {
    // The original network error tells "never sent" (ECONNREFUSED...) from "outcome unknown".
    const client = ownPolicyClient(botToken, options, { attachOriginalToWebAPIRequestError: true });
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

/** What `oauth.v2.access` grants, for an install (code) or a refresh (rotation). */
export interface OAuthGrant {
  /** The bot token (`xoxb-…`, or `xoxe.xoxb-…` with rotation). */
  accessToken: string;
  tokenType: string;
  /** Granted bot scopes, comma-separated as Slack sends them. */
  scope: string;
  botUserId: string | null;
  appId: string | null;
  /** Null for an org-wide (Enterprise Grid) install. */
  team: { id: string; name: string | null } | null;
  enterprise: { id: string; name: string | null } | null;
  isEnterpriseInstall: boolean;
  /** Rotation only: seconds until `accessToken` expires, and the single-use refresh token. */
  expiresInSec: number | null;
  refreshToken: string | null;
}

/**
 * Slack's OAuth v2 token endpoint with our app's client credentials, which go
 * in HTTP Basic (Slack prefers it to body params; research §2.6). Failures are
 * thrown as `@slack/web-api` errors; sort them with `classifySlackError`.
 */
export interface SlackOAuthApi {
  /** Exchanges the callback's `code`; `redirectUri` must repeat the authorize request's. */
  exchangeCode(input: { code: string; redirectUri: string }): Promise<OAuthGrant>;
  /** Token rotation: spends `refreshToken` (single-use) for a new access + refresh token pair. */
  refresh(refreshToken: string): Promise<OAuthGrant>;
}

/** The OAuth client over the official SDK, retries off (a code or a refresh token works once). */
export function webApiSlackOAuth(options: {
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
}): SlackOAuthApi {
  const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`, 'utf8').toString('base64');
  const client = ownPolicyClient(undefined, options, {
    // The SDK would keep the request (with its Authorization header) on network errors.
    attachOriginalToWebAPIRequestError: false,
    headers: { authorization: `Basic ${basic}` },
  });
  const access = async (args: Record<string, string>) =>
    toGrant((await client.apiCall('oauth.v2.access', args)) as OauthV2AccessResponse);
  return {
    exchangeCode: ({ code, redirectUri }) =>
      access({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }),
    refresh: (refreshToken) => access({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  };
}

function toGrant(result: OauthV2AccessResponse): OAuthGrant {
  if (!result.access_token) {
    // ok:true without a bot token: the app asked for no bot scopes. Shaped like Slack's own errors.
    throw Object.assign(new Error('oauth.v2.access returned no bot token'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'no_bot_token' },
    });
  }
  const named = (v: { id?: string; name?: string } | null | undefined) =>
    v?.id ? { id: v.id, name: v.name ?? null } : null;
  return {
    accessToken: result.access_token,
    tokenType: result.token_type ?? 'bot',
    scope: result.scope ?? '',
    botUserId: result.bot_user_id ?? null,
    appId: result.app_id ?? null,
    team: named(result.team),
    enterprise: named(result.enterprise),
    isEnterpriseInstall: result.is_enterprise_install === true,
    expiresInSec: typeof result.expires_in === 'number' ? result.expires_in : null,
    refreshToken: result.refresh_token ?? null,
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
