import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConnectProxy, type TestConnectProxy, Vault } from '@gprelay/agent';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type GpSimulator, startGpSimulator } from '../gp-sim';
import { createSimAuthentication, type SimAuthentication } from '../gp-sim/auth';
import { AGENT_NODE_ARGS, buildAgentBundle } from '../harness/agent-bundle';
import { AgentProcess } from '../harness/agent-process';
import { TsxProcess } from '../harness/child-process';
import { CloudProcess } from '../harness/cloud-process';
import { AGENT_BUNDLE } from '../harness/repo-paths';
import { freePort } from '../net/free-port';
import { createDatabase } from '../postgres/create-database';
import { type SlackEmulator, startSlackEmulator } from '../slack-emu';

const PASSWORD = 'installed agent password';

/**
 * The agent as IT installs it: the esbuild bundle (`pnpm build:agent`) on plain node with the
 * service's flags, not the TypeScript sources. The bundle swaps undici's index for a slim entry,
 * sets V8 flags at start and loads some modules only on demand (the proxy tunnel); this proves the
 * installed form still logs on to GP (NTLM on one kept-alive connection), reaches the cloud through
 * the site's HTTP proxy, relays a change to Slack, and that `agent doctor` (undici's fetch) works.
 */
describe('the installed agent bundle', () => {
  let dir: string;
  let gp: GpSimulator;
  let gpAuth: SimAuthentication;
  let slack: SlackEmulator;
  let cloud: CloudProcess;
  let agent: AgentProcess;
  let proxy: TestConnectProxy;
  let channelId: string;

  beforeAll(async () => {
    buildAgentBundle();
    dir = mkdtempSync(join(tmpdir(), 'gprelay-installed-'));
    gpAuth = createSimAuthentication({
      ntlm: { accounts: [{ user: 'svc-gp', domain: 'CORP', password: PASSWORD }] },
    });
    gp = await startGpSimulator({ seed: 11, vendors: 20, invoices: 50, authenticate: gpAuth.authenticate });
    slack = await startSlackEmulator();
    const workspace = slack.createWorkspace({ name: 'Fabrikam Finance', channels: ['ap-invoices'] });
    channelId = workspace.channels[0]!.id;
    cloud = new CloudProcess(await freePort(), {
      DATABASE_URL: await createDatabase(inject('postgresUrl')),
      MASTER_KEY: 'cd'.repeat(32),
      OPERATOR_TOKEN: 'e2e-operator-token-0123456789abcdef0123',
      SLACK_API_URL: slack.apiUrl,
      AGENT_POLL_INTERVAL_MS: '1000',
    });
    await cloud.start();
    const tenantId = (await cloud.api<{ id: string }>('POST', '/api/tenants', { name: 'Fabrikam' })).id;
    await cloud.api('PUT', `/api/tenants/${tenantId}/slack`, { botToken: workspace.botToken });
    await cloud.api('POST', `/api/tenants/${tenantId}/rules`, { docTypes: ['payables-invoice'], channelId });
    const { code } = await cloud.api<{ code: string }>(
      'POST',
      `/api/tenants/${tenantId}/enrollment-codes`,
      {},
    );
    proxy = await startConnectProxy();
    agent = new AgentProcess(
      join(dir, 'agent'),
      {
        cloudUrl: cloud.url,
        proxyUrl: proxy.url,
        pollIntervalMs: 1000,
        sources: [
          {
            kind: 'gp-soap',
            url: gp.soapUrl,
            companyId: -1,
            company: 'Fabrikam, Inc.',
            auth: { mode: 'ntlm', principal: 'CORP\\svc-gp' },
          },
        ],
      },
      { bundle: { nodeArgs: AGENT_NODE_ARGS } },
    );
    // What `agent vault set gp.password` stores.
    await (await Vault.open(join(dir, 'agent', 'data', 'vault'))).set('gp.password', PASSWORD);
    await agent.enroll(cloud.url, code);
  });

  afterAll(async () => {
    await agent?.stop();
    await cloud?.stop();
    await gp?.close();
    await slack?.close();
    await proxy?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('`agent doctor` from the bundle checks the cloud and logs on to GP with NTLM', async () => {
    const doctor = new TsxProcess(
      'agent-doctor',
      AGENT_BUNDLE,
      ['doctor', '--config', agent.configPath],
      {},
      {
        plainNode: { nodeArgs: AGENT_NODE_ARGS },
      },
    );
    const { code } = await doctor.exited;
    const output = doctor.lines.join('\n');
    expect(output).toMatch(/^ok\s+cloud/m);
    expect(output).toMatch(/^ok\s+.*GP Fabrikam, Inc\..*NTLM as CORP\\svc-gp/m);
    expect(output).not.toMatch(/^FAIL/m);
    expect(code).toBe(0);
  });

  it('runs from the bundle: logs on to GP with NTLM and relays a new invoice to Slack once, through the proxy', async () => {
    const run = await agent.start();
    await run.waitForLine(/first poll: recorded where GP is now.*docType=payables-invoice/);
    const vendorId = gp.db.vendors()[0]!.vendorId.trim();
    const invoice = gp.addInvoice({
      vendorId,
      documentNumber: 'BUNDLE-1',
      purchaseAmount: '1234.50',
      tradeDiscountAmount: '0',
      freightAmount: '0',
      miscAmount: '0',
      taxAmount: '0',
      dueDate: '2026-12-31',
    });
    const message = await slack.waitForMessage(
      (m) => m.channel === channelId && m.text.includes(invoice.documentNumber.trim()),
      { timeoutMs: 60_000 },
    );
    expect(message.text).toContain('BUNDLE-1');
    expect(slack.messages({ channel: channelId }).filter((m) => m.text.includes('BUNDLE-1'))).toHaveLength(1);
    expect(gpAuth.events.some((e) => e.scheme === 'NTLM' && e.outcome === 'accepted')).toBe(true);
    expect(gpAuth.events.some((e) => e.outcome === 'refused')).toBe(false);
    expect(proxy.connects).toContain(new URL(cloud.url).host);
  });
});
