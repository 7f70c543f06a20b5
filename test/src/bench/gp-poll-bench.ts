import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { type GpSource, LocalStore, SbaGpSource, SoapGpSource, SourcePoller } from '@gprelay/agent';
import { loadConfig, type RunningCloud, startCloud } from '@gprelay/cloud';
import { silentLogger, systemClock } from '@gprelay/shared';
import { type GpSimulator, startGpSimulator } from '../gp-sim';
import { AGENT_NODE_ARGS, buildAgentBundle } from '../harness/agent-bundle';
import { AgentProcess } from '../harness/agent-process';
import { printTable } from './bench-table';

const PAGE_SIZE = 500;
const OPERATOR_TOKEN = 'bench-operator-token-0123456789abcdef0123';

/** The figures of issue 3: request cost of polls, and backfill throughput and memory of a real agent process. */
export async function gpPollBench(options: {
  records: number;
  changes: number;
  backfill: number;
}): Promise<void> {
  await requestCost(options.records, options.changes);
  await backfillFigures(options.backfill);
}

async function requestCost(records: number, changes: number): Promise<void> {
  const sim = await startGpSimulator({ seed: 3, vendors: 500, invoices: records });
  try {
    const adapters: Array<[string, () => GpSource]> = [
      [
        'SOAP legacy endpoint',
        () => new SoapGpSource({ url: sim.soapUrl, companyId: -1, company: 'Fabrikam, Inc.' }),
      ],
      ['SBA REST', () => new SbaGpSource({ baseUrl: `${sim.baseUrl}/GPService`, company: 'Fabrikam, Inc.' })],
    ];
    for (const [label, open] of adapters) {
      const rows = await requestCostOf(sim, open(), records, changes);
      printTable(
        `GP request cost: ${label}, page size ${PAGE_SIZE}`,
        ['figure', 'ours', 'limit', 'unit'],
        rows,
      );
    }
  } finally {
    await sim.close();
  }
}

async function requestCostOf(sim: GpSimulator, source: GpSource, records: number, changes: number) {
  const store = LocalStore.open(':memory:');
  try {
    const pollers = source.docTypes.map(
      (docType) =>
        new SourcePoller({
          source,
          docType,
          store,
          clock: systemClock,
          logger: silentLogger,
          pageSize: PAGE_SIZE,
          onEnqueued: () => {},
          onAlert: () => {},
        }),
    );
    for (const poller of pollers) await poller.poll(); // baselines
    const rows: Array<Array<string | number>> = [];
    for (const poller of pollers) {
      sim.resetStats();
      await poller.poll();
      rows.push([`poll with no changes: ${poller.docType}`, sim.stats.requests, 1, 'requests']);
    }
    for (let i = 0; i < changes; i += 1) sim.addInvoice();
    const invoices = pollers.find((p) => p.docType === 'payables-invoice')!;
    sim.resetStats();
    const outcome = await invoices.poll();
    const total = sim.stats.requests;
    const lists = Object.entries(sim.stats.requestsByOperation)
      .filter(([operation]) => /List$|^sba:/.test(operation))
      .reduce((sum, [, count]) => sum + count, 0);
    const bytes = sim.stats.responseBytes;
    const enqueued = outcome.kind === 'polled' ? outcome.enqueued : 0;
    const n = records.toLocaleString('en-US');
    rows.push(
      [`${changes} changes among ${n}: enqueued`, enqueued, changes, 'documents'],
      [`${changes} changes among ${n}: requests`, total, Math.ceil(changes / PAGE_SIZE) + 1, 'requests'],
      [`  of which list requests`, lists, '—', 'requests'],
      [`${changes} changes: bytes read per change`, Math.round(bytes / Math.max(1, enqueued)), '—', 'bytes'],
      [`${changes} changes: bytes read, total`, bytes, `∝ changes, not ${n}`, 'bytes'],
    );
    return rows;
  } finally {
    store.close();
    await source.close();
  }
}

async function backfillFigures(count: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gprelay-backfill-'));
  let sim: GpSimulator | null = null;
  let cloud: RunningCloud | null = null;
  const agents: AgentProcess[] = [];
  try {
    sim = await startGpSimulator({ seed: 5, vendors: 500, invoices: count });
    const cloudConfig = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATA_DIR: join(dir, 'cloud'),
      OPERATOR_TOKEN,
    });
    cloud = await startCloud(cloudConfig, { logger: false });
    // The installed form: the esbuild bundle on plain node, with the flags the service launcher sets.
    buildAgentBundle();
    const source = { kind: 'gp-soap', url: sim.soapUrl, companyId: -1, company: 'Fabrikam, Inc.' };
    // Idle: connected to the cloud, polling at the interval its welcome sets (the product's default).
    const idleAgent = new AgentProcess(
      join(dir, 'idle'),
      { cloudUrl: cloud.url, pollIntervalMs: 15_000, logLevel: 'debug', sources: [source] },
      { bundle: { nodeArgs: AGENT_NODE_ARGS } },
    );
    // Backfill: the cloud unreachable, so every document goes to the outbox and stays there.
    const backfillAgent = new AgentProcess(
      join(dir, 'backfill'),
      { cloudUrl: 'http://127.0.0.1:9', pollIntervalMs: 2000, logLevel: 'debug', sources: [source] },
      { bundle: { nodeArgs: AGENT_NODE_ARGS } },
    );
    agents.push(idleAgent, backfillAgent);
    await enrollAll(cloud, agents);
    const intervalMs = cloudConfig.agentPollIntervalMs;

    // First poll (baseline and the vendor-table read), three cycles with nothing to do, then RSS
    // sampled across one more interval: a figure for the time between polls, not one instant.
    const idle = await idleAgent.start();
    const polled = /DEBUG polled .*docType=vendor/;
    for (let cycle = 0, from = 0; cycle < 4; cycle += 1) {
      await idle.waitForLine(polled, 120_000, from);
      from = idle.lines.findLastIndex((l) => polled.test(l)) + 1;
    }
    const samples: number[] = [];
    for (let at = 0; at < intervalMs; at += IDLE_SAMPLE_MS) {
      await delay(IDLE_SAMPLE_MS);
      samples.push(procStatusMb(idle.pid!, 'VmRSS'));
    }
    const idleMb = median(samples);
    const idlePeakMb = procStatusMb(idle.pid!, 'VmHWM');
    const idleFileMb = procStatusMb(idle.pid!, 'RssFile');
    await idleAgent.stop();
    await cloud.close();
    cloud = null;

    // Backfill: every payables document since 2000, into the outbox.
    const run = await backfillAgent.start(['--backfill-since', '2000-01-01']);
    const done = await run.waitForLine(/backfill done .*docType=payables-invoice/, 30 * 60_000);
    const peakMb = procStatusMb(run.pid!, 'VmHWM');
    await backfillAgent.stop();
    printTable(
      `A real agent process: the bundle on node ${AGENT_NODE_ARGS.join(' ')}, against a simulator of ${count.toLocaleString('en-US')} invoices`,
      ['figure', 'ours', 'limit'],
      [
        [
          `idle agent RSS, connected, polling every ${intervalMs / 1000} s, median of ${samples.length} samples (MB)`,
          idleMb,
          '≤ 60',
        ],
        ['  range of those samples (MB)', `${Math.min(...samples)}-${Math.max(...samples)}`, '—'],
        ['  of which file-backed: node executable, libraries (MB)', idleFileMb, '—'],
        ['  private to the agent (MB)', Math.round((idleMb - idleFileMb) * 10) / 10, '—'],
        ['idle agent peak RSS (MB)', idlePeakMb, '—'],
        [
          'backfill: documents',
          Number(/documents=(\d+)/.exec(done)?.[1]),
          `${count.toLocaleString('en-US')} + returns and credit memos`,
        ],
        ['backfill: throughput (records/s)', Number(/perSecond=(\d+)/.exec(done)?.[1]), '—'],
        ['backfill: peak RSS (MB)', peakMb, '≤ 150'],
      ],
    );
  } finally {
    for (const agent of agents) await agent.stop();
    await cloud?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const IDLE_SAMPLE_MS = 500;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Enrolls the agents with the embedded cloud (one tenant). */
async function enrollAll(cloud: RunningCloud, agents: AgentProcess[]): Promise<void> {
  const call = async <T>(url: string, payload: object) =>
    (
      await cloud.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
        payload,
      })
    ).json() as T;
  const tenant = await call<{ id: string }>('/api/tenants', { name: 'Bench' });
  for (const agent of agents) {
    const { code } = await call<{ code: string }>(`/api/tenants/${tenant.id}/enrollment-codes`, {});
    await agent.enroll(cloud.url, code);
  }
}

/** A memory figure of a live process from /proc (Linux), in MB to 0.1. VmHWM is the peak resident set. */
function procStatusMb(pid: number, field: 'VmHWM' | 'VmRSS' | 'RssFile'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]);
  return Math.round(kb / 102.4) / 10;
}
