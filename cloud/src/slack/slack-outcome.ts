import { slackMethodOf } from './slack-method';

/**
 * What a Slack call's failure means for the dispatcher. The dispatcher owns
 * retries (the SDK's are off), so every error is sorted into one of these.
 */
export type SlackFailure =
  /**
   * 429 (or Slack's `rate_limited` error): wait `retryAfterMs`. `method` is the
   * Web API method that was refused, when known: it decides whether the wait is
   * for one channel or the whole workspace (dispatch/rate-limit-scope.ts).
   */
  | { kind: 'rate-limited'; retryAfterMs: number; error: string; method?: string }
  /** The request never reached Slack, or Slack said nothing happened: safe to retry. */
  | { kind: 'transient'; error: string }
  /** The request may have been applied (timeout, dropped reply, fatal_error): look before re-posting. */
  | { kind: 'unknown'; error: string }
  /** Retrying cannot help (bad channel, bad blocks): fail the delivery with the reason. */
  | { kind: 'permanent'; error: string }
  /** The token is dead: stop everything for this tenant until it is reinstalled. */
  | { kind: 'installation-dead'; error: string };

const DEAD_INSTALLATION = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'not_allowed_token_type',
  'app_access_restricted',
  'team_not_found',
]);
const RATE_LIMIT = new Set(['ratelimited', 'rate_limited', 'message_limit_exceeded']);
/** Slack warns these may have partially succeeded. */
const MAYBE_APPLIED = new Set(['fatal_error', 'internal_error', 'request_timeout']);
const TRANSIENT = new Set(['service_unavailable', 'team_added_to_org', 'org_login_required']);
/** Network failures that prove the request never reached Slack. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

const DEFAULT_RATE_LIMIT_MS = 1000;

/** Sorts an error thrown by `@slack/web-api` (or anything else) into a SlackFailure. */
export function classifySlackError(error: unknown): SlackFailure {
  const e = error as {
    code?: string;
    data?: { error?: string };
    retryAfter?: number;
    statusCode?: number;
    original?: { code?: string; message?: string };
    message?: string;
  };
  const slackMethod = slackMethodOf(error);
  const method = slackMethod === undefined ? {} : { method: slackMethod };
  switch (e?.code) {
    case 'slack_webapi_rate_limited_error':
      return {
        kind: 'rate-limited',
        retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000,
        error: 'ratelimited',
        ...method,
      };
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown_error';
      if (RATE_LIMIT.has(code))
        return { kind: 'rate-limited', retryAfterMs: DEFAULT_RATE_LIMIT_MS, error: code, ...method };
      if (DEAD_INSTALLATION.has(code)) return { kind: 'installation-dead', error: code };
      if (MAYBE_APPLIED.has(code)) return { kind: 'unknown', error: code };
      if (TRANSIENT.has(code)) return { kind: 'transient', error: code };
      return { kind: 'permanent', error: code };
    }
    case 'slack_webapi_http_error': {
      const status = e.statusCode ?? 0;
      // A 5xx from Slack's edge may come after the message was stored.
      return status >= 500
        ? { kind: 'unknown', error: `http_${status}` }
        : { kind: 'permanent', error: `http_${status}` };
    }
    case 'slack_webapi_request_error': {
      const cause = e.original?.code ?? '';
      if (NOT_SENT.has(cause)) return { kind: 'transient', error: cause.toLowerCase() };
      return { kind: 'unknown', error: cause ? cause.toLowerCase() : 'request_failed' };
    }
    case 'CLOUD_SLACK_UNAVAILABLE':
      // A rotating token expired and could not be refreshed just now: nothing was sent.
      return { kind: 'transient', error: 'token_refresh_unavailable' };
    default:
      return { kind: 'unknown', error: e?.message ?? 'unexpected_error' };
  }
}
