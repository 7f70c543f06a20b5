import { classifySlackError } from '../slack/slack-outcome';

/**
 * Slack's error code for a failed call (`invalid_code`, `ratelimited`,
 * `econnreset`…), safe to show a person and to audit. Anything that is not a
 * `@slack/web-api` error is our own bug: its message could say anything, so it
 * is reported as `unexpected_error` and its details stay in the log.
 */
export function slackErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('slack_webapi_')) return classifySlackError(error).error;
  return 'unexpected_error';
}
