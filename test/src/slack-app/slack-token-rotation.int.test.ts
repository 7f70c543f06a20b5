import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceInfo } from '../slack-emu';
import { sdkClient, sdkError } from '../slack-emu/test-support';
import { Browser, installThroughBrowser, type RelayWithSlack, startRelayWithSlack } from './relay-with-slack';

const HOUR_MS = 60 * 60_000;

/**
 * Token rotation across two cloud instances on one Postgres, against the
 * emulator's oauth.v2.access (12 h `xoxe.xoxb-` tokens, single-use refresh
 * tokens): one instance spends the refresh token, the other waits for it.
 */
describe('token rotation with two cloud instances', () => {
  let relay: RelayWithSlack;
  let ws: WorkspaceInfo;
  let tenantId: string;

  beforeAll(async () => {
    relay = await startRelayWithSlack({ rotation: true, instances: 2 });
    ws = relay.emu.createWorkspace({ name: 'Contoso', channels: ['ap'] });
    relay.emu.oauth.setInstallTarget(ws.teamId);
    tenantId = (await relay.operator<{ id: string }>('POST', '/api/tenants', { name: 'Contoso' })).body.id;
    const link = await relay.operator<{ url: string }>(
      'POST',
      `/api/tenants/${tenantId}/slack/install-link`,
      {},
    );
    const { result } = await installThroughBrowser(
      new Browser(relay.publicUrl, relay.clouds[0]!.url),
      link.body.url,
    );
    expect(result.body).toContain('GP Relay is connected to Contoso');
  });
  afterAll(() => relay?.close());

  const a = () => relay.clouds[0]!.app.slackApp.tokens;
  const b = () => relay.clouds[1]!.app.slackApp.tokens;
  const refreshCalls = () => relay.emu.calls({ method: 'oauth.v2.access' }).length;

  it('refreshes an expired token exactly once when both instances need it at the same moment', async () => {
    const installed = await a().getBotToken(tenantId);
    relay.clock.advance(12 * HOUR_MS + 1000);
    expect((await sdkError(sdkClient(relay.emu.apiUrl, installed!.token).auth.test())).data?.error).toBe(
      'token_expired',
    );

    relay.emu.clearRecords();
    // A's refresh reaches Slack and is held there; B then finds the lease taken and waits.
    relay.emu.faults.push({ method: 'oauth.v2.access', kind: 'stall' });
    const first = a().getBotToken(tenantId);
    await relay.emu.faults.whenStalled(1);
    const bWaits = new Promise<void>((resolve) => {
      const off = b().onRefresh((e) => {
        if (e.kind === 'lease-lost') {
          off();
          resolve();
        }
      });
    });
    const second = b().getBotToken(tenantId);
    await bWaits;
    relay.emu.faults.releaseStalled();
    const [ta, tb] = await Promise.all([first, second]);

    expect(refreshCalls()).toBe(1);
    expect(ta?.token).toMatch(/^xoxe\.xoxb-/);
    expect(ta?.token).not.toBe(installed?.token);
    expect(tb?.token).toBe(ta?.token);
    expect(ta?.expiresAt?.getTime()).toBe(relay.clock.now() + 12 * HOUR_MS);
    expect(await sdkClient(relay.emu.apiUrl, ta!.token).auth.test()).toMatchObject({ team_id: ws.teamId });

    const audit = await relay.operator<Array<{ action: string }>>(
      'GET',
      `/api/tenants/${tenantId}/audit?limit=100`,
    );
    expect(audit.body.filter((r) => r.action === 'slack.token_refreshed')).toHaveLength(1);
    const rows =
      await relay.sql`select refresh_lease_until, bot_token_sealed, refresh_token_sealed from slack_installations where tenant_id = ${tenantId}`;
    expect(rows[0]?.refresh_lease_until).toBeNull();
    expect(JSON.stringify(rows)).not.toMatch(/xox[be]/);
  });

  it('refreshes ahead of expiry (2 h before), and the previous refresh token is spent', async () => {
    const current = await a().getBotToken(tenantId);
    relay.clock.advance(9 * HOUR_MS);
    expect((await b().getBotToken(tenantId))?.token).toBe(current?.token); // 3 h left: nothing to do
    relay.emu.clearRecords();
    relay.clock.advance(1 * HOUR_MS + 1000);
    const renewed = await b().getBotToken(tenantId);
    expect(refreshCalls()).toBe(1);
    expect(renewed?.token).not.toBe(current?.token);
    // The old access token still works until its own expiry; the new one works now.
    expect(await sdkClient(relay.emu.apiUrl, renewed!.token).auth.test()).toMatchObject({
      team_id: ws.teamId,
    });
    expect((await a().getBotToken(tenantId))?.token).toBe(renewed?.token);
  });

  it('refreshes when Slack answers token_expired for the token dispatch holds', async () => {
    const held = await a().getBotToken(tenantId);
    relay.clock.advance(12 * HOUR_MS);
    relay.emu.clearRecords();
    const fresh = await a().getBotToken(tenantId, { expiredToken: held!.token });
    expect(fresh?.token).not.toBe(held?.token);
    expect(refreshCalls()).toBe(1);
  });

  it('marks the installation dead when the app was uninstalled and the refresh is refused', async () => {
    relay.emu.uninstall(ws.teamId);
    relay.clock.advance(12 * HOUR_MS);
    expect(await b().getBotToken(tenantId)).toBeNull();
    const connection = await relay.operator<{ installation: { status: string; deadReason: string } }>(
      'GET',
      `/api/tenants/${tenantId}/slack`,
    );
    expect(connection.body.installation).toMatchObject({
      status: 'dead',
      deadReason: 'token refresh refused: invalid_refresh_token',
    });
  });
});
