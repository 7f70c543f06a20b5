import type { SlackApi } from './slack-api';

/** The Web API method behind each SlackApi call. */
export const SLACK_API_METHODS = {
  authTest: 'auth.test',
  postMessage: 'chat.postMessage',
  updateMessage: 'chat.update',
  history: 'conversations.history',
  replies: 'conversations.replies',
  joinChannel: 'conversations.join',
} as const satisfies Record<keyof SlackApi, string>;

/** The Web API method a failed SlackApi call made, when the failure came through `namingMethods`. */
export function slackMethodOf(error: unknown): string | undefined {
  const method = (error as { slackMethod?: unknown } | null)?.slackMethod;
  return typeof method === 'string' ? method : undefined;
}

/**
 * The same SlackApi, whose failures carry the Web API method that failed
 * (`slackMethod` on the error). The SDK's 429 error names no method, and what
 * a 429 pauses (one channel, or the whole workspace) depends on it. The
 * innermost name wins when wrappers are stacked.
 */
export function namingMethods(api: SlackApi): SlackApi {
  const named = async <T>(method: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (
        typeof error === 'object' &&
        error !== null &&
        Object.isExtensible(error) &&
        slackMethodOf(error) === undefined
      ) {
        Object.defineProperty(error, 'slackMethod', { value: method, configurable: true });
      }
      throw error;
    }
  };
  const m = SLACK_API_METHODS;
  return {
    authTest: () => named(m.authTest, () => api.authTest()),
    postMessage: (channel, message, threadTs) =>
      named(m.postMessage, () => api.postMessage(channel, message, threadTs)),
    updateMessage: (channel, ts, message) =>
      named(m.updateMessage, () => api.updateMessage(channel, ts, message)),
    history: (channel, oldestTs) => named(m.history, () => api.history(channel, oldestTs)),
    replies: (channel, threadTs) => named(m.replies, () => api.replies(channel, threadTs)),
    joinChannel: (channel) => named(m.joinChannel, () => api.joinChannel(channel)),
  };
}
