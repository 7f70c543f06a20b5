import type { AlertFrame, Clock, DocType, Logger, SourceStatus } from '@gprelay/shared';
import { AgentErrorCode, isAgentError } from '../errors';
import type { ChangedDocument, GpSource } from '../gp/gp-source';
import { type Cursor, cursorTimeMs } from '../store/cursor';
import type { LocalStore } from '../store/local-store';

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
  /** Documents committed per local transaction. Default 500. */
  chunkSize?: number;
  /** Something was added to the outbox. */
  onEnqueued: () => void;
  /** An operator must see this. */
  onAlert: (alert: Omit<AlertFrame, 'type'>) => void;
}

export type PollOutcome =
  | { kind: 'baseline'; documents: number }
  | { kind: 'polled'; documents: number; enqueued: number; unchanged: number; rejected: number }
  | { kind: 'failed'; code: string; message: string };

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
  readonly #chunkSize: number;

  constructor(private readonly options: SourcePollerOptions) {
    this.#lookbackMs = options.lookbackMs ?? 10_000;
    this.#baselineWindowMs = options.baselineWindowMs ?? 5 * 60_000;
    this.#chunkSize = options.chunkSize ?? 500;
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

  async poll(signal?: AbortSignal): Promise<PollOutcome> {
    const { source, docType, store, clock, logger } = this.options;
    const company = source.company;
    const startedAt = clock.now();
    const cursor = store.getCursor(company, docType);
    const sinceMs = cursor ? cursorTimeMs(cursor) - this.#lookbackMs : startedAt - this.#baselineWindowMs;
    let documents: ChangedDocument[];
    try {
      documents = await source.listChanged({
        docType,
        since: new Date(sinceMs).toISOString(),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      return this.#failed(error);
    }
    this.#succeeded(startedAt);

    if (!cursor) {
      const baseline: Cursor = documents.at(-1) ?? { modifiedAt: new Date(sinceMs).toISOString(), key: '' };
      store.recordBaseline({ company, docType, cursor: tail(baseline), documents });
      logger.info('first poll: recorded where GP is now; changes from here on will be posted', {
        company,
        docType,
        documents: documents.length,
      });
      return { kind: 'baseline', documents: documents.length };
    }
    let enqueued = 0;
    let unchanged = 0;
    const rejected: string[] = [];
    for (let i = 0; i < documents.length; i += this.#chunkSize) {
      const chunk = documents.slice(i, i + this.#chunkSize);
      const outcome = store.recordPoll({ company, docType, cursor: tail(chunk.at(-1)!), documents: chunk });
      enqueued += outcome.enqueued;
      unchanged += outcome.unchanged;
      rejected.push(...outcome.rejected.map((r) => `${r.key}: ${r.reason}`));
    }
    if (enqueued > 0) this.options.onEnqueued();
    if (rejected.length > 0) {
      logger.warn('GP documents the cloud would refuse were skipped', { company, docType, rejected });
      this.options.onAlert({
        code: 'gp.document_rejected',
        message: `${rejected.length} ${docType} document(s) from ${company} do not fit the protocol and were skipped`,
        details: { company, docType, first: rejected[0]!.slice(0, 500) },
      });
    }
    // Re-reads inside the lookback are routine: only news is worth an info line.
    (enqueued > 0 ? logger.info : logger.debug)('polled', {
      company,
      docType,
      documents: documents.length,
      enqueued,
      unchanged,
    });
    return { kind: 'polled', documents: documents.length, enqueued, unchanged, rejected: rejected.length };
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

function tail(cursor: Cursor): Cursor {
  return { modifiedAt: cursor.modifiedAt, key: cursor.key };
}
