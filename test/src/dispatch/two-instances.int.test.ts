import { loadConfig, type RunningCloud, startCloud } from '@gprelay/cloud';
import { afterAll, expect, inject, it } from 'vitest';
import { invoiceDelta } from '../harness/invoice-delta';
import { OPERATOR_TOKEN, operatorApi } from '../harness/operator-api';
import { ProtocolAgent } from '../harness/protocol-agent';
import { waitUntil } from '../harness/wait-until';
import { createDatabase } from '../postgres/create-database';
import { type SlackEmulator, startSlackEmulator } from '../slack-emu';

const CHANNELS = 20;
const RECORDS = 500;
const WAVES = 10;

let slack: SlackEmulator | undefined;
const clouds: RunningCloud[] = [];
const agents: ProtocolAgent[] = [];

afterAll(async () => {
  for (const agent of agents) agent.close();
  await Promise.all(clouds.map((c) => c.close()));
  await slack?.close();
});

/**
 * Scale-out: two cloud instances on one Postgres share the work and the
 * per-channel pacing. Records arrive in waves through both instances while both
 * dispatchers run on real time; Slack (the emulator) must see no channel above
 * its rate, no record twice, and every record.
 */
it('two instances on one Postgres keep 1 msg/s per channel and deliver 500 records exactly once', async () => {
  slack = await startSlackEmulator();
  const workspace = slack.createWorkspace({
    channels: Array.from({ length: CHANNELS }, (_, i) => `ap-${i}`),
  });
  const url = await createDatabase(inject('postgresUrl'), 'gprelay_scaleout');
  const env = {
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: url,
    MASTER_KEY: 'aa'.repeat(32),
    OPERATOR_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    LOG_LEVEL: 'silent',
  };
  for (let i = 0; i < 2; i += 1) clouds.push(await startCloud(loadConfig(env), { logger: false }));
  const [a] = clouds as [RunningCloud, RunningCloud];
  const operator = operatorApi(() => a);
  const api = async <T>(url: string, payload: object) => (await operator<T>('POST', url, payload)).body;

  const tenant = await api<{ id: string }>('/api/tenants', { name: 'Scale-out' });
  await a.app.inject({
    method: 'PUT',
    url: `/api/tenants/${tenant.id}/slack`,
    headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    payload: { botToken: workspace.botToken },
  });
  for (const [i, channel] of workspace.channels.entries()) {
    await api(`/api/tenants/${tenant.id}/rules`, {
      docTypes: ['payables-invoice'],
      channelId: channel.id,
      filters: { vendorIds: [`V${i}`] },
    });
  }
  for (const cloud of clouds) {
    const { code } = await api<{ code: string }>(`/api/tenants/${tenant.id}/enrollment-codes`, {});
    agents.push(await ProtocolAgent.enrollAndConnect(cloud.url, code));
  }

  const deltas = Array.from({ length: RECORDS }, (_, i) =>
    invoiceDelta(i + 1, { vendorId: `V${i % CHANNELS}` }),
  );
  const perWave = RECORDS / WAVES;
  for (let wave = 0; wave < WAVES; wave += 1) {
    // Half of each wave through each instance, as agents behind a load balancer would.
    const items = deltas.slice(wave * perWave, (wave + 1) * perWave);
    await Promise.all([
      agents[0]!.send(items.slice(0, perWave / 2)),
      agents[1]!.send(items.slice(perWave / 2)),
    ]);
    // The next wave waits for Slack to have shown something of this one, so channels see a stream, not one burst.
    await slack.waitForMessage(
      (m) => m.text.includes(`INV-${wave * perWave + 1}:`) || m.text.includes(`INV-${wave * perWave + 1} `),
      {
        timeoutMs: 30_000,
      },
    );
  }
  const posted = await waitUntil(
    async () => {
      const response = await a.app.inject({
        method: 'GET',
        url: `/api/tenants/${tenant.id}/deliveries?limit=1000`,
        headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
      });
      const rows = response.json() as Array<{ status: string; eventId: string }>;
      return rows.length === RECORDS && rows.every((r) => r.status === 'posted') && rows;
    },
    { what: 'every delivery posted', timeoutMs: 120_000, intervalMs: 250 },
  );

  // Every record in exactly one Slack message, through either instance.
  const carried = slack
    .messages()
    .flatMap((m) =>
      String(
        (m.metadata as { event_payload?: { deliveries?: string } } | undefined)?.event_payload?.deliveries ??
          '',
      ).split(','),
    )
    .filter(Boolean);
  expect(carried).toHaveLength(RECORDS);
  expect(new Set(carried).size).toBe(RECORDS);
  expect(new Set(posted.map((p) => p.eventId)).size).toBe(RECORDS);
  for (const delta of deltas) {
    const shown = slack
      .messages()
      .filter((m) => JSON.stringify(m.blocks).includes(`${delta.record.documentNumber}*`));
    expect(shown, delta.record.documentNumber).toHaveLength(1);
  }
  // Pacing across both instances: nothing refused, no channel above Slack's rate beyond its burst.
  expect(slack.rateLimitedCount()).toBe(0);
  expect(slack.maxPostsPerWindow(1000)).toBeLessThanOrEqual(3);
  const stats = slack.postingStats();
  expect(stats.filter((s) => s.posts > 1)).not.toHaveLength(0);
}, 180_000);
