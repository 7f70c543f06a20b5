import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startGpSimulator } from '../gp-sim';
import { AgentProcess } from '../harness/agent-process';
import { CloudProcess } from '../harness/cloud-process';
import { REPO_ROOT } from '../harness/repo-paths';
import { preferredPort } from '../net/preferred-port';
import { startSlackEmulator } from '../slack-emu';

/**
 * `pnpm demo`: the whole loop on one machine, on embedded defaults.
 * GP simulator (a new payables invoice every few seconds) → agent (real
 * process) → WebSocket → cloud (real process, embedded PGlite) → Slack
 * emulator, whose page shows the messages arrive.
 */
const SCENARIO_INTERVAL_MS = Number(process.env.DEMO_INTERVAL_MS ?? 4000);
const say = (line: string) => process.stdout.write(`${line}\n`);
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

async function main(): Promise<void> {
  const dataDir = join(REPO_ROOT, '.data', 'demo');
  // Each demo starts clean: a fresh tenant, agent and cursor.
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });

  const slack = await startSlackEmulator({ port: await preferredPort(3000) });
  const channelNames = [
    'ap-invoices',
    'finance-leads',
    'purchase-orders',
    'gl-journals',
    'vendor-changes',
  ] as const;
  const workspace = slack.createWorkspace({ name: 'Fabrikam Finance', channels: [...channelNames] });
  const channel = (name: (typeof channelNames)[number]) => workspace.channels.find((c) => c.name === name)!;
  const channelName = new Map(workspace.channels.map((c) => [c.id, `#${c.name}`]));
  const gp = await startGpSimulator({ port: await preferredPort(48620), seed: Date.now() % 100_000 });

  const cloudDataDir = join(dataDir, 'cloud');
  const cloud = new CloudProcess(
    await preferredPort(8080),
    {
      DATA_DIR: cloudDataDir,
      SLACK_API_URL: slack.apiUrl,
      AGENT_POLL_INTERVAL_MS: '2000',
      LOG_LEVEL: 'info',
    },
    // The cloud logs JSON (pino); show warnings and errors (level >= 40) only.
    { echo: (line) => Number(/"level":(\d+)/.exec(line)?.[1] ?? 0) >= 40 },
  );
  say('starting the cloud (embedded PGlite; the first start creates the database)…');
  await cloud.start();
  cloud.operatorToken = readFileSync(join(cloudDataDir, 'operator-token'), 'utf8').trim();

  const tenant = await cloud.api<{ id: string }>('POST', '/api/tenants', { name: 'Fabrikam Finance' });
  await cloud.api('PUT', `/api/tenants/${tenant.id}/slack`, { botToken: workspace.botToken });
  const rules = [
    {
      name: 'All payables → #ap-invoices',
      docTypes: ['payables-invoice'],
      channelId: channel('ap-invoices').id,
    },
    {
      name: 'Invoices and POs of 20,000 or more → #finance-leads',
      docTypes: ['payables-invoice', 'purchase-order'],
      channelId: channel('finance-leads').id,
      filters: { minAmount: '20000' },
    },
    {
      name: 'Purchase orders → #purchase-orders',
      docTypes: ['purchase-order'],
      channelId: channel('purchase-orders').id,
    },
    {
      name: 'Posted journals → #gl-journals',
      docTypes: ['gl-journal'],
      channelId: channel('gl-journals').id,
    },
    {
      name: 'Vendor changes → #vendor-changes',
      docTypes: ['vendor'],
      channelId: channel('vendor-changes').id,
    },
  ];
  for (const rule of rules) await cloud.api('POST', `/api/tenants/${tenant.id}/rules`, rule);
  const { code } = await cloud.api<{ code: string }>(
    'POST',
    `/api/tenants/${tenant.id}/enrollment-codes`,
    {},
  );

  const agent = new AgentProcess(
    join(dataDir, 'agent'),
    {
      cloudUrl: cloud.url,
      pollIntervalMs: 2000,
      logLevel: 'info',
      sources: [{ kind: 'gp-soap', url: gp.soapUrl, companyId: -1, company: 'Fabrikam, Inc.' }],
    },
    { echo: true },
  );
  say(`enrolling an agent with one-time code ${code}…`);
  await agent.enroll(cloud.url, code);
  const run = await agent.start();
  await run.waitForLine(/first poll: recorded where GP is now/);

  const scenario = gp.startScenario({
    intervalMs: SCENARIO_INTERVAL_MS,
    // GP Web Services do not expose the payables hold flag (research §4.7), so a hold
    // would change nothing visible here; it arrives with the SBA adapter.
    holdEvery: 0,
    onEvent: (event) => say(`[gp] ${event.text}`),
  });
  slack.onMessage((message, change) => {
    const where = `${channelName.get(message.channel) ?? message.channel}${message.threadTs ? ' (thread)' : ''}`;
    const text = message.text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    say(`[slack] ${change} in ${where}: ${text}`);
  });

  say('');
  say(bold('GP Relay demo is running.'));
  say(`  Slack (watch messages arrive)  ${bold(slack.pageUrl)}`);
  say(`  cloud API docs (OpenAPI)       ${cloud.url}/docs`);
  say(`  cloud health                   ${cloud.url}/healthz`);
  say(
    `  operator token                 ${join(cloudDataDir, 'operator-token')}  (pnpm cloud-admin -- --help)`,
  );
  say(`  GP Web Services (simulated)    ${gp.wsdlUrl}`);
  say(`  GP simulator controls          ${gp.controlUrl}stats`);
  say(
    `Every ${SCENARIO_INTERVAL_MS / 1000} s the simulator enters an invoice; now and then it posts one, moves a purchase order on, posts a journal or changes a vendor.`,
  );
  say('Press Ctrl-C to stop.');
  say('');

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  say('stopping…');
  scenario.stop();
  await agent.stop();
  await cloud.stop();
  await gp.close();
  await slack.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
