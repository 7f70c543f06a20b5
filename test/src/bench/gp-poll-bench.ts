import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GpSource, LocalStore, SbaGpSource, SoapGpSource, SourcePoller } from '@gprelay/agent';
import { loadConfig, startCloud } from '@gprelay/cloud';
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
  const agents: AgentProcess[] = [];
  try {
    sim = await startGpSimulator({ seed: 5, vendors: 500, invoices: count });
    // The installed form: the esbuild bundle on plain node, with the heap cap the service launcher sets.
    buildAgentBundle();
    for (const name of ['idle', 'backfill']) {
      agents.push(
        new AgentProcess(
          join(dir, name),
          {
            cloudUrl: 'http://127.0.0.1:9', // enrolled below; the cloud is gone while measuring
            pollIntervalMs: 2000,
            logLevel: 'debug',
            sources: [{ kind: 'gp-soap', url: sim.soapUrl, companyId: -1, company: 'Fabrikam, Inc.' }],
          },
          { bundle: { nodeArgs: AGENT_NODE_ARGS } },
        ),
      );
    }
    await enrollAll(agents, join(dir, 'cloud'));
    const [idleAgent, backfillAgent] = agents as [AgentProcess, AgentProcess];

    // Idle: first poll (baseline), then three cycles with nothing to do.
    const idle = await idleAgent.start();
    for (let cycle = 0, from = 0; cycle < 3; cycle += 1) {
      await idle.waitForLine(/DEBUG polled .*docType=vendor/, 120_000, from);
      from = idle.lines.findLastIndex((l) => /DEBUG polled .*docType=vendor/.test(l)) + 1;
    }
    const idleMb = procStatusMb(idle.pid!, 'VmRSS');
    const idlePeakMb = procStatusMb(idle.pid!, 'VmHWM');
    const idleFileMb = procStatusMb(idle.pid!, 'RssFile');
    await idleAgent.stop();

    // Backfill: every payables document since 2000, into the outbox (the cloud is unreachable: it buffers).
    const run = await backfillAgent.start(['--backfill-since', '2000-01-01']);
    const done = await run.waitForLine(/backfill done .*docType=payables-invoice/, 30 * 60_000);
    const peakMb = procStatusMb(run.pid!, 'VmHWM');
    await backfillAgent.stop();
    printTable(
      `A real agent process: the bundle on node ${AGENT_NODE_ARGS.join(' ')}, against a simulator of ${count.toLocaleString('en-US')} invoices`,
      ['figure', 'ours', 'limit'],
      [
        ['idle agent RSS after 3 empty poll cycles (MB)', idleMb, '≤ 60'],
        ['  of which file-backed: node executable, libraries (MB)', idleFileMb, '—'],
        ['  private to the agent (MB)', idleMb - idleFileMb, '—'],
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
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Enrolls the agents with a throwaway embedded cloud, then stops it: what is measured is the agent alone. */
async function enrollAll(agents: AgentProcess[], dataDir: string): Promise<void> {
  const cloud = await startCloud(
    loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, OPERATOR_TOKEN }),
    { logger: false },
  );
  try {
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
  } finally {
    await cloud.close();
  }
}

/** A memory figure of a live process from /proc (Linux), in MB. VmHWM is the peak resident set. */
function procStatusMb(pid: number, field: 'VmHWM' | 'VmRSS' | 'RssFile'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]);
  return Math.round(kb / 1024);
}
