import { afterEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, type SlackEmulatorOptions, startSlackEmulator } from './index';
import { ManualClock, sdkClient, sdkError } from './test-support';

const REDIRECT = 'https://gprelay.example/slack/oauth/callback';
let emu: SlackEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function setup(options: SlackEmulatorOptions = {}) {
  const clock = new ManualClock();
  emu = await startSlackEmulator({
    clock,
    oauth: { redirectUris: [REDIRECT], ...options.oauth },
    ...options,
  });
  return { emu, clock };
}

/** Follow the install link as a browser would, stopping at the redirect back to our app. */
async function authorize(emu: SlackEmulator, params: Record<string, string>): Promise<URL> {
  const url = new URL(emu.oauth.authorizeUrl);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

const install = (emu: SlackEmulator, extra: Record<string, string> = {}) =>
  authorize(emu, {
    client_id: emu.oauth.clientId,
    scope: 'chat:write,chat:write.public,channels:read',
    redirect_uri: REDIRECT,
    state: 'st-123',
    ...extra,
  });

describe('OAuth v2 install', () => {
  it('redirects back with code and state, and the code exchanges for a working bot token (HTTP Basic)', async () => {
    const { emu } = await setup();
    const back = await install(emu);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-123');
    const code = back.searchParams.get('code')!;
    const client = sdkClient(emu.apiUrl, undefined, {
      headers: {
        authorization: `Basic ${Buffer.from(`${emu.oauth.clientId}:${emu.oauth.clientSecret}`).toString('base64')}`,
      },
    });
    const res = await client.oauth.v2.access({ code, redirect_uri: REDIRECT } as never);
    expect(res).toMatchObject({
      ok: true,
      token_type: 'bot',
      scope: 'chat:write,chat:write.public,channels:read',
      enterprise: null,
      is_enterprise_install: false,
    });
    expect(res.access_token).toMatch(/^xoxb-/);
    expect(res.team?.id).toMatch(/^T[A-Z0-9]{10}$/);
    const who = await sdkClient(emu.apiUrl, res.access_token).auth.test();
    expect(who).toMatchObject({ team_id: res.team?.id, user_id: res.bot_user_id });
  });

  it('accepts client credentials as params too, and installs into the chosen workspace', async () => {
    const { emu } = await setup();
    const ws = emu.createWorkspace({ name: 'Fabrikam', channels: ['ap'] });
    emu.oauth.setInstallTarget(ws.teamId);
    const code = (await install(emu)).searchParams.get('code')!;
    const res = await sdkClient(emu.apiUrl).oauth.v2.access({
      client_id: emu.oauth.clientId,
      client_secret: emu.oauth.clientSecret,
      code,
      redirect_uri: REDIRECT,
    });
    expect(res.team).toEqual({ name: 'Fabrikam', id: ws.teamId });
    // Without rotation a reinstall hands back the workspace's bot token.
    expect(res.access_token).toBe(ws.botToken);
  });

  it('refuses bad credentials, unknown or reused codes and a mismatched redirect_uri', async () => {
    const { emu } = await setup();
    const code = (await install(emu)).searchParams.get('code')!;
    const access = (args: Record<string, string>) =>
      sdkError(
        sdkClient(emu.apiUrl).oauth.v2.access({
          client_id: emu.oauth.clientId,
          client_secret: emu.oauth.clientSecret,
          redirect_uri: REDIRECT,
          code,
          ...args,
        }),
      );
    expect((await access({ client_id: 'nope' })).data?.error).toBe('invalid_client_id');
    expect((await access({ client_secret: 'wrong' })).data?.error).toBe('bad_client_secret');
    expect((await access({ code: 'made-up' })).data?.error).toBe('invalid_code');
    expect((await access({ redirect_uri: 'https://evil.example/cb' })).data?.error).toBe('bad_redirect_uri');
    expect((await access({ grant_type: 'password' })).data?.error).toBe('invalid_grant_type');
    await sdkClient(emu.apiUrl).oauth.v2.access({
      client_id: emu.oauth.clientId,
      client_secret: emu.oauth.clientSecret,
      code,
      redirect_uri: REDIRECT,
    });
    expect((await access({})).data?.error).toBe('invalid_code');
  });

  it('expires codes after ten minutes on the injected clock', async () => {
    const { emu, clock } = await setup();
    const code = (await install(emu)).searchParams.get('code')!;
    clock.advance(601_000);
    const err = await sdkError(
      sdkClient(emu.apiUrl).oauth.v2.access({
        client_id: emu.oauth.clientId,
        client_secret: emu.oauth.clientSecret,
        code,
        redirect_uri: REDIRECT,
      }),
    );
    expect(err.data?.error).toBe('invalid_code');
  });

  it('ignores a JSON body on oauth.v2.access (form-only), so the arguments are missing', async () => {
    const { emu } = await setup();
    const code = (await install(emu)).searchParams.get('code')!;
    const res = await fetch(`${emu.apiUrl}oauth.v2.access`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ client_id: emu.oauth.clientId, client_secret: emu.oauth.clientSecret, code }),
    }).then((r) => r.json());
    expect(res).toEqual({ ok: false, error: 'invalid_client_id' });
  });

  it('shows an error page for an unknown client or a redirect_uri that is not registered', async () => {
    const { emu } = await setup();
    const url = new URL(emu.oauth.authorizeUrl);
    url.searchParams.set('client_id', 'nope');
    url.searchParams.set('scope', 'chat:write');
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(400);
    url.searchParams.set('client_id', emu.oauth.clientId);
    url.searchParams.set('redirect_uri', 'https://evil.example/cb');
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('bad_redirect_uri');
  });

  it('redirects with error=access_denied when the user cancels', async () => {
    const { emu } = await setup();
    emu.oauth.denyNextInstall();
    const back = await install(emu);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('st-123');
    expect(back.searchParams.has('code')).toBe(false);
  });
});

describe('token rotation (opt-in)', () => {
  it('issues expiring xoxe.xoxb tokens whose single-use refresh token yields a new pair', async () => {
    const { emu, clock } = await setup({ oauth: { tokenRotation: true } });
    const code = (await install(emu)).searchParams.get('code')!;
    const creds = { client_id: emu.oauth.clientId, client_secret: emu.oauth.clientSecret };
    const first = await sdkClient(emu.apiUrl).oauth.v2.access({ ...creds, code, redirect_uri: REDIRECT });
    expect(first.access_token).toMatch(/^xoxe\.xoxb-1-/);
    expect(first.refresh_token).toMatch(/^xoxe-1-/);
    expect(first.expires_in).toBe(43_200);
    const client = sdkClient(emu.apiUrl, first.access_token);
    expect((await client.auth.test()).expires_in).toBe(43_200);

    clock.advance(43_200_000);
    expect((await sdkError(client.auth.test())).data?.error).toBe('token_expired');

    const refreshed = await sdkClient(emu.apiUrl).oauth.v2.access({
      ...creds,
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token!,
    });
    expect(refreshed.access_token).not.toBe(first.access_token);
    await expect(sdkClient(emu.apiUrl, refreshed.access_token).auth.test()).resolves.toMatchObject({
      ok: true,
    });
    const reuse = await sdkError(
      sdkClient(emu.apiUrl).oauth.v2.access({
        ...creds,
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token!,
      }),
    );
    expect(reuse.data?.error).toBe('invalid_refresh_token');
  });

  it('is off by default: no refresh grant', async () => {
    const { emu } = await setup();
    const err = await sdkError(
      sdkClient(emu.apiUrl).oauth.v2.access({
        client_id: emu.oauth.clientId,
        client_secret: emu.oauth.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: 'xoxe-1-anything',
      }),
    );
    expect(err.data?.error).toBe('invalid_refresh_token');
  });
});

describe('apps.uninstall', () => {
  it('checks client credentials, then revokes the workspace tokens (Tier 1: one call a minute)', async () => {
    const { emu, clock } = await setup();
    const ws = emu.createWorkspace({ channels: ['ap'] });
    const client = sdkClient(emu.apiUrl, ws.botToken);
    const bad = await sdkError(client.apps.uninstall({ client_id: emu.oauth.clientId, client_secret: 'x' }));
    expect(bad.data?.error).toBe('bad_client_secret');
    const limited = await sdkError(
      client.apps.uninstall({ client_id: emu.oauth.clientId, client_secret: 'x' }),
    );
    expect(limited.retryAfter).toBe(60);
    clock.advance(60_000);
    const res = await client.apps.uninstall({
      client_id: emu.oauth.clientId,
      client_secret: emu.oauth.clientSecret,
    });
    expect(res.ok).toBe(true);
    expect((await sdkError(client.auth.test())).data?.error).toBe('token_revoked');
  });
});
