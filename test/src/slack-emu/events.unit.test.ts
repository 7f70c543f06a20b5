import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverEvent, eventCallback, signEvent, urlVerification } from './index';
import { ManualClock } from './test-support';

describe('signEvent', () => {
  it("matches the worked example in Slack's request-verification docs", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signEvent(body, '8f742231b10e8888abcd99yyyzzz85a5', 1531420618)).toEqual({
      'X-Slack-Signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      'X-Slack-Request-Timestamp': '1531420618',
    });
  });

  it('refuses a timestamp in milliseconds or with a fraction', () => {
    expect(() => signEvent('{}', 's', 1.5)).toThrow(/whole Unix seconds/);
  });
});

describe('deliverEvent', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  /** A receiver that verifies like Bolt: HMAC over `v0:ts:rawBody`, constant-time compare, 5-minute window. */
  async function receiver(secret: string, nowSec: number) {
    const seen: Array<{ headers: IncomingHttpHeaders; body: string; valid: boolean }> = [];
    server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      const ts = String(req.headers['x-slack-request-timestamp']);
      const expected = Buffer.from(
        `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`,
      );
      const given = Buffer.from(String(req.headers['x-slack-signature']));
      const valid =
        Math.abs(nowSec - Number(ts)) <= 300 &&
        given.length === expected.length &&
        timingSafeEqual(given, expected);
      seen.push({ headers: req.headers, body, valid });
      if (!valid) return res.writeHead(401).end();
      const payload = JSON.parse(body);
      if (payload.type === 'url_verification')
        return res.writeHead(200, { 'content-type': 'text/plain' }).end(payload.challenge);
      res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/slack/events`, seen };
  }

  it('posts a signed event that a verifying receiver accepts, with retry headers on retries', async () => {
    const clock = new ManualClock();
    const nowSec = Math.floor(clock.now() / 1000);
    const { url, seen } = await receiver('signing-secret', nowSec);
    const payload = eventCallback({
      teamId: 'T0123456789',
      appId: 'A0123456789',
      event: { type: 'app_uninstalled' },
      eventId: 'Ev0001',
      eventTime: nowSec,
    });
    const first = await deliverEvent(url, payload, { signingSecret: 'signing-secret', clock });
    const retry = await deliverEvent(url, payload, { signingSecret: 'signing-secret', clock, retryNum: 1 });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(seen.map((s) => s.valid)).toEqual([true, true]);
    expect(seen[0]?.headers['x-slack-retry-num']).toBeUndefined();
    expect(seen[1]?.headers).toMatchObject({
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    expect(JSON.parse(seen[1]!.body)).toMatchObject({
      type: 'event_callback',
      event_id: 'Ev0001',
      team_id: 'T0123456789',
    });
  });

  it('answers the url_verification handshake and is refused when signed with the wrong secret or too long ago', async () => {
    const clock = new ManualClock();
    const nowSec = Math.floor(clock.now() / 1000);
    const { url } = await receiver('signing-secret', nowSec);
    const ok = await deliverEvent(url, urlVerification('ch4ll3nge'), {
      signingSecret: 'signing-secret',
      clock,
    });
    expect(ok).toMatchObject({ status: 200, body: 'ch4ll3nge' });
    const wrong = await deliverEvent(url, urlVerification('x'), { signingSecret: 'not-it', clock });
    expect(wrong.status).toBe(401);
    const stale = await deliverEvent(url, urlVerification('x'), {
      signingSecret: 'signing-secret',
      timestampSec: nowSec - 301,
    });
    expect(stale.status).toBe(401);
  });
});
