import {
  type ChangedDocument,
  type GpSource,
  LocalStore,
  SbaGpSource,
  type SbaGpSourceOptions,
  SourcePoller,
} from '@gprelay/agent';
import { type Clock, type Delta, type DocType, silentLogger } from '@gprelay/shared';
import type { GpSimulator } from '../gp-simulator';

/** The adapter as a field engineer would configure it for the simulator's default convention. */
export function sbaSourceFor(sim: GpSimulator, options: Partial<SbaGpSourceOptions> = {}): SbaGpSource {
  return new SbaGpSource({ baseUrl: `${sim.baseUrl}/GPService`, company: 'Fabrikam, Inc.', ...options });
}

/**
 * Every document a source lists for one family since `since`, driving
 * listChanged page by page the way the poller does (after = last of the page).
 */
export async function listAll(
  source: GpSource,
  docType: DocType,
  since: string,
  pageSize = 10_000,
): Promise<{ documents: ChangedDocument[]; pages: number; hasMoreEmpty: boolean }> {
  const documents: ChangedDocument[] = [];
  let pages = 0;
  let hasMoreEmpty = false;
  let after: { modifiedAt: string; key: string } | undefined;
  for (;;) {
    const page = await source.listChanged({ docType, since, pageSize, ...(after ? { after } : {}) });
    pages++;
    if (page.documents.length > pageSize) throw new Error(`page of ${page.documents.length} > ${pageSize}`);
    documents.push(...page.documents);
    const last = page.documents.at(-1);
    if (page.hasMore && !last) hasMoreEmpty = true;
    if (!page.hasMore || !last) return { documents, pages, hasMoreEmpty };
    after = { modifiedAt: last.modifiedAt, key: last.key };
  }
}

/**
 * The agent's real poller and store (in memory) over a source, for one
 * family: `delivered` is what reached the outbox, i.e. what the cloud gets.
 */
export class SbaPollRig {
  readonly store: LocalStore;
  readonly poller: SourcePoller;
  readonly delivered: Delta[] = [];

  /** Runs after each page the source returns (n counts pages of the current poll); tests change GP there. */
  afterPage: ((n: number) => void) | null = null;
  #pages = 0;

  constructor(source: GpSource, docType: DocType, clock: Clock, pageSize: number) {
    this.store = LocalStore.open(':memory:', { clock });
    const observed: GpSource = {
      kind: source.kind,
      company: source.company,
      docTypes: source.docTypes,
      close: () => source.close(),
      listChanged: async (request) => {
        const page = await source.listChanged(request);
        this.#pages += 1;
        this.afterPage?.(this.#pages);
        return page;
      },
    };
    this.poller = new SourcePoller({
      source: observed,
      docType,
      store: this.store,
      clock,
      logger: silentLogger,
      pageSize,
      lookbackMs: 10_000,
      onEnqueued: () => {},
      onAlert: () => {},
    });
  }

  async poll() {
    this.#pages = 0;
    const outcome = await this.poller.poll();
    for (;;) {
      const batch = this.store.nextBatch({ maxItems: 500, maxBytes: 1_000_000 });
      if (!batch) break;
      this.delivered.push(...batch.deltas);
      this.store.ack(batch.batchId);
    }
    return outcome;
  }

  /** (key@version) → times delivered; all must be 1. */
  deliveryCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const d of this.delivered)
      counts.set(`${d.key}@${d.version}`, (counts.get(`${d.key}@${d.version}`) ?? 0) + 1);
    return counts;
  }

  lastStates(): Map<string, string> {
    return new Map(this.delivered.map((d) => [d.key, d.state]));
  }

  close(): void {
    this.store.close();
  }
}

/** The failure of a promise that must fail, as { code, retryable, message }. */
export async function failureOf(
  promise: Promise<unknown>,
): Promise<{ code: string; retryable: boolean; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; retryable: boolean; message: string };
  }
  throw new Error('expected a failure');
}
