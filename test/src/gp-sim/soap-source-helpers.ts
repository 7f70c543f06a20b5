import type { ChangedDocument } from '@gprelay/agent';
import { SoapGpSource, type SoapGpSourceOptions } from '@gprelay/agent';
import type { DocType } from '@gprelay/shared';
import { type GpSimulator, type GpSimulatorOptions, startGpSimulator } from './gp-simulator';

/** A hand-stepped clock: the source's (the agent's), and the simulator's (GP's) plus an optional skew. */
export interface TestClock {
  ms: number;
  now(): number;
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** A simulator and a SOAP source on it; `close` stops both. */
export async function simulatorWithSource(
  startMs: number,
  simOptions: GpSimulatorOptions = {},
  sourceOptions: Partial<SoapGpSourceOptions> = {},
  /** How far GP's clock runs ahead of the agent's (negative: behind). */
  gpAheadMs = 0,
): Promise<{ sim: GpSimulator; source: SoapGpSource; clock: TestClock; close(): Promise<void> }> {
  const clock: TestClock = { ms: startMs, now: () => clock.ms };
  const gpClock = { now: () => clock.ms + gpAheadMs };
  const sim = await startGpSimulator({ clock: gpClock, seed: 5, vendors: 30, invoices: 150, ...simOptions });
  const source = new SoapGpSource({
    url: sim.soapUrl,
    companyId: -1,
    company: 'Fabrikam, Inc.',
    clock,
    ...sourceOptions,
  });
  return {
    sim,
    source,
    clock,
    async close() {
      await source.close();
      await sim.close();
    },
  };
}

/**
 * Reads every page from `sinceMs` exactly as the poller does: the next page
 * starts after the last document of the previous one, and a page without
 * `hasMore` (or without documents) ends the sweep.
 */
export async function sweep(
  source: SoapGpSource,
  docType: DocType,
  sinceMs: number,
  pageSize = 500,
): Promise<{ documents: ChangedDocument[]; pages: number; serverTimes: (string | null | undefined)[] }> {
  const documents: ChangedDocument[] = [];
  const serverTimes: (string | null | undefined)[] = [];
  let after: { modifiedAt: string; key: string } | undefined;
  let pages = 0;
  for (;;) {
    const page = await source.listChanged({
      docType,
      since: iso(sinceMs),
      pageSize,
      ...(after ? { after } : {}),
    });
    pages++;
    serverTimes.push(page.serverTime);
    documents.push(...page.documents);
    const last = page.documents.at(-1);
    if (!page.hasMore || last === undefined) break;
    after = { modifiedAt: last.modifiedAt, key: last.key };
  }
  return { documents, pages, serverTimes };
}

/** The one document with this key in a sweep; fails when there are none or several. */
export function only(documents: readonly ChangedDocument[], key: string): ChangedDocument {
  const found = documents.filter((document) => document.key === key);
  if (found.length !== 1) throw new Error(`expected one document ${key}, found ${found.length}`);
  return found[0]!;
}
