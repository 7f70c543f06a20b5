import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStore, SoapGpSource, SourcePoller } from '@gprelay/agent';
import { loadConfig, startCloud } from '@gprelay/cloud';
import { silentLogger, systemClock } from '@gprelay/shared';
import { type GpSimulator, startGpSimulator } from '../gp-sim';
import { AgentProcess } from '../harness/agent-process';
import { REPO_ROOT } from '../harness/repo-paths';
import { printTable } from './bench-table';

const PAGE_SIZE = 500;
/** The node flags the agent's service launcher uses: a small old-space cap keeps RSS near the live data. */
const AGENT_NODE_ARGS = ['--max-old-space-size=48', '--max-semi-space-size=2'];
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
  const store = LocalStore.open(':memory:');
  const source = new SoapGpSource({ url: sim.soapUrl, companyId: -1, company: 'Fabrikam, Inc.' });
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
    const lists = Object.entries(sim.stats.requestsByOperation)
      .filter(([operation]) => operation.endsWith('List'))
      .reduce((sum, [, count]) => sum + count, 0);
    const bytes = sim.stats.responseBytes;
    rows.push(
      [
        `${changes} changes among ${records.toLocaleString('en-US')}: list requests`,
        lists,
        Math.ceil(changes / PAGE_SIZE) + 1,
        'requests',
      ],
      [
        `${changes} changes among ${records.toLocaleString('en-US')}: all requests (details per change)`,
        sim.stats.requests,
        '—',
        'requests',
      ],
      [
        `${changes} changes: bytes read per change`,
        Math.round(bytes / Math.max(1, outcome.kind === 'polled' ? outcome.enqueued : 1)),
        '—',
        'bytes',
      ],
      [
        `${changes} changes: bytes read, total`,
        bytes,
        `∝ changes, not ${records.toLocaleString('en-US')}`,
        'bytes',
      ],
    );
    printTable(
      'GP request cost (SOAP legacy endpoint, page size 500)',
      ['figure', 'ours', 'limit', 'unit'],
      rows,
    );
  } finally {
    store.close();
    await source.close();
    await sim.close();
  }
}

async function backfillFigures(count: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gprelay-backfill-'));
  let sim: GpSimulator | null = null;
  const cloud = await startCloud(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATA_DIR: join(dir, 'cloud'),
      OPERATOR_TOKEN,
      AGENT_POLL_INTERVAL_MS: '2000',
    }),
    { logger: false },
  );
  try {
    await cloud.dispatcher.stop(); // nothing is posted: this measures the agent
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
    const { code } = await call<{ code: string }>(`/api/tenants/${tenant.id}/enrollment-codes`, {});
    sim = await startGpSimulator({ seed: 5, vendors: 500, invoices: count });
    // The installed form: the esbuild bundle on plain node, with the heap cap the service launcher sets.
    execFileSync(process.execPath, [join(REPO_ROOT, 'agent', 'scripts', 'build.mjs')], { stdio: 'ignore' });
    const agent = new AgentProcess(
      join(dir, 'agent'),
      {
        cloudUrl: cloud.url,
        pollIntervalMs: 2000,
        logLevel: 'debug',
        sources: [{ kind: 'gp-soap', url: sim.soapUrl, companyId: -1, company: 'Fabrikam, Inc.' }],
      },
      { bundle: { nodeArgs: AGENT_NODE_ARGS } },
    );
    await agent.enroll(cloud.url, code);
    const run = await agent.start(['--backfill-since', '2000-01-01']);
    const done = await run.waitForLine(/backfill done .*docType=payables-invoice/, 30 * 60_000);
    const pid = run.pid!;
    const peakMb = procStatusMb(pid, 'VmHWM');
    const documents = Number(/documents=(\d+)/.exec(done)?.[1]);
    const perSecond = Number(/perSecond=(\d+)/.exec(done)?.[1]);
    // Idle: the other families finish and the agent polls a few more cycles with nothing to do.
    let from = run.lines.length;
    for (let cycle = 0; cycle < 3; cycle += 1) {
      await run.waitForLine(/DEBUG polled .*docType=payables-invoice/, 120_000, from);
      from = run.lines.findLastIndex((l) => /DEBUG polled .*docType=payables-invoice/.test(l)) + 1;
    }
    const idleMb = procStatusMb(pid, 'VmRSS');
    await agent.stop();
    printTable(
      `Backfill of ${count.toLocaleString('en-US')} invoices by a real agent process (node + tsx loader)`,
      ['figure', 'ours', 'limit'],
      [
        ['documents backfilled', documents, count],
        ['throughput (records/s)', perSecond, '—'],
        ['peak RSS during backfill (MB)', peakMb, '≤ 150'],
        ['idle RSS after backfill (MB)', idleMb, '≤ 60'],
      ],
    );
  } finally {
    await sim?.close();
    await cloud.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A memory figure of a live process from /proc (Linux), in MB. VmHWM is the peak resident set. */
function procStatusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]);
  return Math.round(kb / 1024);
}
