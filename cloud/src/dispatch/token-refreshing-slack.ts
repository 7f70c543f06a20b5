import type { SlackApi, SlackApiFactory } from '../slack/slack-api';
import { classifySlackError } from '../slack/slack-outcome';

/** Where dispatch gets a working bot token (BotTokens in slack-app/tokens, rotation-aware). */
export interface BotTokenSource {
  getBotToken(tenantId: string, options?: { expiredToken?: string }): Promise<{ token: string } | null>;
}

/**
 * A SlackApi for one tenant that, when Slack answers `token_expired` (token
 * rotation), gets a refreshed token once and repeats the call. Any other
 * error, or a failed refresh, goes to the caller unchanged.
 */
export function tokenRefreshingSlack(
  factory: SlackApiFactory,
  tokens: BotTokenSource,
  tenantId: string,
  initialToken: string,
): SlackApi {
  let token = initialToken;
  let client = factory(token);
  const call = async <T>(run: (api: SlackApi) => Promise<T>): Promise<T> => {
    try {
      return await run(client);
    } catch (error) {
      if (classifySlackError(error).error !== 'token_expired') throw error;
      const fresh = await tokens.getBotToken(tenantId, { expiredToken: token });
      if (!fresh || fresh.token === token) throw error;
      token = fresh.token;
      client = factory(token);
      return run(client);
    }
  };
  return {
    authTest: () => call((api) => api.authTest()),
    postMessage: (channel, message, threadTs) => call((api) => api.postMessage(channel, message, threadTs)),
    updateMessage: (channel, ts, message) => call((api) => api.updateMessage(channel, ts, message)),
    history: (channel, oldestTs) => call((api) => api.history(channel, oldestTs)),
    replies: (channel, threadTs) => call((api) => api.replies(channel, threadTs)),
    joinChannel: (channel) => call((api) => api.joinChannel(channel)),
  };
}
