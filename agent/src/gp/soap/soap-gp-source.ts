import { type Clock, DocType, type Logger, silentLogger, systemClock } from '@gprelay/shared';
import { Agent, type Dispatcher } from 'undici';
import { AgentError, AgentErrorCode } from '../../errors';
import {
  type ChangedDocument,
  type ChangedPage,
  comparePositions,
  type GpSource,
  type ListChangedRequest,
} from '../gp-source';
import { mapBounded } from './bounded-map';
import { GpSoapClient } from './gp-soap-client';
import { GpValueError, toGpDateTime } from './gp-values';
import { type HttpAuthenticator, noAuthentication } from './http-authenticator';
import { docStateOf, readInvoiceSummaries, readPayablesInvoice } from './payables-invoice-mapper';
import {
  type GpCallContext,
  getPayablesInvoiceByKeyXml,
  getPayablesInvoiceListXml,
} from './payables-requests';

export interface SoapGpSourceOptions {
  /** Legacy endpoint URL, e.g. http://gp:48620/DynamicsGPWebServices/DynamicsGPService.asmx. */
  url: string;
  /** GP company id (CompanyKey.Id); Fabrikam is -1. */
  companyId: number;
  /** Company display name; becomes `company` of the source and `companyName` of records. */
  company: string;
  /** Budget of one SOAP call (connect + headers + body), ms. Default 30,000. */
  timeoutMs?: number;
  /** GetPayablesInvoiceByKey calls in flight at once. Default 4. */
  maxConcurrentRequests?: number;
  /**
   * Cap on one response body, bytes. GP has no paging, and parsing costs about
   * 40 bytes of memory per byte of XML (fast-xml-parser tree + ours), so the
   * default 32 MiB (≈22,000 changed invoices in one poll) keeps the agent
   * under ~1.5 GB; a bigger burst fails the poll with AGENT_GP_PROTOCOL
   * instead of exhausting the heap.
   */
  maxResponseBytes?: number;
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
const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * GpSource over GP Web Services, legacy SOAP endpoint (research §4). A poll is
 * one GetPayablesInvoiceList with a ModifiedDate lower bound, then one
 * GetPayablesInvoiceByKey per listed invoice for the fields the summary lacks
 * (VendorDocumentNumber, Terms.DueDate, IsVoided).
 */
export class SoapGpSource implements GpSource {
  readonly kind = 'gp-soap';
  readonly company: string;
  private readonly client: GpSoapClient;
  private readonly context: GpCallContext;
  private readonly maxConcurrent: number;
  private readonly ownedDispatcher: Agent | undefined;
  private readonly logger: Logger;

  constructor(options: SoapGpSourceOptions) {
    const url = parseUrl(options.url);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxConcurrent = options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT;
    const problems: string[] = [];
    if (!Number.isInteger(options.companyId) || options.companyId < -32_768 || options.companyId > 32_767) {
      problems.push(`companyId must be a GP company id (a small integer), got ${options.companyId}`);
    }
    if (options.company.trim() === '' || options.company.length > 65)
      problems.push('company must be 1 to 65 characters');
    if (!(timeoutMs > 0)) problems.push(`timeoutMs must be > 0, got ${timeoutMs}`);
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1)
      problems.push(`maxConcurrentRequests must be ≥ 1, got ${maxConcurrent}`);
    if (problems.length > 0)
      throw new AgentError(AgentErrorCode.config, `GP SOAP source: ${problems.join('; ')}`);

    this.company = options.company;
    this.maxConcurrent = maxConcurrent;
    this.logger = options.logger ?? silentLogger;
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
      clock: options.clock ?? systemClock,
      logger: this.logger,
    });
  }

  readonly docTypes = [DocType.payablesInvoice] as const;

  /**
   * One page of invoices GP reports as modified at or after `since`
   * (inclusive), after `request.after`, in (modifiedAt, key) order. GP cannot
   * page, so the list starts at the later of `since` and `after` and the page
   * is cut here; details are fetched for that page only. `modifiedAt` is the
   * list's ModifiedDate: the details may be a little newer when a document
   * changes between the two calls, but the cursor must never move past
   * changes the list did not see.
   */
  async listChanged(request: ListChangedRequest): Promise<ChangedPage> {
    if (request.docType !== DocType.payablesInvoice) {
      throw new AgentError(AgentErrorCode.config, `the GP SOAP source does not read ${request.docType} yet`);
    }
    let from: string;
    const lowerBound =
      request.after && Date.parse(request.after.modifiedAt) > Date.parse(request.since)
        ? request.after.modifiedAt
        : request.since;
    try {
      from = toGpDateTime(lowerBound);
    } catch (error) {
      if (error instanceof GpValueError)
        throw new AgentError(AgentErrorCode.config, `listChanged: since ${error.message}`);
      throw error;
    }
    const list = await this.client.call(
      'GetPayablesInvoiceList',
      getPayablesInvoiceListXml(from, this.context),
      request.signal,
    );
    const after = request.after;
    const listed = readInvoiceSummaries(list)
      .map((summary) => ({
        summary,
        position: { modifiedAt: summary.modifiedAt, key: summary.voucherNumber },
      }))
      .filter(({ position }) => after === undefined || comparePositions(position, after) > 0)
      .sort((a, b) => comparePositions(a.position, b.position));
    const summaries = listed.slice(0, request.pageSize).map(({ summary }) => summary);
    const details = await mapBounded(
      summaries,
      this.maxConcurrent,
      async (summary, signal) =>
        readPayablesInvoice(
          await this.client.call(
            'GetPayablesInvoiceByKey',
            getPayablesInvoiceByKeyXml(summary.voucherNumber, this.context),
            signal,
          ),
          this.company,
        ),
      request.signal,
    );
    const changed: ChangedDocument[] = [];
    summaries.forEach((summary, index) => {
      const record = details[index];
      if (record === null || record === undefined) {
        // [U] GP may answer an empty result for a document deleted between the two calls.
        this.logger.info('gp invoice vanished between list and detail', {
          voucherNumber: summary.voucherNumber,
        });
        return;
      }
      if (record.voucherNumber !== summary.voucherNumber) {
        throw new AgentError(
          AgentErrorCode.gpProtocol,
          `GetPayablesInvoiceByKey for ${summary.voucherNumber} returned voucher ${record.voucherNumber}`,
        );
      }
      changed.push({
        docType: DocType.payablesInvoice,
        key: record.voucherNumber,
        modifiedAt: summary.modifiedAt,
        state: docStateOf(record.transactionState, record.voided),
        record,
      });
    });
    return {
      documents: changed.sort((a, b) => compare(a.modifiedAt, b.modifiedAt) || compare(a.key, b.key)),
      hasMore: listed.length > summaries.length,
    };
  }

  /** Closes the keep-alive connections this source opened (not a dispatcher passed in). */
  async close(): Promise<void> {
    await this.ownedDispatcher?.close();
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
