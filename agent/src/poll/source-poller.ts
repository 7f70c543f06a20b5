import { type AlertFrame, type Clock, DocType, type Logger, type SourceStatus } from '@gprelay/shared';
import { AgentErrorCode, isAgentError } from '../errors';
import type { ChangePosition, GpSource } from '../gp/gp-source';
import { type Cursor, cursorTimeMs } from '../store/cursor';
import type { LocalStore } from '../store/local-store';
import { readVendorTable } from './vendor-table';

export interface SourcePollerOptions {
  source: GpSource;
  docType: DocType;
  store: LocalStore;
  clock: Clock;
  logger: Logger;
  /**
   * How far before the cursor each poll reads again: GP's ModifiedDate ties,
   * late commits and small clock differences land inside it, and re-reads of
   * unchanged documents are recognised by their version. Default 10 s.
   */
  lookbackMs?: number;
  /** On the very first poll, documents changed this long ago count as history (not posted). Default 5 min. */
  baselineWindowMs?: number;
  /** Documents asked of GP per page; each page is committed in one local transaction. Default 500. */
  pageSize?: number;
  /** Something was added to the outbox. */
  onEnqueued: () => void;
  /** An operator must see this. */
  onAlert: (alert: Omit<AlertFrame, 'type'>) => void;
}

export type PollOutcome =
  | { kind: 'baseline'; documents: number; pages: number }
  | {
      kind: 'polled';
      documents: number;
      enqueued: number;
      unchanged: number;
      rejected: number;
      pages: number;
    }
  | { kind: 'failed'; code: string; message: string };

/** Running totals of a sweep, reported after every page (backfill progress). */
export interface SweepProgress {
  pages: number;
  documents: number;
  enqueued: number;
  /** GP modification time of the last document read. */
  reachedAt: string | null;
}

/**
 * Polls one (company, docType): reads everything GP changed since the cursor
 * (minus the lookback), and hands it to the store, which appends new versions
 * to the outbox and advances the cursor in one transaction. The first poll
 * only records where "now" is. Never throws: failures become status and alerts.
 */
export class SourcePoller {
  #status: SourceStatus;
  #authFailing = false;
  readonly #lookbackMs: number;
  readonly #baselineWindowMs: number;
  readonly #pageSize: number;

  get company(): string {
    return this.options.source.company;
  }

  get docType(): DocType {
    return this.options.docType;
  }

  constructor(private readonly options: SourcePollerOptions) {
    this.#lookbackMs = options.lookbackMs ?? 10_000;
    this.#baselineWindowMs = options.baselineWindowMs ?? 5 * 60_000;
    this.#pageSize = options.pageSize ?? 500;
    this.#status = {
      company: options.source.company,
      docType: options.docType,
      lastSuccessAt: null,
      lastError: null,
      cursorLagMs: null,
    };
  }

  /** For status frames. `cursorLagMs` = time since the last successful poll: how stale our view of GP is. */
  status(): SourceStatus {
    const last = this.#status.lastSuccessAt;
    return {
      ...this.#status,
      cursorLagMs: last ? Math.max(0, this.options.clock.now() - Date.parse(last)) : null,
    };
  }

  /**
   * One poll: every page GP has from the cursor minus the lookback. The first
   * poll ever only records where GP is (a baseline), so installing the agent
   * does not flood Slack with history. Vendors: after the first poll that
   * succeeds (the baseline, or the first after an upgrade), the whole vendor
   * table is read once, posting nothing, so vendor changes can say what
   * changed; until that read succeeds, each poll tries it again.
   */
  async poll(signal?: AbortSignal): Promise<PollOutcome> {
    const { source, docType, store, clock } = this.options;
    const cursor = store.getCursor(source.company, docType);
    const sinceMs = cursor ? cursorTimeMs(cursor) - this.#lookbackMs : clock.now() - this.#baselineWindowMs;
    const outcome = await this.#sweep(
      new Date(sinceMs).toISOString(),
      cursor ? 'record' : 'baseline',
      signal,
    );
    if (outcome.kind === 'failed' || docType !== DocType.vendor || store.knowsVendorTable(source.company)) {
      return outcome;
    }
    try {
      const read = await readVendorTable({
        source,
        store,
        pageSize: this.#pageSize,
        ...(signal ? { signal } : {}),
      });
      this.options.logger.info('read the vendor table: vendor changes from here on say what changed', {
        company: source.company,
        vendors: read.vendors,
        pages: read.pages,
      });
    } catch (error) {
      return this.#failed(error);
    }
    return outcome;
  }

  /**
   * Posts history: every document changed since `since`, page by page, with
   * progress after each page. Documents already relayed are recognised by
   * their version and not posted again; the cursor never moves backwards.
   */
  async backfill(
    since: string,
    onProgress: (progress: SweepProgress) => void,
    signal?: AbortSignal,
  ): Promise<PollOutcome> {
    return this.#sweep(since, 'record', signal, onProgress);
  }

  async #sweep(
    since: string,
    mode: 'baseline' | 'record',
    signal?: AbortSignal,
    onProgress?: (progress: SweepProgress) => void,
  ): Promise<PollOutcome> {
    const { source, docType, store, clock, logger } = this.options;
    const company = source.company;
    const startedAt = clock.now();
    const progress: SweepProgress = { pages: 0, documents: 0, enqueued: 0, reachedAt: null };
    let unchanged = 0;
    const rejected: string[] = [];
    let after: ChangePosition | undefined;
    for (;;) {
      let page: Awaited<ReturnType<GpSource['listChanged']>>;
      try {
        page = await source.listChanged({
          docType,
          since,
          pageSize: this.#pageSize,
          ...(after ? { after } : {}),
          ...(signal ? { signal } : {}),
        });
      } catch (error) {
        // Pages already read are committed with their cursor; the next poll continues from there.
        if (progress.enqueued > 0) this.options.onEnqueued();
        return this.#failed(error);
      }
      const last = page.documents.at(-1);
      const pageCursor: Cursor = last
        ? { modifiedAt: last.modifiedAt, key: last.key }
        : { modifiedAt: emptyCursorTime(since, mode, page.serverTime, this.#baselineWindowMs), key: '' };
      const poll = { company, docType, cursor: pageCursor, documents: page.documents };
      const outcome = mode === 'baseline' ? store.recordBaseline(poll) : store.recordPoll(poll);
      progress.pages += 1;
      progress.documents += page.documents.length;
      progress.enqueued += outcome.enqueued;
      progress.reachedAt = last?.modifiedAt ?? progress.reachedAt;
      unchanged += outcome.unchanged;
      rejected.push(...outcome.rejected.map((r) => `${r.key}: ${r.reason}`));
      onProgress?.({ ...progress });
      if (outcome.enqueued > 0) this.options.onEnqueued();
      if (!page.hasMore || !last) break;
      after = { modifiedAt: last.modifiedAt, key: last.key };
    }
    this.#succeeded(startedAt);
    if (rejected.length > 0) {
      logger.warn('GP documents the cloud would refuse were skipped', {
        company,
        docType,
        rejected: rejected.slice(0, 20),
      });
      this.options.onAlert({
        code: 'gp.document_rejected',
        message: `${rejected.length} ${docType} document(s) from ${company} do not fit the protocol and were skipped`,
        details: { company, docType, first: rejected[0]!.slice(0, 500) },
      });
    }
    if (mode === 'baseline') {
      logger.info('first poll: recorded where GP is now; changes from here on will be posted', {
        company,
        docType,
        documents: progress.documents,
      });
      return { kind: 'baseline', documents: progress.documents, pages: progress.pages };
    }
    // Re-reads inside the lookback are routine: only news is worth an info line.
    (progress.enqueued > 0 ? logger.info : logger.debug)('polled', {
      company,
      docType,
      documents: progress.documents,
      enqueued: progress.enqueued,
      unchanged,
      pages: progress.pages,
    });
    return {
      kind: 'polled',
      documents: progress.documents,
      enqueued: progress.enqueued,
      unchanged,
      rejected: rejected.length,
      pages: progress.pages,
    };
  }

  #succeeded(startedAt: number): void {
    if (this.#authFailing) {
      this.options.logger.info('GP accepts our credentials again', { company: this.options.source.company });
    }
    this.#authFailing = false;
    this.#status = { ...this.#status, lastSuccessAt: new Date(startedAt).toISOString(), lastError: null };
  }

  #failed(error: unknown): PollOutcome {
    const { source, docType, logger } = this.options;
    const code = isAgentError(error) ? error.code : 'AGENT_UNEXPECTED';
    const message = error instanceof Error ? error.message : String(error);
    this.#status = { ...this.#status, lastError: message.slice(0, 500) };
    if (code === AgentErrorCode.gpAuth) {
      if (!this.#authFailing) {
        // One alert per failure streak, not one per poll.
        this.options.onAlert({
          code: 'gp.auth_failed',
          message: `GP refused the agent's credentials for ${source.company}: ${message}`.slice(0, 1000),
          details: { company: source.company, docType },
        });
      }
      this.#authFailing = true;
    }
    logger.warn('poll failed; the next cycle retries', {
      company: source.company,
      docType,
      code,
      error: message,
    });
    return { kind: 'failed', code, message };
  }
}

/**
 * Where a sweep that found nothing leaves the cursor. A first run that found
 * nothing anchors to GP's clock when GP told us its time: our own clock may be
 * ahead of GP's, and a cursor in GP's future would skip what GP stamps next.
 */
function emptyCursorTime(
  since: string,
  mode: 'baseline' | 'record',
  serverTime: string | null | undefined,
  windowMs: number,
): string {
  if (mode !== 'baseline' || !serverTime) return since;
  const gpWindowStart = Date.parse(serverTime) - windowMs;
  return Number.isFinite(gpWindowStart) && gpWindowStart < Date.parse(since)
    ? new Date(gpWindowStart).toISOString()
    : since;
}
