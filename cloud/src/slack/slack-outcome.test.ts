import { expect, it } from 'vitest';
import { classifySlackError } from './slack-outcome';

const platform = (error: string) => ({ code: 'slack_webapi_platform_error', data: { ok: false, error } });

it.each([
  [
    { code: 'slack_webapi_rate_limited_error', retryAfter: 7 },
    { kind: 'rate-limited', retryAfterMs: 7000 },
  ],
  [platform('channel_not_found'), { kind: 'permanent', error: 'channel_not_found' }],
  [platform('not_in_channel'), { kind: 'permanent' }],
  [platform('is_archived'), { kind: 'permanent' }],
  [platform('invalid_blocks'), { kind: 'permanent' }],
  [platform('msg_too_long'), { kind: 'permanent' }],
  [platform('token_revoked'), { kind: 'installation-dead', error: 'token_revoked' }],
  [platform('invalid_auth'), { kind: 'installation-dead' }],
  [platform('account_inactive'), { kind: 'installation-dead' }],
  [platform('rate_limited'), { kind: 'rate-limited' }],
  [platform('fatal_error'), { kind: 'unknown' }],
  [platform('service_unavailable'), { kind: 'transient' }],
  [
    { code: 'slack_webapi_http_error', statusCode: 503 },
    { kind: 'unknown', error: 'http_503' },
  ],
  [{ code: 'slack_webapi_http_error', statusCode: 404 }, { kind: 'permanent' }],
  [{ code: 'slack_webapi_request_error', original: { code: 'ECONNREFUSED' } }, { kind: 'transient' }],
  [
    { code: 'slack_webapi_request_error', original: { code: 'ECONNRESET' } },
    { kind: 'unknown', error: 'econnreset' },
  ],
  [{ code: 'slack_webapi_request_error', original: { code: 'ECONNABORTED' } }, { kind: 'unknown' }],
  [new Error('boom'), { kind: 'unknown', error: 'boom' }],
])('classifies %j', (error, expected) => {
  expect(classifySlackError(error)).toMatchObject(expected);
});
