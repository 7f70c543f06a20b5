import {
  type ChangedPage,
  type GpSource,
  type ListChangedRequest,
  LocalStore,
  SoapGpSource,
  SourcePoller,
} from '@gprelay/agent';
import { type Clock, type Delta, type DocType, silentLogger } from '@gprelay/shared';
import type { GpSimulator } from '../gp-sim';

/** A clock a test sets and moves; shared by the agent side and (offset) by the simulator. */
export class TestClock implements Clock {
  constructor(public ms: number) {}
  now(): number {
    return this.ms;
  }
}

/**
 * The agent's polling path, in process: a real source (SOAP or SBA against
 * the simulator), the real poller and the real store (in memory), for one
 * family. `delivered` is what reached the outbox, which is what the cloud
 * will receive.
 */
export class PollRig {
  readonly store: LocalStore;
  readonly poller: SourcePoller;
  readonly delivered: Delta[] = [];
  /** Runs after each page the source returns (n counts pages of the current poll); tests change GP there. */
  afterPage: ((page: ChangedPage, n: number) => void) | null = null;
  #pages = 0;

  /** The SOAP source over the simulator's payables invoices, owned (closed) by the rig. */
  static soap(
    sim: GpSimulator,
    clock: Clock,
    options: { pageSize?: number; timeoutMs?: number; lookbackMs?: number } = {},
  ): PollRig {
    const source = new SoapGpSource({
      url: sim.soapUrl,
      companyId: -1,
      company: 'Fabrikam, Inc.',
      clock,
      timeoutMs: options.timeoutMs ?? 10_000,
    });
    return new PollRig(source, 'payables-invoice', clock, options, { ownsSource: true });
  }

  constructor(
    readonly source: GpSource,
    docType: DocType,
    readonly clock: Clock,
    options: { pageSize?: number; lookbackMs?: number } = {},
    private readonly ownership: { ownsSource: boolean } = { ownsSource: false },
  ) {
    this.store = LocalStore.open(':memory:', { clock });
    const rig = this;
    const observed: GpSource = {
      kind: source.kind,
      company: source.company,
      docTypes: source.docTypes,
      close: () => source.close(),
      async listChanged(request: ListChangedRequest) {
        const page = await source.listChanged(request);
        rig.#pages += 1;
        rig.afterPage?.(page, rig.#pages);
        return page;
      },
    };
    this.poller = new SourcePoller({
      source: observed,
      docType,
      store: this.store,
      clock,
      logger: silentLogger,
      pageSize: options.pageSize ?? 500,
      lookbackMs: options.lookbackMs ?? 10_000,
      onEnqueued: () => {},
      onAlert: () => {},
    });
  }

  /** Polls once and moves what it enqueued into `delivered`, acking it as the cloud would. */
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

  /** How many times each (key, version) reached the cloud; every value must be 1. */
  deliveryCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const d of this.delivered)
      counts.set(`${d.key}@${d.version}`, (counts.get(`${d.key}@${d.version}`) ?? 0) + 1);
    return counts;
  }

  /** The last delivered state of each key. */
  lastStates(): Map<string, string> {
    return new Map(this.delivered.map((d) => [d.key, d.state]));
  }

  async close(): Promise<void> {
    this.store.close();
    if (this.ownership.ownsSource) await this.source.close();
  }
}
