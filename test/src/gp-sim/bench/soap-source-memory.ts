import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SoapGpSource } from '@gprelay/agent';
import { DOC_TYPES } from '@gprelay/shared';
import { XMLParser } from 'fast-xml-parser';
import { REPO_ROOT } from '../../harness/repo-paths';

/**
 * Memory of the agent's SOAP source against a simulator in another process
 * (so the simulator's own heap is not counted):
 *   node --expose-gc --import tsx test/src/gp-sim/bench/soap-source-memory.ts [--invoices 50000]
 *       [--phases idle,backfill,tree] [--node-flags=--max-old-space-size=48]
 * or bundled (no tsx in the measured processes):
 *   esbuild test/src/gp-sim/bench/soap-source-memory.ts --bundle --platform=node --format=esm \
 *     --external:kerberos --external:better-sqlite3 --outfile=agent/.bench-soap-memory.mjs \
 *     --banner:js="import { createRequire as r } from 'node:module'; const require = r(import.meta.url);"
 *   node agent/.bench-soap-memory.mjs --invoices 50000
 * Each phase runs in a fresh child process and reports its peak RSS
 * (getrusage maxRSS, what the kernel saw) and its largest heapUsed sample:
 *   idle       a source that polled every family once and found nothing new
 *   backfill   every payables document, 500 per page, with its by-key call (records/s)
 *   tree       for contrast: one list answer of `--tree-window-days` parsed whole
 *              with fast-xml-parser, as the agent did before streaming
 * That a streamed answer does not grow the heap with its size is shown, without
 * timing noise from a network peer, by agent/src/gp/soap/soap-list-stream.test.ts.
 */
const SELF = fileURLToPath(import.meta.url);
/**
 * Run as TypeScript (through tsx), or as one esbuild bundle with plain node,
 * which is how an installed agent would run: tsx alone adds ~50 MB of RSS.
 * The bundle lives under agent/ so its native modules resolve; run it from the repository root.
 */
const TSX = SELF.endsWith('.ts') ? ['--import', 'tsx'] : [];
const ROOT = existsSync(join(REPO_ROOT, 'pnpm-workspace.yaml')) ? REPO_ROOT : process.cwd();
const DAY_MS = 86_400_000;

interface PhaseResult {
  phase: string;
  /** RSS once the modules are loaded and collected, before the phase starts. */
  startRssMb: number;
  /** Largest RSS sampled (every 10 ms) during the phase. */
  peakRssMb: number;
  peakHeapMb: number;
  /** getrusage maxRSS: the process's peak over its life, module loading (tsx compiling TypeScript) included. */
  maxRssMb: number;
  detail: string;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      phase: { type: 'string' },
      url: { type: 'string' },
      invoices: { type: 'string', default: '50000' },
      'tree-window-days': { type: 'string', default: '15' },
      /** V8 flags for the phase processes, e.g. '--max-old-space-size=48 --max-semi-space-size=2'. */
      'node-flags': { type: 'string', default: '' },
      phases: { type: 'string', default: 'idle,backfill,tree' },
    },
  });
  if (values.phase !== undefined) {
    const result = await runPhase(values.phase, values.url!, Number(values['tree-window-days']));
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const invoices = Number(values.invoices);
  const simulator = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/src/gp-sim/main.ts',
      '--port',
      '0',
      '--invoices',
      String(invoices),
      '--purchase-orders',
      '0',
      '--journals',
      '0',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const url = await soapUrlOf(simulator.stdout!);
    const results: PhaseResult[] = [];
    const flags = values['node-flags']!.split(/\s+/).filter(Boolean);
    for (const phase of values.phases!.split(',')) {
      results.push(await child(phase, url, values['tree-window-days']!, flags));
    }
    console.log(
      `\nSoapGpSource memory, ${invoices} invoices (+8% returns and credit memos) in the simulator; phases run ${TSX.length > 0 ? 'through tsx' : 'as a bundle on plain node'}, flags: ${flags.join(' ') || 'none'}`,
    );
    console.log('phase      start RSS  peak RSS  peak heap  life maxRSS  detail');
    const mb = (value: number, width: number) => `${value.toFixed(0)} MB`.padStart(width);
    for (const result of results) {
      console.log(
        `${result.phase.padEnd(10)} ${mb(result.startRssMb, 9)} ${mb(result.peakRssMb, 9)} ${mb(result.peakHeapMb, 10)} ${mb(result.maxRssMb, 12)}  ${result.detail}`,
      );
    }
    console.log('limits: backfill peak RSS ≤ 150 MB, idle agent ≤ 60 MB (issue 3)');
  } finally {
    simulator.kill('SIGTERM');
  }
}

async function soapUrlOf(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += String(chunk);
    const match = /SOAP endpoint\s+(\S+)/.exec(text);
    if (match) return match[1]!;
  }
  throw new Error(`the simulator did not print its URL: ${text}`);
}

function child(phase: string, url: string, treeWindowDays: string, flags: string[]): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const run = spawn(
      process.execPath,
      [
        ...flags,
        '--expose-gc',
        ...TSX,
        SELF,
        '--phase',
        phase,
        '--url',
        url,
        '--tree-window-days',
        treeWindowDays,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    run.stdout.on('data', (chunk) => {
      out += String(chunk);
    });
    run.on('error', reject);
    run.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`phase ${phase} exited with ${code}: ${out}`));
      else resolve(JSON.parse(line) as PhaseResult);
    });
  });
}

async function runPhase(phase: string, url: string, treeWindowDays: number): Promise<PhaseResult> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const startRss = process.memoryUsage().rss;
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
  };
  const sampler = setInterval(sample, 10);
  const source = new SoapGpSource({ url, companyId: -1, company: 'Fabrikam, Inc.' });
  const startedAt = performance.now();
  let detail = '';
  try {
    if (phase === 'idle') {
      for (const docType of DOC_TYPES)
        await source.listChanged({ docType, since: new Date().toISOString(), pageSize: 500 });
      (globalThis as { gc?: () => void }).gc?.();
      await new Promise((resolve) => setTimeout(resolve, 500));
      detail = 'one quiet poll of each of the four families';
    } else if (phase === 'backfill') {
      let after: { modifiedAt: string; key: string } | undefined;
      let documents = 0;
      let pages = 0;
      for (;;) {
        const page = await source.listChanged({
          docType: 'payables-invoice',
          since: new Date(Date.now() - 400 * DAY_MS).toISOString(),
          pageSize: 500,
          ...(after ? { after } : {}),
        });
        pages++;
        documents += page.documents.length;
        const last = page.documents.at(-1);
        if (!page.hasMore || !last) break;
        after = { modifiedAt: last.modifiedAt, key: last.key };
        sample();
      }
      const seconds = (performance.now() - startedAt) / 1000;
      detail = `${documents} documents in ${pages} pages, ${seconds.toFixed(1)} s, ${(documents / seconds).toFixed(0)} records/s`;
    } else if (phase === 'tree') {
      const since = new Date(Date.now() - treeWindowDays * DAY_MS).toISOString().slice(0, 23);
      const body = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Body><GetPayablesInvoiceList xmlns="http://schemas.microsoft.com/dynamics/gp/2006/01"><criteria><ModifiedDate><EqualValue xsi:nil="true"/><NotEqualValue xsi:nil="true"/><From>${since}</From><To xsi:nil="true"/><GreaterThan xsi:nil="true"/><LessThan xsi:nil="true"/></ModifiedDate></criteria><context><OrganizationKey xmlns="http://schemas.microsoft.com/dynamics/2006/01" xmlns:d="http://schemas.microsoft.com/dynamics/2006/01" xsi:type="d:CompanyKey"><Id>-1</Id></OrganizationKey><CurrencyType xmlns="http://schemas.microsoft.com/dynamics/2006/01">Transactional</CurrencyType></context></GetPayablesInvoiceList></soap:Body></soap:Envelope>`;
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'text/xml; charset=utf-8',
          soapaction: '"http://schemas.microsoft.com/dynamics/gp/2006/01/GetPayablesInvoiceList"',
        },
        body,
      });
      const text = await response.text();
      (globalThis as { gc?: () => void }).gc?.();
      const before = process.memoryUsage().heapUsed;
      const tree = new XMLParser({
        preserveOrder: true,
        ignoreAttributes: false,
        parseTagValue: false,
      }).parse(text);
      sample();
      const grown = process.memoryUsage().heapUsed - before;
      detail = `${(text.length / 1e6).toFixed(1)} MB of list XML (${treeWindowDays} days) parsed whole: heap +${(grown / 1e6).toFixed(0)} MB (${(grown / text.length).toFixed(0)} bytes per byte)`;
      if (!Array.isArray(tree)) throw new Error('no tree');
    }
  } finally {
    clearInterval(sampler);
    await source.close();
  }
  sample();
  return {
    phase,
    startRssMb: startRss / 1e6,
    peakRssMb: peakRss / 1e6,
    peakHeapMb: peakHeap / 1e6,
    maxRssMb: (process.resourceUsage().maxRSS * 1024) / 1e6,
    detail,
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
