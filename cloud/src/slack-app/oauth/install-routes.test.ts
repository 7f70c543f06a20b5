import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, slackInstallations } from '../../db/schema';
import { DATABASE_KINDS } from '../../testing/test-database';
import { createSlackAppTestApp, type SlackAppTestApp } from '../testing/slack-app-test-kit';

describe.each(DATABASE_KINDS)('Slack install pages on %s', (kind) => {
  let t: SlackAppTestApp;
  beforeAll(async () => {
    t = await createSlackAppTestApp(kind);
  });
  afterAll(() => t?.close());

  async function newTenant(): Promise<string> {
    return (await t.api<{ id: string }>('POST', '/api/tenants', { name: 'Fabrikam' })).body.id;
  }

  async function installLink(tenantId: string, ttlMinutes?: number) {
    const res = await t.api<{ url: string; expiresAt: string }>(
      'POST',
      `/api/tenants/${tenantId}/slack/install-link`,
      ttlMinutes === undefined ? {} : { ttlMinutes },
    );
    expect(res.status).toBe(201);
    return res.body;
  }

  /** Opens the link as a browser: returns Slack's authorize URL and the cookie set. */
  async function open(linkUrl: string) {
    const url = new URL(linkUrl);
    const res = await t.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    return {
      res,
      location: res.headers.location as string | undefined,
      cookie: String(res.headers['set-cookie'] ?? ''),
    };
  }

  /** Slack approved: the browser comes back with a code and the state. */
  async function callback(query: Record<string, string>, cookie: string) {
    const qs = new URLSearchParams(query).toString();
    return t.app.inject({
      method: 'GET',
      url: `/slack/oauth/callback?${qs}`,
      headers: cookie ? { cookie: cookie.split(';')[0]! } : {},
    });
  }

  it('redirects to Slack with our scopes, redirect URI and a state, setting a secure browser-binding cookie', async () => {
    const tenantId = await newTenant();
    const link = await installLink(tenantId);
    expect(link.url).toMatch(/^https:\/\/relay\.test\/slack\/install\?link=[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(link.expiresAt) - t.clock.now()).toBe(24 * 60 * 60_000);
    const { res, location, cookie } = await open(link.url);
    expect(res.statusCode).toBe(302);
    const authorize = new URL(location!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(authorize.searchParams.get('client_id')).toBe('1111.2222');
    expect(authorize.searchParams.get('scope')).toBe(
      'chat:write,chat:write.public,channels:read,groups:read,channels:join,channels:history,groups:history',
    );
    expect(authorize.searchParams.get('redirect_uri')).toBe('https://relay.test/slack/oauth/callback');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(cookie).toMatch(
      /^__Host-gprelay_slack_install=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/,
    );
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('installs on the callback, shows the workspace, and keeps every secret out of responses and logs', async () => {
    const tenantId = await newTenant();
    const link = await installLink(tenantId);
    const { location, cookie } = await open(link.url);
    const state = new URL(location!).searchParams.get('state')!;
    t.oauth.codes.add('code-abc-123');
    const res = await callback({ code: 'code-abc-123', state }, cookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('GP Relay is connected to Acme');
    expect(String(res.headers['set-cookie'])).toContain('Max-Age=0');
    expect(t.oauth.calls.at(-1)).toEqual({
      grant: 'authorization_code',
      redirectUri: 'https://relay.test/slack/oauth/callback',
    });

    const [row] = await t.database.db
      .select()
      .from(slackInstallations)
      .where(eq(slackInstallations.tenantId, tenantId));
    expect(row).toMatchObject({
      teamId: 'T0001',
      teamName: 'Acme',
      botUserId: 'U0BOT',
      botId: 'B0BOT',
      appId: 'A0APP',
      status: 'active',
    });
    expect(row?.teamUrl).toBe('https://acme.slack.com/');
    expect(row?.botTokenSealed).not.toContain('xoxb');
    const shown = await t.api('GET', `/api/tenants/${tenantId}/slack`);
    const everything = [
      res.body,
      JSON.stringify(res.headers),
      JSON.stringify(shown.body),
      ...t.logLines,
    ].join('\n');
    for (const secret of [
      'xoxb-test-token',
      'code-abc-123',
      state,
      new URL(link.url).searchParams.get('link')!,
    ]) {
      expect(everything).not.toContain(secret);
    }
    expect(t.logLines.join('\n')).toContain('/slack/oauth/callback?[redacted]');
    const actions = (await t.database.db.select().from(auditLog).where(eq(auditLog.tenantId, tenantId))).map(
      (r) => r.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'config.slack_install_link_created',
        'slack.install_started',
        'config.slack_installed',
      ]),
    );
  });

  it('shows a clear page for an unknown, expired or used link', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: '/slack/install?link=nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('This install link is not valid');
    const tenantId = await newTenant();
    const short = await installLink(tenantId, 5);
    t.clock.advance(5 * 60_000);
    const expired = await open(short.url);
    expect(expired.res.statusCode).toBe(410);
    expect(expired.res.body).toContain('This install link has expired');
    expect(expired.res.body).toContain('Ask your GP Relay administrator for a new install link.');
  });

  it('shows what to do when Slack refuses the code, and audits it', async () => {
    const tenantId = await newTenant();
    const { location, cookie } = await open((await installLink(tenantId)).url);
    const state = new URL(location!).searchParams.get('state')!;
    const res = await callback({ code: 'never-issued', state }, cookie);
    expect(res.statusCode).toBe(502);
    expect(res.body).toContain('Slack answered: invalid_code.');
    const [failed] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'slack.install_failed'));
    expect(failed?.details).toMatchObject({ step: 'oauth.v2.access', error: 'invalid_code' });
  });

  it('renders an unexpected failure as a page with a reference, never a stack', async () => {
    const tenantId = await newTenant();
    const { location, cookie } = await open((await installLink(tenantId)).url);
    const state = new URL(location!).searchParams.get('state')!;
    t.oauth.codes.add('code-boom');
    t.slack.validTokens.clear(); // auth.test refuses: a handled failure…
    const refused = await callback({ code: 'code-boom', state }, cookie);
    expect(refused.statusCode).toBe(502);
    expect(refused.body).toContain('invalid_auth');
    t.slack.validTokens.add('xoxb-test-token');
    const again = await open((await installLink(tenantId)).url);
    t.oauth.codes.add('code-boom-2');
    t.oauth.failNext(new TypeError('boom at line 42')); // …and an unexpected one
    const res = await callback(
      { code: 'code-boom-2', state: new URL(again.location!).searchParams.get('state')! },
      again.cookie,
    );
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain('Something went wrong on our side');
    expect(res.body).toMatch(/reference: req-[0-9a-z]+/);
    expect(res.body).not.toContain('boom');
    expect(t.logLines.join('\n')).toContain('boom at line 42');
    const failed = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'slack.install_failed'));
    expect(failed.at(-1)?.details).toMatchObject({ error: 'unexpected_error' });
  });

  it('answers 409 for an install link and 503 on /slack/install when no client credentials are set', async () => {
    const bare = await createSlackAppTestApp('pglite', { SLACK_CLIENT_ID: '', SLACK_CLIENT_SECRET: '' });
    try {
      const tenantId = (await bare.api<{ id: string }>('POST', '/api/tenants', { name: 'X' })).body.id;
      const link = await bare.api<{ error: { code: string; message: string } }>(
        'POST',
        `/api/tenants/${tenantId}/slack/install-link`,
        {},
      );
      expect(link.status).toBe(409);
      expect(link.body.error.message).toContain('SLACK_CLIENT_ID and SLACK_CLIENT_SECRET');
      const page = await bare.app.inject({ method: 'GET', url: '/slack/install?link=x' });
      expect(page.statusCode).toBe(503);
      expect(page.body).toContain('Slack installs are not set up on this server');
    } finally {
      await bare.close();
    }
  });

  it('publishes the Slack app manifest with the URLs, scopes and events the code relies on', async () => {
    const res = await t.api<{
      oauth_config: { redirect_urls: string[]; scopes: { bot: string[] } };
      settings: {
        event_subscriptions: { request_url: string; bot_events: string[] };
        token_rotation_enabled: boolean;
      };
    }>('GET', '/api/slack/app-manifest?tokenRotation=true');
    expect(res.body.oauth_config.redirect_urls).toEqual(['https://relay.test/slack/oauth/callback']);
    expect(res.body.oauth_config.scopes.bot).toContain('channels:history');
    expect(res.body.settings.event_subscriptions.request_url).toBe('https://relay.test/slack/events');
    expect(res.body.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['app_uninstalled', 'tokens_revoked', 'group_left', 'member_joined_channel']),
    );
    expect(res.body.settings.token_rotation_enabled).toBe(true);
  });
});
