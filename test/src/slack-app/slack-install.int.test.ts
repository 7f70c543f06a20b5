import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceInfo } from '../slack-emu';
import { sdkClient } from '../slack-emu/test-support';
import { Browser, installThroughBrowser, type RelayWithSlack, startRelayWithSlack } from './relay-with-slack';

interface Connection {
  installed: boolean;
  installation: {
    status: string;
    teamId: string;
    teamName: string;
    teamUrl: string;
    appId: string;
    botUserId: string;
    botId: string;
    scopes: string[];
    tokenRotation: boolean;
    tokenExpiresAt: string | null;
  } | null;
}

/** Everything about the installation row, as text, to look for a plaintext token in it. */
async function installationRow(relay: RelayWithSlack, tenantId: string): Promise<string> {
  const rows = await relay.sql`select * from slack_installations where tenant_id = ${tenantId}`;
  return JSON.stringify(rows);
}

async function auditActions(
  relay: RelayWithSlack,
  tenantId: string,
): Promise<Array<{ action: string; details: Record<string, unknown> | null }>> {
  return (
    await relay.operator<Array<{ action: string; details: Record<string, unknown> | null }>>(
      'GET',
      `/api/tenants/${tenantId}/audit?limit=100`,
    )
  ).body;
}

describe.each([false, true])(
  '"Add to Slack" end to end against the emulator (token rotation: %s)',
  (rotation) => {
    let relay: RelayWithSlack;
    let ws: WorkspaceInfo;
    beforeAll(async () => {
      relay = await startRelayWithSlack({ rotation });
      ws = relay.emu.createWorkspace({ name: 'Fabrikam Finance', channels: ['ap-invoices'] });
      relay.emu.oauth.setInstallTarget(ws.teamId);
    });
    afterAll(() => relay?.close());

    const browser = () => new Browser(relay.publicUrl, relay.clouds[0]!.url);

    async function tenantWithLink(): Promise<{ tenantId: string; url: string }> {
      const tenant = await relay.operator<{ id: string }>('POST', '/api/tenants', {
        name: 'Fabrikam Finance',
      });
      const link = await relay.operator<{ url: string }>(
        'POST',
        `/api/tenants/${tenant.body.id}/slack/install-link`,
        {},
      );
      expect(link.status).toBe(201);
      return { tenantId: tenant.body.id, url: link.body.url };
    }

    it('installs with one click: link → Slack consent → callback; stores the token sealed and never shows it', async () => {
      const { tenantId, url } = await tenantWithLink();
      expect(url.startsWith(`${relay.publicUrl}/slack/install?link=`)).toBe(true);
      const b = browser();
      const { start, consent, result } = await installThroughBrowser(b, url);

      const authorize = new URL(start.location!);
      expect(`${authorize.origin}${authorize.pathname}`).toBe(relay.emu.oauth.authorizeUrl);
      expect(authorize.searchParams.get('redirect_uri')).toBe(`${relay.publicUrl}/slack/oauth/callback`);
      expect(start.headers.getSetCookie()[0]).toMatch(
        /^__Host-gprelay_slack_install=.*HttpOnly; SameSite=Lax; Secure$/,
      );
      expect(result.status).toBe(200);
      expect(result.body).toContain('GP Relay is connected to Fabrikam Finance');
      expect(b.cookieNames()).toEqual([]); // cleared once used

      const connection = await relay.operator<Connection>('GET', `/api/tenants/${tenantId}/slack`);
      expect(connection.body.installation).toMatchObject({
        status: 'active',
        teamId: ws.teamId,
        teamName: 'Fabrikam Finance',
        teamUrl: `${relay.emu.origin}/w/${ws.domain}/`,
        appId: ws.appId,
        botUserId: ws.botUserId,
        botId: ws.botId,
        tokenRotation: rotation,
      });
      expect(connection.body.installation?.scopes).toEqual([
        'chat:write',
        'chat:write.public',
        'channels:read',
        'groups:read',
        'channels:join',
        'channels:history',
        'groups:history',
      ]);
      if (rotation) {
        expect(Date.parse(connection.body.installation!.tokenExpiresAt!)).toBe(
          relay.clock.now() + 43_200_000,
        );
      } else {
        expect(connection.body.installation?.tokenExpiresAt).toBeNull();
      }

      // The token works against Slack, yet appears in no response and not in clear in the database.
      const token = await relay.clouds[0]!.app.slackApp.tokens.getBotToken(tenantId);
      expect(token?.token).toMatch(rotation ? /^xoxe\.xoxb-/ : /^xoxb-/);
      expect(await sdkClient(relay.emu.apiUrl, token!.token).auth.test()).toMatchObject({
        team_id: ws.teamId,
      });
      const seen = [start, consent, result]
        .map((v) => `${v.body}${JSON.stringify([...v.headers])}`)
        .join('\n');
      const stored = await installationRow(relay, tenantId);
      for (const text of [
        seen,
        JSON.stringify(connection.body),
        stored,
        JSON.stringify(await auditActions(relay, tenantId)),
      ]) {
        expect(text).not.toContain(token!.token);
      }
      expect(stored).not.toMatch(/xox[be]/);

      expect((await auditActions(relay, tenantId)).map((r) => r.action)).toEqual(
        expect.arrayContaining([
          'config.slack_install_link_created',
          'slack.install_started',
          'config.slack_installed',
        ]),
      );
      const [exchange] = relay.emu.calls({ method: 'oauth.v2.access' }).slice(-1);
      expect(exchange).toMatchObject({ status: 200, ok: true });

      // The link is spent by the install that completed.
      const reuse = await b.get(url);
      expect(reuse.status).toBe(410);
      expect(reuse.body).toContain('This install link was already used');
    });

    it('shows a calm page when the admin cancels at Slack, and lets them try again with the same link', async () => {
      const { tenantId, url } = await tenantWithLink();
      relay.emu.oauth.denyNextInstall();
      const cancelled = await installThroughBrowser(browser(), url);
      expect(new URL(cancelled.callbackUrl).searchParams.get('error')).toBe('access_denied');
      expect(cancelled.result.status).toBe(200);
      expect(cancelled.result.body).toContain('Installation cancelled');
      expect(cancelled.result.body).toContain('open the install link again and choose Allow');
      expect((await relay.operator<Connection>('GET', `/api/tenants/${tenantId}/slack`)).body.installed).toBe(
        false,
      );
      expect(
        (await auditActions(relay, tenantId)).find((r) => r.action === 'slack.install_cancelled')?.details,
      ).toEqual({
        error: 'access_denied',
      });
      const retried = await installThroughBrowser(browser(), url);
      expect(retried.result.body).toContain('GP Relay is connected to Fabrikam Finance');
    });

    describe('refuses a callback whose state', () => {
      /** Runs the flow up to Slack sending the browser back, without following that last hop. */
      async function approvedAtSlack() {
        const { tenantId, url } = await tenantWithLink();
        const b = browser();
        const start = await b.get(url);
        const consent = await b.get(start.location!);
        return { tenantId, b, callbackUrl: consent.location! };
      }

      async function refusal(tenantId: string) {
        return (await auditActions(relay, tenantId)).find((r) => r.action === 'slack.install_refused')
          ?.details;
      }

      it('is reused', async () => {
        const { tenantId, b, callbackUrl } = await approvedAtSlack();
        expect((await b.get(callbackUrl)).status).toBe(200);
        const again = await b.get(callbackUrl);
        expect(again.status).toBe(400);
        expect(again.body).toContain('This installation was already finished');
        expect(await refusal(tenantId)).toMatchObject({ reason: 'state_used' });
      });

      it('comes back to another browser than the one that started', async () => {
        const { tenantId, callbackUrl } = await approvedAtSlack();
        const other = await browser().get(callbackUrl);
        expect(other.status).toBe(400);
        expect(other.body).toContain('Please finish in the browser where you started');
        expect(await refusal(tenantId)).toMatchObject({ reason: 'browser_mismatch' });
        expect(
          (await relay.operator<Connection>('GET', `/api/tenants/${tenantId}/slack`)).body.installed,
        ).toBe(false);
      });

      it('is older than 10 minutes', async () => {
        const { tenantId, url } = await tenantWithLink();
        const b = browser();
        const start = await b.get(url);
        relay.clock.advance(10 * 60_000 + 1000);
        const consent = await b.get(start.location!);
        const late = await b.get(consent.location!);
        expect(late.status).toBe(400);
        expect(late.body).toContain('This installation took too long');
        expect(await refusal(tenantId)).toMatchObject({ reason: 'state_expired' });
      });

      it('was tampered with', async () => {
        const { b, callbackUrl } = await approvedAtSlack();
        const tampered = new URL(callbackUrl);
        const state = tampered.searchParams.get('state')!;
        tampered.searchParams.set(
          'state',
          `${state.slice(0, -4)}${state.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`,
        );
        const res = await b.get(tampered.toString());
        expect(res.status).toBe(400);
        expect(res.body).toContain('This installation request is not valid');
        const system =
          await relay.sql`select details from audit_log where chain = '_system' and action = 'slack.install_refused' order by seq desc limit 1`;
        expect(system[0]?.details).toMatchObject({ reason: 'state_invalid' });
      });
    });
  },
);
