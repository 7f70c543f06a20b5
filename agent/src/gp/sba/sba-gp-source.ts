import { type DocType, type Logger, silentLogger, systemClock } from '@gprelay/shared';
import { Agent } from 'undici';
import { AgentError, AgentErrorCode } from '../../errors';
import {
  type ChangedDocument,
  type ChangedPage,
  type ChangePosition,
  comparePositions,
  type GpSource,
  type ListChangedRequest,
} from '../gp-source';
import { mapBounded } from '../soap/bounded-map';
import { noAuthentication } from '../soap/http-authenticator';
import { isJsonObject, type JsonObject, JsonRecord, type ListedItem } from './json-record';
import type { JsonData } from './lossless-json';
import { SBA_FAMILIES, type SbaFamily } from './sba-families';
import { SbaHttpClient } from './sba-http-client';
import { type ResolvedSbaOptions, resolveSbaOptions, type SbaGpSourceOptions } from './sba-options';
import { checkOrder, isoInstant, lowerBoundOf } from './sba-page-checks';
import { continuationUrl, expandQuery, keyUrl, listUrl, resourceUrl } from './sba-url';

/** Where the last page of a family ended and how GP said to go on. */
interface Continuation {
  readonly since: string;
  readonly last: ChangePosition;
  readonly next: URL;
}

interface ListAnswer {
  readonly items: JsonObject[];
  readonly next: URL | null;
  readonly serverTime: string | null;
}

type Candidate = ListedItem & { readonly item: JsonObject };

/**
 * GpSource over GP's Service Based Architecture REST API (gp-api.md §3):
 * `GET <base>/Tenants(T)/Companies(<name>)/<resource>?<modified-since query>`.
 * SBA's query options, paging and JSON were never captured from a real
 * server, so all of them are options (sba-options.ts, README.md); the
 * defaults match the GP simulator.
 *
 * Paging: a page asks GP for at most `pageSize` items in (ModifiedDate, key)
 * order and GP's own continuation (a link or a token) leads to the next, so
 * ties on one ModifiedDate are neither split nor repeated by us. The poller's
 * `after` is matched against the page this source returned last; a request
 * that does not continue it (a new sweep, a restart) lists from
 * max(since, after.modifiedAt) and skips what is not after `after`. Memory
 * is one page.
 */
export class SbaGpSource implements GpSource {
  readonly kind = 'gp-sba';
  readonly company: string;
  readonly docTypes: readonly DocType[];
  private readonly options: ResolvedSbaOptions;
  private readonly client: SbaHttpClient;
  private readonly ownedDispatcher: Agent | undefined;
  private readonly logger: Logger;
  /** One per family: only the last page's continuation is ever needed. */
  private readonly continuations = new Map<DocType, Continuation>();

  constructor(options: SbaGpSourceOptions) {
    this.options = resolveSbaOptions(options);
    this.company = this.options.company;
    this.docTypes = this.options.docTypes;
    this.logger = options.logger ?? silentLogger;
    const { timeoutMs, maxConcurrentRequests } = this.options;
    this.ownedDispatcher =
      options.dispatcher === undefined
        ? new Agent({
            connections: maxConcurrentRequests,
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
            connect: { timeout: Math.min(timeoutMs, 10_000) },
          })
        : undefined;
    this.client = new SbaHttpClient({
      timeoutMs,
      maxResponseBytes: this.options.maxResponseBytes,
      dispatcher: options.dispatcher ?? this.ownedDispatcher!,
      authenticator: options.authenticator ?? noAuthentication,
      clock: options.clock ?? systemClock,
      logger: this.logger,
    });
  }

  /**
   * One page of documents GP reports as modified at or after `since`, after
   * `request.after`, sorted by (modifiedAt, key): at most `pageSize`, never
   * empty while `hasMore`, and `hasMore` true exactly when GP has more. Costs
   * one list request per GP page (plus one per document with `detail: 'by-key'`).
   */
  async listChanged(request: ListChangedRequest): Promise<ChangedPage> {
    const { docType, after, signal } = request;
    const family = SBA_FAMILIES[docType];
    if (family === undefined || !this.docTypes.includes(docType)) {
      throw new AgentError(AgentErrorCode.config, `this GP SBA source does not read ${docType}`);
    }
    const since = isoInstant(request.since, 'since');
    if (after !== undefined) isoInstant(after.modifiedAt, 'after.modifiedAt');
    const pageSize = Math.min(request.pageSize, this.options.pageSize);
    if (!Number.isInteger(pageSize) || pageSize < 1) {
      throw new AgentError(
        AgentErrorCode.config,
        `listChanged: pageSize must be an integer ≥ 1, got ${pageSize}`,
      );
    }
    const cached = this.continuations.get(docType);
    this.continuations.delete(docType);
    const continues =
      after !== undefined && cached?.since === since && comparePositions(cached.last, after) === 0;
    let skipThrough = after;
    let url = continues ? cached!.next : this.firstPageUrl(docType, since, skipThrough, pageSize);

    for (;;) {
      const answer = await this.list(docType, url, signal);
      const listed = answer.items.map((item): Candidate => ({ ...family.listed(item, this.options), item }));
      checkOrder(listed, docType, lowerBoundOf(since, skipThrough));
      const candidates = listed
        .filter(
          (entry) => entry.relayed && (skipThrough === undefined || comparePositions(entry, skipThrough) > 0),
        )
        .sort(comparePositions);
      const selected = candidates.slice(0, pageSize);
      // More than a page at once: the server ignored the page size. Keep one page; re-list for the rest.
      const cut = candidates.length > selected.length;
      if (cut)
        this.logger.warn('GP listed more than the page size asked for; check query.list', {
          docType,
          pageSize,
        });
      const documents = (await this.materialize(family, docType, selected, signal)).sort(comparePositions);
      const more = cut || answer.next !== null;
      if (documents.length === 0 && more) {
        // Nothing new here (ties already seen, untracked types, documents gone since): read on, never
        // hand the poller an empty page that claims more.
        const last = selected.at(-1);
        if (cut || answer.next === null) {
          skipThrough = { modifiedAt: last!.modifiedAt, key: last!.key };
          url = this.firstPageUrl(docType, since, skipThrough, pageSize);
        } else if (answer.next.href === url.href) {
          throw new AgentError(AgentErrorCode.gpProtocol, `GP's ${docType} list continues to the same page`);
        } else url = answer.next;
        continue;
      }
      const last = documents.at(-1);
      if (more && !cut && answer.next !== null && last !== undefined) {
        this.continuations.set(docType, {
          since,
          last: { modifiedAt: last.modifiedAt, key: last.key },
          next: answer.next,
        });
      }
      return { documents, hasMore: more, serverTime: answer.serverTime };
    }
  }

  /** Closes the keep-alive connections this source opened (not a dispatcher passed in). */
  async close(): Promise<void> {
    this.continuations.clear();
    await this.ownedDispatcher?.close();
  }

  private firstPageUrl(
    docType: DocType,
    since: string,
    after: ChangePosition | undefined,
    pageSize: number,
  ): URL {
    const from = lowerBoundOf(since, after);
    const query = expandQuery(this.options.query.list, {
      since: from,
      sinceUtc: from.replace(/Z$/, ''),
      pageSize: String(pageSize),
    });
    return listUrl(resourceUrl(this.options, docType), query);
  }

  private async list(docType: DocType, url: URL, signal: AbortSignal | undefined): Promise<ListAnswer> {
    const what = `the ${docType} list`;
    const { body, serverTime } = await this.client.getJson(url, what, signal);
    const { envelope, query } = this.options;
    const items = this.unwrap(body, what);
    if (!Array.isArray(items) || !items.every(isJsonObject)) {
      const has = isJsonObject(body)
        ? Object.keys(body).slice(0, 10).join(', ')
        : Array.isArray(body)
          ? 'a list'
          : typeof body;
      throw new AgentError(
        AgentErrorCode.gpProtocol,
        `GP's answer to ${what} has no list of objects in '${envelope.items}' (it has: ${has || 'nothing'}); set envelope.items`,
      );
    }
    const nextValue = isJsonObject(body) ? new JsonRecord(body, what).value(envelope.next) : undefined;
    if (nextValue !== undefined && typeof nextValue !== 'string') {
      throw new AgentError(AgentErrorCode.gpProtocol, `GP's ${envelope.next} in ${what} is not text`);
    }
    const token = nextValue?.trim() ?? '';
    let next: URL | null = null;
    if (token !== '' && query.continuation === 'link') next = continuationUrl(token, url);
    else if (token !== '') {
      next = new URL(url);
      const tokenPart = expandQuery(query.tokenQuery, { token });
      const tokenName = tokenPart.split('=')[0];
      const kept = url.search
        .slice(1)
        .split('&')
        .filter((pair) => pair !== '' && pair.split('=')[0] !== tokenName);
      next.search = `?${[...kept, tokenPart].join('&')}`;
    }
    return { items: items as JsonObject[], next, serverTime };
  }

  /** The selected list items as documents; with `detail: 'by-key'` each is read again by its key. */
  private async materialize(
    family: SbaFamily,
    docType: DocType,
    selected: readonly Candidate[],
    signal: AbortSignal | undefined,
  ): Promise<ChangedDocument[]> {
    if (this.options.detail === 'list') {
      return selected.map((entry) => family.read(entry.item, this.options)).filter((doc) => doc !== null);
    }
    const resource = resourceUrl(this.options, docType);
    const details = await mapBounded(
      selected,
      this.options.maxConcurrentRequests,
      async (entry, innerSignal) => {
        const what = `${docType} ${entry.key}`;
        const url = keyUrl(resource, this.options.keys[docType], new JsonRecord(entry.item, `SBA ${what}`));
        let body: JsonData;
        try {
          ({ body } = await this.client.getJson(url, what, innerSignal));
        } catch (error) {
          // Deleted between the list and this read (unposted work can be): nothing to relay.
          if ((error as { code?: unknown }).code === AgentErrorCode.gpNotFound) {
            this.logger.info('gp document vanished between list and detail', { docType, key: entry.key });
            return null;
          }
          throw error;
        }
        const object = this.unwrap(body, what);
        if (!isJsonObject(object)) {
          throw new AgentError(
            AgentErrorCode.gpProtocol,
            `GP's answer for ${what} holds no object in '${this.options.envelope.items}'`,
          );
        }
        const detail = family.read(object, this.options);
        if (detail === null || detail.key !== entry.key) {
          throw new AgentError(
            AgentErrorCode.gpProtocol,
            `GP answered ${what} with ${detail?.key ?? 'a document of another type'}`,
          );
        }
        // The list's ModifiedDate: the cursor must never pass a change the list did not see.
        return { ...detail, modifiedAt: entry.modifiedAt } as ChangedDocument;
      },
      signal,
    );
    return details.filter((document) => document !== null);
  }

  private unwrap(body: JsonData, what: string): JsonData | undefined {
    const member = this.options.envelope.items;
    if (member === '') return body;
    return isJsonObject(body) ? new JsonRecord(body, what).value(member) : undefined;
  }
}
