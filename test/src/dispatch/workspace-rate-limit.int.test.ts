import { loadConfig, type RunningCloud, startCloud } from '@gprelay/cloud';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { invoiceDelta } from '../harness/invoice-delta';
import { OPERATOR_TOKEN, operatorApi } from '../harness/operator-api';
import { ProtocolAgent } from '../harness/protocol-agent';
import { createDatabase } from '../postgres/create-database';
import { type SlackEmulator, startSlackEmulator, type WorkspaceInfo } from '../slack-emu';
import { ManualClock } from '../slack-emu/test-support';

interface Tenant {
  id: string;
  workspace: WorkspaceInfo;
  agent: ProtocolAgent;
}

/**
 * A 429 whose limit is the whole Slack workspace pauses every channel of that
 * workspace, on both storage engines, while another tenant in another
 * workspace keeps posting. The cloud runs in process against the Slack
 * emulator on one manual clock; the dispatcher is driven a round at a time, so
 * Retry-After is tested without waiting.
 */
describe.each(['pglite', 'postgres'] as const)('workspace-wide Slack rate limits on %s', (kind) => {
  let clock: ManualClock;
  let slack: SlackEmulator;
  let cloud: RunningCloud;
  /** Three channels in one workspace (vendor V1 → ap-1 …). */
  let contoso: Tenant;
  /** One channel in another workspace. */
  let northwind: Tenant;
  let n = 0;

  const api = operatorApi(() => cloud);
  const connect = async (name: string, channels: string[]): Promise<Tenant> => {
    const workspace = slack.createWorkspace({ name, channels });
    const id = (await api<{ id: string }>('POST', '/api/tenants', { name })).body.id;
    expect((await api('PUT', `/api/tenants/${id}/slack`, { botToken: workspace.botToken })).status).toBe(200);
    for (const [i, channel] of workspace.channels.entries()) {
      const rule = await api('POST', `/api/tenants/${id}/rules`, {
        docTypes: ['payables-invoice'],
        channelId: channel.id,
        filters: { vendorIds: [`V${i + 1}`] },
      });
      expect(rule.status).toBe(201);
    }
    const { code } = (await api<{ code: string }>('POST', `/api/tenants/${id}/enrollment-codes`)).body;
    return { id, workspace, agent: await ProtocolAgent.enrollAndConnect(cloud.url, code, () => clock.now()) };
  };
  /** A new invoice for the channel of vendor `V<channel>`; sent through the tenant's agent. */
  const send = async (tenant: Tenant, channel: number) => {
    n += 1;
    const delta = invoiceDelta(n, { vendorId: `V${channel}` });
    await tenant.agent.send([delta]);
    return delta;
  };
  const round = async () => (await cloud.dispatcher.runOnce()).sort();
  const deliveries = async (tenant: Tenant) =>
    (
      await api<Array<{ id: number; status: string }>>(
        'GET',
        `/api/tenants/${tenant.id}/deliveries?limit=1000`,
      )
    ).body;
  const rateLimitAudit = async (tenant: Tenant) =>
    (
      await api<Array<{ channelId: string; details: Record<string, unknown> }>>(
        'GET',
        `/api/tenants/${tenant.id}/audit?action=slack.rate_limited`,
      )
    ).body;
  /** Delivery ids carried by the workspace's messages (top level and thread replies), from their metadata. */
  const carried = (tenant: Tenant) =>
    slack
      .messages({ teamId: tenant.workspace.teamId })
      .flatMap((m) =>
        String((m.metadata?.event_payload as { deliveries?: string } | undefined)?.deliveries ?? '').split(
          ',',
        ),
      )
      .filter(Boolean)
      .map(Number);
  /** Every delivery of the tenant posted, each carried by exactly one Slack message. */
  const expectEachDeliveredOnce = async (tenant: Tenant) => {
    const rows = await deliveries(tenant);
    expect(rows.every((d) => d.status === 'posted')).toBe(true);
    expect(carried(tenant).sort((a, b) => a - b)).toEqual(rows.map((d) => d.id).sort((a, b) => a - b));
  };
  /** Web API calls the workspace made while its pause ran: after `fromMs`, before `untilMs`. */
  const callsBetween = (tenant: Tenant, fromMs: number, untilMs: number) =>
    slack.calls({ teamId: tenant.workspace.teamId }).filter((c) => c.at > fromMs && c.at < untilMs);

  beforeAll(async () => {
    clock = new ManualClock(Date.parse('2026-11-25T10:00:00.000Z'));
    slack = await startSlackEmulator({ clock });
    const database =
      kind === 'postgres'
        ? { DATABASE_URL: await createDatabase(inject('postgresUrl'), 'gprelay_ws_limit') }
        : { DATA_DIR: 'memory://' };
    cloud = await startCloud(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        ...database,
        MASTER_KEY: 'cd'.repeat(32),
        OPERATOR_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        LOG_LEVEL: 'silent',
      }),
      { clock, logger: false },
    );
    await cloud.dispatcher.stop(); // driven a round at a time below
    contoso = await connect('Contoso', ['ap-1', 'ap-2', 'ap-3']);
    northwind = await connect('Northwind', ['ap']);
  });
  afterAll(async () => {
    contoso?.agent.close();
    northwind?.agent.close();
    await cloud?.close();
    await slack?.close();
  });

  it('a chat.update 429 with Retry-After: 7 stops every channel of the workspace for 7 s, another workspace keeps posting, then all lands once', async () => {
    const shown = await send(contoso, 1);
    expect(await round()).toEqual(['posted']);
    // A change to the shown document (an edit in place), and Slack's workspace budget for chat.update is spent.
    await contoso.agent.send([{ ...invoiceDelta(n, { vendorId: 'V1', transactionState: 'open' }) }]);
    slack.faults.push({
      kind: 'ratelimit',
      scope: 'workspace',
      method: 'chat.update',
      teamId: contoso.workspace.teamId,
      retryAfterSec: 7,
    });
    clock.advance(1000);
    expect(await round()).toEqual(['retry']);
    const limitedAt = clock.now();

    // New work for the workspace's other channels, and for the other workspace, every second.
    await send(contoso, 2);
    await send(contoso, 3);
    for (let second = 0; second < 7; second += 1) {
      await send(northwind, 1);
      expect(await round()).toEqual(['posted']);
      clock.advance(second < 6 ? 1000 : 999);
    }
    expect(await round()).toEqual([]);
    expect(callsBetween(contoso, limitedAt, limitedAt + 7000)).toEqual([]);
    expect(slack.messages({ teamId: northwind.workspace.teamId })).toHaveLength(7);

    clock.advance(1);
    expect(await round()).toEqual(['posted', 'posted', 'updated']);
    expect(await round()).toEqual([]);
    await expectEachDeliveredOnce(contoso);
    await expectEachDeliveredOnce(northwind);
    const [original] = slack.messages({ teamId: contoso.workspace.teamId, topLevel: true });
    expect(original?.text).toContain(shown.record.documentNumber);
    expect(original?.edits).toHaveLength(1);
    expect(slack.rateLimited({ teamId: northwind.workspace.teamId })).toEqual([]);

    const [audited] = await rateLimitAudit(contoso);
    expect(audited?.details).toMatchObject({
      scope: 'workspace',
      method: 'chat.update',
      retryAfterMs: 7000,
      teamId: contoso.workspace.teamId,
      pausedUntil: new Date(limitedAt + 7000).toISOString(),
    });
  });

  it("takes chat.postMessage refused in a second channel while the first waits as the workspace's posting cap", async () => {
    clock.advance(10_000);
    const before = (await rateLimitAudit(contoso)).length;
    // Slack's workspace-wide posting cap: every channel of the workspace is refused for 5 s.
    slack.faults.push({
      kind: 'ratelimit',
      scope: 'workspace',
      method: 'chat.postMessage',
      teamId: contoso.workspace.teamId,
      retryAfterSec: 5,
    });
    await send(contoso, 1);
    await send(northwind, 1);
    expect(await round()).toEqual(['posted', 'retry']);
    const firstAt = clock.now();
    // A 429 in one channel alone looks like that channel's limit: another channel still tries…
    await send(contoso, 2);
    clock.advance(1000);
    expect(await round()).toEqual(['retry']);
    // …and its 429, while the first channel still waits, pauses the whole workspace.
    await send(contoso, 3);
    for (let second = 1; second < 5; second += 1) {
      await send(northwind, 1);
      expect(await round()).toEqual(['posted']);
      clock.advance(1000);
    }
    expect(callsBetween(contoso, firstAt + 1000, firstAt + 5000)).toEqual([]);
    expect(await round()).toEqual(['posted', 'posted', 'posted']);
    await expectEachDeliveredOnce(contoso);
    await expectEachDeliveredOnce(northwind);
    expect(
      slack
        .calls({ teamId: contoso.workspace.teamId, method: 'chat.postMessage' })
        .filter((c) => c.at >= firstAt)
        .map((c) => c.status),
    ).toEqual([429, 429, 200, 200, 200]);
    const all = await rateLimitAudit(contoso); // newest first
    const audited = all.slice(0, all.length - before);
    expect(audited.map((a) => [a.details.scope, a.details.reason]).sort()).toEqual([
      ['channel', 'per-channel method'],
      ['workspace', 'second channel limited'],
    ]);
  });
});
