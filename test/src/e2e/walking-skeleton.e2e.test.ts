import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type GpSimulator, startGpSimulator, TRICKY_VENDOR_NAMES, VendorStatus } from '../gp-sim';
import { AgentProcess } from '../harness/agent-process';
import { TsxProcess } from '../harness/child-process';
import { CloudProcess } from '../harness/cloud-process';
import { CLOUD_SERVER } from '../harness/repo-paths';
import { TcpRelay } from '../harness/tcp-proxy';
import { waitUntil } from '../harness/wait-until';
import { freePort } from '../net/free-port';
import { createDatabase } from '../postgres/create-database';
import { type SlackEmulator, startSlackEmulator } from '../slack-emu';

/** Every string inside Block Kit blocks: what a reader of the message sees. */
function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(textsOf);
  return [];
}

interface AuditRow {
  action: string;
  eventId: string | null;
  sourceRecordId: string | null;
  channelId: string | null;
  slackTs: string | null;
  details: { documentNumber?: string } | null;
}

/**
 * The walking skeleton across real processes: GP simulator → agent process →
 * WebSocket → cloud process (real Postgres) → Slack emulator. Only GP and Slack
 * are emulated.
 */
describe('a GP payables invoice reaches Slack through agent → WSS → cloud', () => {
  let dir: string;
  let gp: GpSimulator;
  let slack: SlackEmulator;
  let cloud: CloudProcess;
  let relay: TcpRelay;
  let agent: AgentProcess;
  let tenantId: string;
  let channelId: string;
  let vendorChannelId: string;
  let invoiceNo = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gprelay-e2e-'));
    gp = await startGpSimulator({ seed: 7, vendors: 40, invoices: 200 });
    slack = await startSlackEmulator();
    const workspace = slack.createWorkspace({
      name: 'Fabrikam Finance',
      channels: ['ap-invoices', 'vendor-changes'],
    });
    channelId = workspace.channels[0]!.id;
    vendorChannelId = workspace.channels[1]!.id;
    cloud = new CloudProcess(await freePort(), {
      DATABASE_URL: await createDatabase(inject('postgresUrl')),
      MASTER_KEY: 'ab'.repeat(32),
      OPERATOR_TOKEN: 'e2e-operator-token-0123456789abcdef0123',
      SLACK_API_URL: slack.apiUrl,
      AGENT_POLL_INTERVAL_MS: '1000',
      DISPATCH_LEASE_MS: '2000',
    });
    await cloud.start();
    // The agent reaches the cloud through a relay the tests can make lose the cloud's replies.
    relay = await TcpRelay.start(cloud.port);

    tenantId = (await cloud.api<{ id: string }>('POST', '/api/tenants', { name: 'Fabrikam Finance' })).id;
    await cloud.api('PUT', `/api/tenants/${tenantId}/slack`, { botToken: workspace.botToken });
    await cloud.api('POST', `/api/tenants/${tenantId}/rules`, { docTypes: ['payables-invoice'], channelId });
    const { code } = await cloud.api<{ code: string }>(
      'POST',
      `/api/tenants/${tenantId}/enrollment-codes`,
      {},
    );

    agent = new AgentProcess(join(dir, 'agent'), {
      cloudUrl: relay.url,
      pollIntervalMs: 1000,
      sources: [{ kind: 'gp-soap', url: gp.soapUrl, companyId: -1, company: 'Fabrikam, Inc.' }],
    });
    await agent.enroll(relay.url, code);
    const run = await agent.start();
    await run.waitForLine(/first poll: recorded where GP is now/);
  });

  afterAll(async () => {
    await agent?.stop();
    await cloud?.stop();
    await relay?.close();
    await gp?.close();
    await slack?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A vendor billing in US dollars, so the expected amount text is known. */
  const usdVendor = (n: number) =>
    gp.db
      .vendors()
      .filter((v) => v.currencyId.trim() === 'Z-US$')
      [n % 10]!.vendorId.trim();

  /** Enters an invoice in GP with known figures; returns what finance must see in Slack. */
  function enterInvoice(vendorId?: string) {
    invoiceNo += 1;
    const row = gp.addInvoice({
      vendorId: vendorId ?? usdVendor(invoiceNo),
      documentNumber: `E2E-${1000 + invoiceNo}`,
      purchaseAmount: `${invoiceNo}234.50`,
      tradeDiscountAmount: '0',
      freightAmount: '0',
      miscAmount: '0',
      taxAmount: '0',
      dueDate: '2026-12-31',
    });
    return {
      voucher: row.voucherNumber.trim(),
      documentNumber: row.documentNumber.trim(),
      vendorName: gp.db.vendor(row.vendorId)!.name.trim(),
      amount: `${invoiceNo},234.50 USD`,
      dueDate: 'Dec 31, 2026',
    };
  }

  const messagesFor = (documentNumber: string) =>
    slack.messages({ channel: channelId }).filter((m) => m.text.includes(documentNumber));
  const waitForMessage = (documentNumber: string) =>
    slack.waitForMessage((m) => m.channel === channelId && m.text.includes(documentNumber), {
      timeoutMs: 60_000,
    });
  const audit = (query: string) =>
    cloud.api<AuditRow[]>('GET', `/api/tenants/${tenantId}/audit?limit=1000&${query}`);

  it('posts three new invoices once each, with vendor, number, amount and due date, and audits each post', async () => {
    const invoices = [enterInvoice(), enterInvoice(), enterInvoice()];
    const posted = await Promise.all(invoices.map((i) => waitForMessage(i.documentNumber)));
    for (const [i, invoice] of invoices.entries()) {
      const message = posted[i]!;
      const shown = [message.text, ...textsOf(message.blocks)].join('\n');
      expect(shown).toContain(
        invoice.vendorName.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
      );
      expect(shown).toContain(invoice.documentNumber);
      expect(shown).toContain(invoice.amount);
      expect(shown).toContain(invoice.dueDate);
      expect(messagesFor(invoice.documentNumber)).toHaveLength(1);
    }
    const rows = await waitUntil(
      async () => {
        const r = await audit('action=slack.posted');
        return invoices.every((i) => r.some((row) => row.details?.documentNumber === i.documentNumber)) && r;
      },
      { what: 'an audit row per post' },
    );
    for (const [i, invoice] of invoices.entries()) {
      const row = rows.find((r) => r.details?.documentNumber === invoice.documentNumber)!;
      expect(row).toMatchObject({
        channelId,
        slackTs: posted[i]!.ts,
        sourceRecordId: `Fabrikam, Inc./payables-invoice/${invoice.voucher}`,
      });
    }
  });

  it('escapes a hostile vendor name so it reaches Slack as text and pings no one', async () => {
    const vendorId = usdVendor(0);
    gp.db.updateVendor(vendorId, { name: '<!channel> & <https://x.test|click>' });
    const invoice = enterInvoice(vendorId);
    const message = await waitForMessage(invoice.documentNumber);
    expect(message.text).toContain('&lt;!channel&gt; &amp; &lt;https://x.test|click&gt;');
    expect(message.mentions, JSON.stringify([message.mentions, message.text])).toEqual([]);
    // A bare URL may be auto-linked by Slack clients; a disguised <url|label> link must not exist.
    expect(message.links.filter((l) => !l.auto)).toEqual([]);
  });

  it('says what changed when a vendor is put on hold after the baseline: "On hold: No → Yes"', async () => {
    await cloud.api('POST', `/api/tenants/${tenantId}/rules`, {
      docTypes: ['vendor'],
      channelId: vendorChannelId,
    });
    // The first run read every vendor once (posting nothing), so the agent knows this one's last record.
    await agent.process!.waitForLine(/read the vendor table/);
    // Not the vendor the escaping test renamed: its rename may still be on its way to this channel.
    const renamed = usdVendor(0);
    const vendor = gp.db
      .vendors()
      .find(
        (v) =>
          v.status === VendorStatus.active &&
          !v.hold &&
          v.vendorId.trim() !== renamed &&
          !TRICKY_VENDOR_NAMES.includes(v.name.trimEnd()),
      )!;
    const vendorId = vendor.vendorId.trim();
    gp.db.holdVendor(vendorId, true);
    const message = await slack.waitForMessage(
      (m) => m.channel === vendorChannelId && m.text.includes(vendorId),
      { timeoutMs: 60_000 },
    );
    const name = vendor.name.trim().replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    expect(message.text).toBe(`Vendor ${vendorId} ${name} put on hold (On hold: No → Yes)`);
    const shown = textsOf(message.blocks).join('\n');
    expect(shown).toContain(`(${vendorId}) put on hold\n• On hold: No → Yes`);
    expect(shown).toContain('Active · On hold');
  });

  it('loses nothing and posts nothing twice when the agent is SIGKILLed after polling, before the ack', async () => {
    relay.holdReplies();
    const invoices = [enterInvoice(), enterInvoice()];
    // The agent polls and sends; the cloud commits the batch, but its ack never reaches the agent.
    await waitUntil(
      async () => {
        const received = await audit('action=event.received');
        return invoices.every((i) => received.some((r) => r.sourceRecordId?.endsWith(`/${i.voucher}`)));
      },
      { what: 'the cloud to commit the batch whose ack is held back' },
    );
    await agent.stop('SIGKILL');
    relay.resetAll();
    const restarted = await agent.start();
    // The restarted agent sends the unacked batch again; the cloud recognises every delta.
    await restarted.waitForLine(/polled/);
    await Promise.all(invoices.map((i) => waitForMessage(i.documentNumber)));
    await waitUntil(
      async () => {
        const duplicates = await audit('action=event.duplicate');
        return invoices.every((i) => duplicates.some((r) => r.sourceRecordId?.endsWith(`/${i.voucher}`)));
      },
      { what: 'the resent batch to be recognised as duplicates' },
    );
    for (const invoice of invoices) expect(messagesFor(invoice.documentNumber)).toHaveLength(1);
  });

  it('loses nothing and posts nothing twice when the cloud is killed mid-post and restarted', async () => {
    // Slack accepts the next post, but the cloud dies before it hears back.
    slack.faults.push({ kind: 'hold-reply', method: 'chat.postMessage' });
    const invoices = [enterInvoice(), enterInvoice(), enterInvoice()];
    await slack.faults.whenStalled(1);
    await cloud.stop('SIGKILL');
    await cloud.start();
    await Promise.all(invoices.map((i) => waitForMessage(i.documentNumber)));
    // The post whose answer was lost is found in the channel (recovered), never posted again.
    const rows = await waitUntil(
      async () => {
        const audited = [...(await audit('action=slack.recovered')), ...(await audit('action=slack.posted'))];
        return (
          invoices.every((i) => audited.some((r) => r.sourceRecordId?.endsWith(`/${i.voucher}`))) && audited
        );
      },
      { what: 'every invoice audited as posted or recovered' },
    );
    expect(rows.filter((r) => r.action === 'slack.recovered').length).toBeGreaterThan(0);
    for (const invoice of invoices) expect(messagesFor(invoice.documentNumber)).toHaveLength(1);
  });

  it('keeps the audit chain intact through all of it', async () => {
    const verdict = await cloud.api<{ ok: boolean; rows: number }>(
      'GET',
      `/api/tenants/${tenantId}/audit/verify`,
    );
    expect(verdict.ok).toBe(true);
    expect(verdict.rows).toBeGreaterThan(20);
  });
});

describe('cloud start-up with bad configuration', () => {
  it('fails at start listing every problem in one message', async () => {
    const cloud = new TsxProcess('cloud-bad-config', CLOUD_SERVER, [], {
      DATABASE_URL: 'mysql//nowhere',
      PORT: '80a',
    });
    const { code } = await cloud.exited;
    expect(code).toBe(2);
    const output = cloud.lines.join('\n');
    expect(output).toContain('Invalid configuration (4 problems)');
    expect(output).toContain('PORT must be an integer');
    expect(output).toContain('DATABASE_URL must look like postgres://');
    expect(output).toContain('MASTER_KEY is required when DATABASE_URL is set');
    expect(output).toContain('OPERATOR_TOKEN is required when DATABASE_URL is set');
    expect(output).not.toMatch(/\n\s+at /); // one message, not a stack trace
  });
});
