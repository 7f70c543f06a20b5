import { createHmac, randomBytes } from 'node:crypto';
import { type Clock, systemClock } from '@gprelay/shared';

export interface SlackSignatureHeaders {
  'X-Slack-Signature': string;
  'X-Slack-Request-Timestamp': string;
}

/**
 * Sign a request body exactly as Slack does: `v0=` + hex HMAC-SHA256(signingSecret, `v0:<ts>:<body>`),
 * over the raw body bytes as sent. `timestampSec` is Unix seconds.
 */
export function signEvent(body: string, signingSecret: string, timestampSec: number): SlackSignatureHeaders {
  if (!Number.isInteger(timestampSec)) throw new Error('signEvent: timestampSec must be whole Unix seconds');
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex');
  return { 'X-Slack-Signature': `v0=${digest}`, 'X-Slack-Request-Timestamp': String(timestampSec) };
}

/** The `event_callback` envelope Slack wraps every event in. */
export function eventCallback(input: {
  teamId: string;
  appId: string;
  event: Record<string, unknown> & { type: string };
  /** Stable across retries; default a fresh `Ev…` id. */
  eventId?: string;
  /** Unix seconds; default now. */
  eventTime?: number;
  botUserId?: string;
}): Record<string, unknown> {
  return {
    token: 'emulator-verification-token',
    team_id: input.teamId,
    api_app_id: input.appId,
    event: input.event,
    type: 'event_callback',
    event_id: input.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: input.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: input.teamId,
        user_id: input.botUserId ?? 'U0000000000',
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    context_team_id: input.teamId,
  };
}

/** The handshake Slack sends when a Request URL is saved; the endpoint must echo `challenge`. */
export function urlVerification(challenge: string): Record<string, unknown> {
  return { token: 'emulator-verification-token', challenge, type: 'url_verification' };
}

export interface DeliverEventOptions {
  signingSecret: string;
  /** 1..3 on Slack's retries; sent with `X-Slack-Retry-Reason` (default `http_timeout`). */
  retryNum?: number;
  retryReason?: string;
  /** Override the signing time (Unix seconds), e.g. to send a stale request. Default: the clock. */
  timestampSec?: number;
  clock?: Clock;
  /** Slack gives up after 3 s. Default 3000. */
  timeoutMs?: number;
}

export interface DeliveryResult {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** POST a payload to an Events API endpoint the way Slack does: JSON, signed, with retry headers. */
export async function deliverEvent(
  url: string,
  payload: Record<string, unknown> | string,
  options: DeliverEventOptions,
): Promise<DeliveryResult> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const ts = options.timestampSec ?? Math.floor((options.clock ?? systemClock).now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signEvent(body, options.signingSecret, ts),
  };
  if (options.retryNum !== undefined) {
    headers['X-Slack-Retry-Num'] = String(options.retryNum);
    headers['X-Slack-Retry-Reason'] = options.retryReason ?? 'http_timeout';
  }
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
  });
  return { status: res.status, body: await res.text(), headers: Object.fromEntries(res.headers) };
}
