import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { loadConfig, type RunningCloud, startCloud } from '@gprelay/cloud';
import type { Delta } from '@gprelay/shared';
import postgres from 'postgres';
import { OPERATOR_TOKEN, operatorApi } from '../harness/operator-api';
import { ProtocolAgent } from '../harness/protocol-agent';
import { startPostgresCluster } from '../postgres/cluster';
import { createDatabase } from '../postgres/create-database';
import { printTable } from './bench-table';

const BATCH = 500;
const WINDOW = 4;

/**
 * Ingest: deltas/s the cloud accepts from an agent socket (schema check,
 * dedupe, routing, hash-chained audit, ack after commit), beside a plain
 * multi-row INSERT of the same rows into one table on the same engine.
 */
export async function ingestBench(count: number): Promise<void> {
  const deltas = Array.from({ length: count }, (_, i) => sampleDelta(i));
  const rows: Array<Array<string | number>> = [];
  const cluster = await startPostgresCluster();
  try {
    const url = await createDatabase(cluster.url, 'bench');
    const ours = await measureCloud(
      { DATABASE_URL: url, MASTER_KEY: 'cd'.repeat(32), OPERATOR_TOKEN },
      deltas,
    );
    const plain = await plainInsertPostgres(await createDatabase(cluster.url, 'bench_plain'), deltas);
    rows.push(['Postgres 15', ours, plain, ours / plain, '≥ 0.30']);
  } finally {
    await cluster.stop();
  }
  const dir = mkdtempSync(join(tmpdir(), 'gprelay-bench-'));
  try {
    const ours = await measureCloud({ DATA_DIR: join(dir, 'cloud'), OPERATOR_TOKEN }, deltas);
    const plain = await plainInsertPglite(deltas);
    rows.push(['PGlite', ours, plain, ours / plain, '≥ 0.30']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(
    `Ingest of ${count.toLocaleString('en-US')} deltas in frames of ${BATCH}`,
    ['engine', 'cloud ingest (deltas/s)', 'plain INSERT (rows/s)', 'ratio', 'target'],
    rows,
  );
}

async function measureCloud(env: Record<string, string>, deltas: Delta[]): Promise<number> {
  const cloud = await startCloud(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env }), {
    logger: false,
  });
  try {
    await cloud.dispatcher.stop(); // measure ingest alone: nothing is posted
    const agent = await connectAgent(cloud);
    const started = performance.now();
    await sendAll(agent, deltas);
    const seconds = (performance.now() - started) / 1000;
    agent.close();
    return deltas.length / seconds;
  } finally {
    await cloud.close();
  }
}

/** A tenant with one rule for invoices, and an agent enrolled to it and connected. */
async function connectAgent(cloud: RunningCloud): Promise<ProtocolAgent> {
  const api = operatorApi(() => cloud);
  const call = async <T>(url: string, payload: object) => {
    const response = await api<T>('POST', url, payload);
    if (response.status >= 300) throw new Error(`${url}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const tenant = await call<{ id: string }>('/api/tenants', { name: 'Bench' });
  await call(`/api/tenants/${tenant.id}/rules`, { docTypes: ['payables-invoice'], channelId: 'C0BENCH0001' });
  const { code } = await call<{ code: string }>(`/api/tenants/${tenant.id}/enrollment-codes`, {});
  return ProtocolAgent.enrollAndConnect(cloud.url, code);
}

/** Sends every delta in frames of BATCH with WINDOW frames in flight, as the agent does; resolves on the last ack. */
async function sendAll(agent: ProtocolAgent, deltas: Delta[]): Promise<void> {
  const batches: Delta[][] = [];
  for (let i = 0; i < deltas.length; i += BATCH) batches.push(deltas.slice(i, i + BATCH));
  let next = 0;
  const lane = async () => {
    while (next < batches.length) await agent.send(batches[next++]!);
  };
  await Promise.all(Array.from({ length: WINDOW }, lane));
}

const PLAIN_TABLE =
  'create table plain (tenant_id text, event_id text, payload jsonb, primary key (tenant_id, event_id))';

async function plainInsertPostgres(url: string, deltas: Delta[]): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(PLAIN_TABLE);
    const started = performance.now();
    for (let i = 0; i < deltas.length; i += BATCH) {
      const rows = deltas
        .slice(i, i + BATCH)
        .map((d) => ({ tenant_id: 't', event_id: d.eventId, payload: sql.json(d as never) }));
      await sql`insert into plain ${sql(rows)}`;
    }
    return deltas.length / ((performance.now() - started) / 1000);
  } finally {
    await sql.end();
  }
}

async function plainInsertPglite(deltas: Delta[]): Promise<number> {
  const db = await PGlite.create('memory://');
  try {
    await db.exec(PLAIN_TABLE);
    const started = performance.now();
    for (let i = 0; i < deltas.length; i += BATCH) {
      const batch = deltas.slice(i, i + BATCH);
      const values = batch.map((_, j) => `('t', $${2 * j + 1}, $${2 * j + 2})`).join(',');
      await db.query(
        `insert into plain values ${values}`,
        batch.flatMap((d) => [d.eventId, JSON.stringify(d)]),
      );
    }
    return deltas.length / ((performance.now() - started) / 1000);
  } finally {
    await db.close();
  }
}

function sampleDelta(i: number): Delta {
  const key = String(100_000 + i).padStart(17, '0');
  return {
    eventId: createHash('sha256').update(`bench:${i}`).digest('hex'),
    company: 'Fabrikam, Inc.',
    docType: 'payables-invoice',
    key,
    version: 'v1',
    op: 'upsert',
    modifiedAt: new Date(Date.UTC(2026, 10, 25, 10, 0, 0, i)).toISOString(),
    state: 'unposted',
    record: {
      voucherNumber: key,
      kind: 'invoice',
      documentNumber: `INV-${i}`,
      vendorId: `VEND${i % 300}`,
      vendorName: `Vendor number ${i % 300}`,
      amount: { value: `${(i % 9000) + 100}.25`, currency: 'USD', decimalDigits: 2 },
      documentDate: '2026-11-25',
      dueDate: '2026-12-25',
      batchId: 'AP261125',
      transactionState: 'work',
      hold: null,
      voided: false,
      companyName: 'Fabrikam, Inc.',
    },
  };
}
