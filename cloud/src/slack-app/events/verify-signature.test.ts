import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifySlackSignature } from './verify-signature';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
// The worked example of Slack's "Verifying requests from Slack" page.
const DOC_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOC_TS = 1531420618;
const DOC_SIG = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

const sign = (body: string, ts: number, secret = SECRET) =>
  `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;

const verify = (overrides: Partial<Parameters<typeof verifySlackSignature>[0]> = {}) =>
  verifySlackSignature({
    signingSecret: SECRET,
    rawBody: Buffer.from(DOC_BODY),
    timestampHeader: String(DOC_TS),
    signatureHeader: DOC_SIG,
    nowMs: DOC_TS * 1000,
    ...overrides,
  });

describe('verifySlackSignature', () => {
  it("accepts Slack's documented example", () => {
    expect(verify()).toEqual({ ok: true, timestampSec: DOC_TS, signature: DOC_SIG });
  });

  it('accepts up to 300 s of clock difference either way', () => {
    expect(verify({ nowMs: (DOC_TS + 300) * 1000 }).ok).toBe(true);
    expect(verify({ nowMs: (DOC_TS - 300) * 1000 }).ok).toBe(true);
  });

  it('refuses an authentic request signed more than 5 minutes ago, or in the future', () => {
    expect(verify({ nowMs: (DOC_TS + 301) * 1000 })).toEqual({
      ok: false,
      reason: 'stale_timestamp',
      authentic: true,
    });
    expect(verify({ nowMs: (DOC_TS - 301) * 1000 })).toEqual({
      ok: false,
      reason: 'future_timestamp',
      authentic: true,
    });
  });

  it('refuses a body changed by one byte, another secret, or a re-dated signature', () => {
    expect(verify({ rawBody: Buffer.from(DOC_BODY.replace('foobar', 'foobaz')) })).toMatchObject({
      reason: 'bad_signature',
      authentic: false,
    });
    expect(verify({ signatureHeader: sign(DOC_BODY, DOC_TS, 'another-secret') }).ok).toBe(false);
    expect(verify({ timestampHeader: String(DOC_TS + 1) })).toMatchObject({ reason: 'bad_signature' });
  });

  it('checks the exact bytes, so re-serialised JSON does not pass', () => {
    const raw = '{"type":"event_callback", "event_id":"Ev1"}';
    const sig = sign(raw, DOC_TS);
    expect(verify({ rawBody: Buffer.from(raw), signatureHeader: sig }).ok).toBe(true);
    const reserialised = JSON.stringify(JSON.parse(raw));
    expect(verify({ rawBody: Buffer.from(reserialised), signatureHeader: sig }).ok).toBe(false);
  });

  it('refuses missing, repeated or malformed headers and unknown versions without comparing', () => {
    expect(verify({ signatureHeader: undefined })).toMatchObject({ reason: 'missing_signature' });
    expect(verify({ timestampHeader: '' })).toMatchObject({ reason: 'missing_signature' });
    expect(verify({ signatureHeader: [DOC_SIG, DOC_SIG] })).toMatchObject({ reason: 'malformed_signature' });
    expect(verify({ signatureHeader: DOC_SIG.replace('v0=', 'v1=') })).toMatchObject({
      reason: 'malformed_signature',
    });
    expect(verify({ signatureHeader: DOC_SIG.slice(0, -2) })).toMatchObject({
      reason: 'malformed_signature',
    });
    expect(verify({ timestampHeader: '1531420618.5' })).toMatchObject({ reason: 'malformed_signature' });
  });
});
