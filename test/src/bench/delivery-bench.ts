import { loadConfig, type RunningCloud, startCloud } from '@gprelay/cloud';
import { invoiceDelta } from '../harness/invoice-delta';
import { ProtocolAgent } from '../harness/protocol-agent';
import { startPostgresCluster } from '../postgres/cluster';
import { createDatabase } from '../postgres/create-database';
import { type SlackEmulator, startSlackEmulator } from '../slack-emu';
import { printTable } from './bench-table';

const OPERATOR_TOKEN = 'bench-operator-token-0123456789abcdef0123';

/**
 * Slack delivery figures of issue 4, on real Postgres and real time, against
 * the Slack emulator (1 msg/s per channel, burst 3): the per-channel message
 * rate under a steady backlog beside Slack's limit, records per message, 429s,
 * and the latency from ack to post on an idle channel.
 */
export async function deliveryBench(options: {
  channels: number;
  seconds: number;
  latencySamples: number;
}): Promise<void> {
  const cluster = await startPostgresCluster();
  const slack = await startSlackEmulator();
  let cloud: RunningCloud | null = null;
  try {
    const workspace = slack.createWorkspace({
      channels: Array.from(
        { length: Math.max(options.channels, options.latencySamples) },
        (_, i) => `c-${i}`,
      ),
    });
    cloud = await startCloud(
      loadConfig({
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: await createDatabase(cluster.url, 'bench_delivery'),
        MASTER_KEY: 'bb'.repeat(32),
        OPERATOR_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        LOG_LEVEL: 'silent',
      }),
      { logger: false },
    );
    const post = async <T>(url: string, payload: object, method: 'POST' | 'PUT' = 'POST') =>
      (
        await cloud!.app.inject({
          method,
          url,
          headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
          payload,
        })
      ).json() as T;
    const tenant = await post<{ id: string }>('/api/tenants', { name: 'Bench' });
    await post(`/api/tenants/${tenant.id}/slack`, { botToken: workspace.botToken }, 'PUT');
    for (const [i, channel] of workspace.channels.entries()) {
      await post(`/api/tenants/${tenant.id}/rules`, {
        docTypes: ['payables-invoice'],
        channelId: channel.id,
        filters: { vendorIds: [`V${i}`] },
      });
    }
    const { code } = await post<{ code: string }>(`/api/tenants/${tenant.id}/enrollment-codes`, {});
    const agent = await ProtocolAgent.enrollAndConnect(cloud.url, code);
    const latency = await idleLatency(agent, slack, options.latencySamples);
    const backlog = await steadyBacklog(
      agent,
      slack,
      workspace.channels.slice(0, options.channels),
      options.seconds,
    );
    agent.close();
    const q = (p: number) => latency[Math.min(latency.length - 1, Math.floor(p * latency.length))]!;
    printTable(
      'Slack delivery (real Postgres, emulator at 1 msg/s per channel with a burst of 3)',
      ['figure', 'ours', 'limit / target'],
      [
        ['per-channel rate under backlog (msg/s)', backlog.rate, '1.00 (≥ 0.95 of it)'],
        ['records per message under backlog', backlog.recordsPerMessage, '—'],
        ['429s received in steady state', backlog.rateLimited, '0'],
        [`ack → post latency, idle channel, p50 (ms, n=${latency.length})`, q(0.5), '—'],
        ['ack → post latency, idle channel, p95 (ms)', q(0.95), '—'],
      ],
    );
  } finally {
    await cloud?.close();
    await slack.close();
    await cluster.stop();
  }
}

/** One record to each idle channel in turn; time from the cloud's ack to the emulator accepting the post. */
async function idleLatency(agent: ProtocolAgent, slack: SlackEmulator, samples: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const delta = invoiceDelta(1_000_000 + i, { vendorId: `V${i}` });
    const shown = slack.waitForMessage((m) => m.text.includes(delta.record.documentNumber), {
      timeoutMs: 10_000,
    });
    await agent.send([delta]);
    const ackedAt = Date.now();
    await shown;
    latencies.push(Date.now() - ackedAt);
  }
  return latencies.sort((a, b) => a - b);
}

/** Records keep arriving for every channel faster than one message a second can carry one by one. */
async function steadyBacklog(
  agent: ProtocolAgent,
  slack: SlackEmulator,
  channels: Array<{ id: string }>,
  seconds: number,
) {
  slack.clearRecords();
  const perTickPerChannel = 3;
  const tickMs = 250;
  const started = Date.now();
  let n = 0;
  while (Date.now() - started < seconds * 1000) {
    const items = channels.flatMap((_, c) =>
      Array.from({ length: perTickPerChannel }, () => invoiceDelta(2_000_000 + n++, { vendorId: `V${c}` })),
    );
    await agent.send(items);
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  const ended = Date.now();
  // Steady state: skip the first two seconds of ramp-up; count posts inside the window per channel.
  const from = started + 2000;
  const rates = channels.map(
    (c) => slack.postTimes(c.id).filter((t) => t >= from && t <= ended).length / ((ended - from) / 1000),
  );
  const messages = slack.messages().filter((m) => channels.some((c) => c.id === m.channel));
  const records = messages.reduce(
    (sum, m) =>
      sum +
      String(
        (m.metadata as { event_payload?: { deliveries?: string } } | undefined)?.event_payload?.deliveries ??
          '',
      )
        .split(',')
        .filter(Boolean).length,
    0,
  );
  return {
    rate: rates.reduce((a, b) => a + b, 0) / rates.length,
    recordsPerMessage: records / Math.max(1, messages.length),
    rateLimited: slack.rateLimitedCount(),
  };
}
