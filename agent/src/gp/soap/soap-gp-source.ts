import { type Clock, DOC_TYPES, type DocType, type Logger, silentLogger, systemClock } from '@gprelay/shared';
import { Agent, type Dispatcher } from 'undici';
import { AgentError, AgentErrorCode } from '../../errors';
import type { ChangedDocument, ChangedPage, GpSource, ListChangedRequest } from '../gp-source';
import { mapBounded } from './bounded-map';
import { collectChangedPage, INITIAL_SPAN_MS, type WindowSpan } from './change-windows';
import { DetailCache } from './detail-cache';
import { GpSoapClient } from './gp-soap-client';
import { GpValueError, toGpDateTime } from './gp-values';
import { type HttpAuthenticator, noAuthentication } from './http-authenticator';
import type { GpCallContext } from './payables-requests';
import { type Listed, type SoapFamily, soapFamilies } from './soap-families';

export interface SoapGpSourceOptions {
  /** Legacy endpoint URL, e.g. http://gp:48620/DynamicsGPWebServices/DynamicsGPService.asmx. */
  url: string;
  /** GP company id (CompanyKey.Id); Fabrikam is -1. */
  companyId: number;
  /** Company display name; becomes `company` of the source and `companyName` of records. */
  company: string;
  /** Budget of one SOAP call (connect + headers + body), ms. Default 30,000. */
  timeoutMs?: number;
  /** By-key calls in flight at once. Default 4. */
  maxConcurrentRequests?: number;
  /**
   * Cap on one by-key response body, bytes; those are parsed whole (about 40
   * bytes of memory per byte of XML). Default 4 MiB: a PO with a thousand
   * lines is well under it. List responses are streamed, never held whole,
   * so no cap applies to them: memory stays at one page of summaries.
   */
  maxResponseBytes?: number;
  /** The families this source reads. Default all four. */
  docTypes?: readonly DocType[];
  /** GL: relay unposted (work) journals too. Default false: posted journals only. */
  includeUnpostedJournals?: boolean;
  /**
   * Payables: 'combined' (default) reads invoices, returns and credit memos
   * with one GetPayablesDocumentList per window; 'per-type' uses the three
   * per-type lists (three requests per window), for a GP whose security
   * roles allow only those.
   */
  payablesLists?: 'combined' | 'per-type';
  /**
   * Documents remembered by (key, ModifiedDate), per family, so a re-listed,
   * unchanged document costs no by-key call. Default 2,000 per family; each
   * list drops what was modified before its start (no later list shows it),
   * so a backfill's pages do not stay in memory after it.
   */
  detailCacheSize?: number;
  /** Context.CultureName. Default 'en-US'. */
  cultureName?: string;
  /** undici dispatcher; default: an own keep-alive Agent with `maxConcurrentRequests` connections. */
  dispatcher?: Dispatcher;
  /** Default: none (anonymous). */
  authenticator?: HttpAuthenticator;
  clock?: Clock;
  logger?: Logger;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_CONCURRENT = 4;
const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const DEFAULT_DETAIL_CACHE_SIZE = 2_000;
/** More than any clock skew a Kerberos-authenticated GP tolerates (5 min), by far. */
const UNKNOWN_GP_CLOCK_SLACK_MS = 86_400_000;

/**
 * GpSource over GP Web Services, legacy SOAP endpoint (research §4), for all
 * four families. A page is read by ModifiedDate windows (GP cannot page; see
 * change-windows.ts), each list answer streamed through a SAX parser into a
 * bounded page, then one by-key call per document of the page for the fields
 * the summaries lack, at most `maxConcurrentRequests` at once, skipped for
 * documents fetched before with the same ModifiedDate.
 *
 * Requests per poll and family: one list request per window (a regular
 * poll's window is open-ended: one) — three for payables in 'per-type' mode —
 * plus one by-key call per changed document not in the cache.
 */
export class SoapGpSource implements GpSource {
  readonly kind = 'gp-soap';
  readonly company: string;
  readonly docTypes: readonly DocType[];
  private readonly client: GpSoapClient;
  private readonly context: GpCallContext;
  private readonly maxConcurrent: number;
  private readonly ownedDispatcher: Agent | undefined;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly families: ReadonlyMap<DocType, SoapFamily>;
  private readonly spans = new Map<DocType, WindowSpan>();
  private readonly details = new Map<DocType, DetailCache<ChangedDocument>>();
  private readonly detailCacheSize: number;
  /** GP's clock from the last Date header, and our clock when we saw it. */
  private gpClock: { gpMs: number; atMs: number } | undefined;
  /** GP has answered a list; without a Date header our own clock stands in for GP's. */
  private answered = false;

  constructor(options: SoapGpSourceOptions) {
    const url = parseUrl(options.url);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxConcurrent = options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT;
    const docTypes = options.docTypes ?? DOC_TYPES;
    const problems: string[] = [];
    if (!Number.isInteger(options.companyId) || options.companyId < -32_768 || options.companyId > 32_767) {
      problems.push(`companyId must be a GP company id (a small integer), got ${options.companyId}`);
    }
    if (options.company.trim() === '' || options.company.length > 65)
      problems.push('company must be 1 to 65 characters');
    if (!(timeoutMs > 0)) problems.push(`timeoutMs must be > 0, got ${timeoutMs}`);
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1)
      problems.push(`maxConcurrentRequests must be ≥ 1, got ${maxConcurrent}`);
    const unknown = docTypes.filter((docType) => !DOC_TYPES.includes(docType));
    if (unknown.length > 0 || docTypes.length === 0)
      problems.push(
        `docTypes must name some of ${DOC_TYPES.join(', ')}, got ${docTypes.join(', ') || 'none'}`,
      );
    if (options.payablesLists !== undefined && !['combined', 'per-type'].includes(options.payablesLists))
      problems.push(`payablesLists must be 'combined' or 'per-type', got ${options.payablesLists}`);
    if (problems.length > 0)
      throw new AgentError(AgentErrorCode.config, `GP SOAP source: ${problems.join('; ')}`);

    this.company = options.company;
    this.docTypes = Object.freeze([...new Set(docTypes)]);
    this.maxConcurrent = maxConcurrent;
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.context = { companyId: options.companyId, cultureName: options.cultureName ?? 'en-US' };
    this.ownedDispatcher =
      options.dispatcher === undefined
        ? new Agent({
            connections: maxConcurrent,
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
            connect: { timeout: Math.min(timeoutMs, 10_000) },
          })
        : undefined;
    this.client = new GpSoapClient({
      url,
      timeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      dispatcher: options.dispatcher ?? this.ownedDispatcher!,
      authenticator: options.authenticator ?? noAuthentication,
      clock: this.clock,
      logger: this.logger,
    });
    this.families = soapFamilies({
      client: this.client,
      context: this.context,
      company: this.company,
      includeUnpostedJournals: options.includeUnpostedJournals ?? false,
      payablesLists: options.payablesLists ?? 'combined',
    });
    this.detailCacheSize = options.detailCacheSize ?? DEFAULT_DETAIL_CACHE_SIZE;
  }

  /**
   * One page of documents GP reports as modified at or after `since`
   * (inclusive), strictly after `request.after`, in (modifiedAt, key) order,
   * with an exact `hasMore`. `modifiedAt` is the list's ModifiedDate: the
   * details may be a little newer when a document changes between the two
   * calls, but the cursor must never move past changes the list did not see
   * (the next poll lists the document again at its new time).
   */
  async listChanged(request: ListChangedRequest): Promise<ChangedPage> {
    const family = this.docTypes.includes(request.docType) ? this.families.get(request.docType) : undefined;
    if (family === undefined) {
      throw new AgentError(
        AgentErrorCode.config,
        `this GP SOAP source does not read ${request.docType} (it reads ${this.docTypes.join(', ')})`,
      );
    }
    if (!Number.isInteger(request.pageSize) || request.pageSize < 1)
      throw new AgentError(
        AgentErrorCode.config,
        `listChanged: pageSize must be ≥ 1, got ${request.pageSize}`,
      );
    const sinceMs = instantOf('since', request.since);
    const after = request.after && {
      key: request.after.key,
      modifiedMs: instantOf('after.modifiedAt', request.after.modifiedAt),
    };
    // Documents modified before this list's start cannot be listed again from here on.
    this.detailsOf(family.docType).forgetModifiedBefore(Math.max(sinceMs, after?.modifiedMs ?? sinceMs));
    let span = this.spans.get(family.docType);
    if (span === undefined) {
      span = { spanMs: INITIAL_SPAN_MS };
      this.spans.set(family.docType, span);
    }
    let serverTime: string | null = null;
    const collected = await collectChangedPage<Listed>({
      lowerMs: Math.max(sinceMs, after?.modifiedMs ?? sinceMs),
      after,
      pageSize: request.pageSize,
      span,
      ...(family.maxWindowMs !== undefined ? { maxSpanMs: family.maxWindowMs } : {}),
      gpNowMs: () => this.gpNowMs(),
      listWindow: async (window, offer) => {
        let listed = 0;
        for (const call of family.listCalls(window)) {
          const result = await this.client.stream(
            call.operation,
            call.payload,
            (item) => {
              const summary = call.read(item);
              if (summary !== null) offer(summary);
            },
            request.signal,
          );
          listed += result.items;
          this.answered = true;
          if (result.serverTime !== null) {
            serverTime = result.serverTime;
            this.gpClock = { gpMs: Date.parse(result.serverTime), atMs: this.clock.now() };
          }
        }
        return listed;
      },
    });
    const documents = await this.fetchDetails(family, collected.page, request.signal);
    return { documents, hasMore: collected.hasMore, serverTime };
  }

  /** Closes the keep-alive connections this source opened (not a dispatcher passed in). */
  async close(): Promise<void> {
    await this.ownedDispatcher?.close();
  }

  private detailsOf(docType: DocType): DetailCache<ChangedDocument> {
    let details = this.details.get(docType);
    if (details === undefined) {
      details = new DetailCache(this.detailCacheSize);
      this.details.set(docType, details);
    }
    return details;
  }

  private async fetchDetails(
    family: SoapFamily,
    page: readonly Listed[],
    signal: AbortSignal | undefined,
  ): Promise<ChangedDocument[]> {
    const details = this.detailsOf(family.docType);
    const fetched = await mapBounded(
      page,
      this.maxConcurrent,
      async (summary, callSignal) => {
        const cached = details.get(summary.key, summary.modifiedAt);
        if (cached !== undefined) return cached;
        const document = await family.fetch(summary, callSignal);
        if (document !== null) details.set(summary.key, summary.modifiedAt, document);
        return document;
      },
      signal,
    );
    const documents: ChangedDocument[] = [];
    fetched.forEach((document, index) => {
      // [U] GP may answer an empty result for a document deleted between the two calls.
      if (document === null) {
        this.logger.info('gp document vanished between list and detail', {
          docType: family.docType,
          key: page[index]!.key,
        });
        return;
      }
      documents.push(document);
    });
    return documents;
  }

  /**
   * GP's now: its last Date header plus the time our clock says has passed
   * since (Date is to the second, so up to a second behind); our clock when
   * GP sends no Date. Before GP has answered at all, our clock less a day:
   * a regular poll (lower bound seconds ago) is still asked open-ended
   * whatever the skew, while a backfill starts with a bounded window instead
   * of listing the whole table in one answer (which could outlast the call
   * deadline, again on every retry). Only decides whether a window is asked
   * open-ended, never what is delivered.
   */
  private gpNowMs(): number {
    if (this.gpClock !== undefined) return this.gpClock.gpMs + (this.clock.now() - this.gpClock.atMs);
    return this.clock.now() - (this.answered ? 0 : UNKNOWN_GP_CLOCK_SLACK_MS);
  }
}

function instantOf(name: string, value: string): number {
  try {
    return Date.parse(`${toGpDateTime(value)}Z`);
  } catch (error) {
    if (error instanceof GpValueError)
      throw new AgentError(AgentErrorCode.config, `listChanged: ${name} ${error.message}`);
    throw error;
  }
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AgentError(AgentErrorCode.config, `GP SOAP source: '${text}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AgentError(
      AgentErrorCode.config,
      `GP SOAP source: the URL must be http or https, got ${url.protocol}`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new AgentError(
      AgentErrorCode.config,
      'GP SOAP source: credentials do not belong in the URL; they live in the vault',
    );
  }
  return url;
}
