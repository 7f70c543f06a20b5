import { type Clock, DOC_TYPES, type DocType, type Logger } from '@gprelay/shared';
import type { Dispatcher } from 'undici';
import { AgentError, AgentErrorCode } from '../../errors';
import type { HttpAuthenticator } from '../soap/http-authenticator';
import { GL_JOURNAL_FIELDS, type GlJournalFields } from './gl-journal-json-mapper';
import { PAYABLES_FIELDS, type PayablesFields } from './payables-json-mapper';
import { PURCHASE_ORDER_FIELDS, type PurchaseOrderFields } from './purchase-order-json-mapper';
import { SBA_FAMILIES } from './sba-families';
import { unknownPlaceholders } from './sba-url';
import { VENDOR_FIELDS, type VendorFields } from './vendor-json-mapper';

/**
 * How list requests are written and continued. Everything here is a guess
 * about real SBA servers [U] (gp-api.md §3.7): the defaults match the GP
 * simulator; a field engineer sets what `/GPService/Tenants(T)/help` shows.
 */
export interface SbaQueryOptions {
  /**
   * Query string of a list's first page. Placeholders, each URL-encoded:
   * `{since}` (ISO 8601 UTC with `Z` and ms), `{sinceUtc}` (the same without
   * `Z`, for servers that take kind-less values as UTC), `{pageSize}`.
   * Default `$filter=ModifiedDate ge {since}&$top={pageSize}`.
   */
  list: string;
  /**
   * `link`: the continuation member holds the next page's URL (absolute, or
   * relative to the request), followed as is. `token`: it holds a token that
   * `tokenQuery` adds to the list query. Default `link`.
   */
  continuation: 'link' | 'token';
  /** With `token`: appended to the list query; placeholder `{token}`. Default `$skiptoken={token}`. */
  tokenQuery: string;
}

/** Where the answer keeps things. */
export interface SbaEnvelopeOptions {
  /** Member holding the list (and, on a by-key GET, the item); '' = the body itself. Default `Payload`. */
  items: string;
  /** Member holding the continuation; absent/null on the last page. Default `NextLink`. */
  next: string;
}

/** JSON member names per family. */
export interface SbaFieldOptions {
  'payables-invoice': PayablesFields;
  'purchase-order': PurchaseOrderFields;
  'gl-journal': GlJournalFields;
  vendor: VendorFields;
}

/**
 * What differs between SBA servers [U]: every member optional, JSON-able, so
 * agent.json can carry it (see sba-source-settings.ts).
 */
export interface SbaSourceSettings {
  /** `Tenants(<tenant>)`. Default `DefaultTenant` (single-tenant installs). */
  tenant?: string;
  /** Families to poll. Default: every family this adapter can read. */
  docTypes?: readonly DocType[];
  /** Resource path below `Companies(<name>)/`, per family (see DEFAULT_SBA_RESOURCES). */
  resources?: Partial<Record<DocType, string>>;
  query?: Partial<SbaQueryOptions>;
  envelope?: Partial<SbaEnvelopeOptions>;
  /** JSON member names, per family and member; unspecified members keep their default. */
  fields?: { [T in keyof SbaFieldOptions]?: Partial<SbaFieldOptions[T]> };
  /**
   * `list` (default): list items are full records, one request per page.
   * `by-key`: list items are summaries; each listed item is then read with
   * `GET <resource>(<key>)` built from `keys` (more requests, same records).
   */
  detail?: 'list' | 'by-key';
  /** By-key templates per family; `{Member}` = that member of the list item, trimmed and URL-encoded. */
  keys?: Partial<Record<DocType, string>>;
  /** Relay unposted GL journal entries (GL10000 work) too. Default false: posted entries only. */
  includeUnpostedJournals?: boolean;
  /** Cap on the page size asked of GP (a server may refuse a large one). Default: the poller's page size. */
  pageSize?: number;
}

export interface SbaGpSourceOptions extends SbaSourceSettings {
  /** GP Service root, e.g. https://gp01.corp.local/GPService (SBA defaults to port 443). */
  baseUrl: string;
  /** Company NAME as GP shows it (not its id or database): it goes in `Companies(<name>)` and every delta. */
  company: string;
  /** Budget of one HTTP request (connect, headers, body), ms. Default 30,000. */
  timeoutMs?: number;
  /** Cap on one response body, bytes; a page is bounded by its size, this guards against a server ignoring it. Default 16 MiB. */
  maxResponseBytes?: number;
  /** By-key requests in flight at once. Default 4. */
  maxConcurrentRequests?: number;
  authenticator?: HttpAuthenticator;
  /** undici dispatcher; default: an own keep-alive Agent. */
  dispatcher?: Dispatcher;
  clock?: Clock;
  logger?: Logger;
}

/** [U] Resource paths of the simulator's convention; gp-api.md §3.4 for the module names. */
export const DEFAULT_SBA_RESOURCES: Readonly<Record<DocType, string>> = {
  'payables-invoice': 'Purchasing/Payables/Transactions',
  'purchase-order': 'Purchasing/Transactions',
  'gl-journal': 'Financials/GeneralLedger/Transactions',
  vendor: 'Purchasing/Vendors',
};

/** [U] Keys of single items: payables as PM20000's (VCHRNMBR, DOCTYPE). */
export const DEFAULT_SBA_KEYS: Readonly<Record<DocType, string>> = {
  'payables-invoice': '({VoucherNumber};{DocumentType})',
  'purchase-order': '({PONumber})',
  'gl-journal': '({JournalEntry};{TransactionDate})',
  vendor: '({VendorId})',
};

export const DEFAULT_SBA_QUERY: Readonly<SbaQueryOptions> = {
  list: '$filter=ModifiedDate ge {since}&$top={pageSize}',
  continuation: 'link',
  tokenQuery: '$skiptoken={token}',
};

export const DEFAULT_SBA_ENVELOPE: Readonly<SbaEnvelopeOptions> = { items: 'Payload', next: 'NextLink' };

/** The families this adapter has mappers for. */
export const SBA_READABLE: readonly DocType[] = DOC_TYPES.filter(
  (docType) => SBA_FAMILIES[docType] !== undefined,
);

export interface ResolvedSbaOptions {
  readonly baseUrl: URL;
  readonly tenant: string;
  readonly company: string;
  readonly docTypes: readonly DocType[];
  readonly resources: Readonly<Record<DocType, string>>;
  readonly query: Readonly<SbaQueryOptions>;
  readonly envelope: Readonly<SbaEnvelopeOptions>;
  readonly fields: Readonly<SbaFieldOptions>;
  readonly detail: 'list' | 'by-key';
  readonly includeUnpostedJournals: boolean;
  readonly keys: Readonly<Record<DocType, string>>;
  readonly pageSize: number;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly maxConcurrentRequests: number;
}

type ResolvedSettings = Omit<
  ResolvedSbaOptions,
  'baseUrl' | 'company' | 'timeoutMs' | 'maxResponseBytes' | 'maxConcurrentRequests'
>;

/** Fills defaults and checks everything at once; throws AGENT_CONFIG_INVALID listing each problem. */
export function resolveSbaOptions(options: SbaGpSourceOptions): ResolvedSbaOptions {
  const problems: string[] = [];
  const baseUrl = parseBaseUrl(options.baseUrl, problems);
  if (options.company.trim() === '' || options.company.length > 65)
    problems.push('company must be 1 to 65 characters');
  const settings = resolveSettings(options, problems);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxResponseBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;
  const maxConcurrentRequests = options.maxConcurrentRequests ?? 4;
  if (!(timeoutMs > 0)) problems.push(`timeoutMs must be > 0, got ${timeoutMs}`);
  if (!(maxResponseBytes > 0)) problems.push(`maxResponseBytes must be > 0, got ${maxResponseBytes}`);
  if (!Number.isInteger(maxConcurrentRequests) || maxConcurrentRequests < 1) {
    problems.push(`maxConcurrentRequests must be ≥ 1, got ${maxConcurrentRequests}`);
  }
  if (problems.length > 0)
    throw new AgentError(AgentErrorCode.config, `GP SBA source: ${problems.join('; ')}`);
  return {
    ...settings,
    baseUrl: baseUrl!,
    company: options.company.trim(),
    timeoutMs,
    maxResponseBytes,
    maxConcurrentRequests,
  };
}

/** What is wrong with a set of SBA settings (agent.json checks them at start); empty when nothing. */
export function sbaSettingsProblems(settings: SbaSourceSettings): string[] {
  const problems: string[] = [];
  resolveSettings(settings, problems);
  return problems;
}

function resolveSettings(options: SbaSourceSettings, problems: string[]): ResolvedSettings {
  const tenant = options.tenant ?? 'DefaultTenant';
  if (tenant.trim() === '') problems.push('tenant must not be empty');
  const docTypes = options.docTypes ?? SBA_READABLE;
  for (const docType of docTypes) {
    if (!DOC_TYPES.includes(docType)) problems.push(`docTypes: '${docType}' is not a document family`);
    else if (!SBA_READABLE.includes(docType))
      problems.push(`docTypes: the SBA adapter cannot read ${docType} yet`);
  }
  const resources = { ...DEFAULT_SBA_RESOURCES, ...options.resources };
  for (const [docType, path] of Object.entries(resources)) {
    if (!DOC_TYPES.includes(docType as DocType))
      problems.push(`resources: '${docType}' is not a document family`);
    else if (path.trim() === '' || path.startsWith('/') || path.endsWith('/') || /[?#\s]/.test(path)) {
      problems.push(
        `resources.${docType} must be a path like 'Purchasing/Vendors' (no leading '/', no query)`,
      );
    }
  }
  const query = { ...DEFAULT_SBA_QUERY, ...options.query };
  if (!/\{since(Utc)?\}/.test(query.list)) {
    problems.push(
      'query.list must contain {since} or {sinceUtc}: without it every poll reads the whole table',
    );
  }
  for (const name of unknownPlaceholders(query.list, ['since', 'sinceUtc', 'pageSize'])) {
    problems.push(`query.list: unknown placeholder {${name}} (known: {since}, {sinceUtc}, {pageSize})`);
  }
  for (const name of unknownPlaceholders(query.tokenQuery, ['token'])) {
    problems.push(`query.tokenQuery: unknown placeholder {${name}} (known: {token})`);
  }
  if (query.continuation !== 'link' && query.continuation !== 'token') {
    problems.push(`query.continuation must be 'link' or 'token'`);
  }
  if (query.continuation === 'token' && !query.tokenQuery.includes('{token}')) {
    problems.push('query.tokenQuery must contain {token}');
  }
  const envelope = { ...DEFAULT_SBA_ENVELOPE, ...options.envelope };
  if (envelope.next === '') problems.push('envelope.next must name the continuation member');
  const fields = {
    'payables-invoice': { ...PAYABLES_FIELDS, ...options.fields?.['payables-invoice'] },
    'purchase-order': { ...PURCHASE_ORDER_FIELDS, ...options.fields?.['purchase-order'] },
    'gl-journal': { ...GL_JOURNAL_FIELDS, ...options.fields?.['gl-journal'] },
    vendor: { ...VENDOR_FIELDS, ...options.fields?.vendor },
  };
  for (const [family, members] of Object.entries(options.fields ?? {})) {
    const known = (DEFAULT_FIELDS as unknown as Record<string, object | undefined>)[family];
    if (known === undefined) {
      problems.push(`fields: '${family}' is not a document family`);
      continue;
    }
    for (const [member, name] of Object.entries(members ?? {})) {
      if (!Object.hasOwn(known, member)) {
        problems.push(
          `fields.${family}.${member} is not a member the adapter reads (${Object.keys(known).join(', ')})`,
        );
      } else if (typeof name !== 'string' || name.trim() === '') {
        problems.push(`fields.${family}.${member} must name a JSON member`);
      }
    }
  }
  const detail = options.detail ?? 'list';
  if (detail !== 'list' && detail !== 'by-key') problems.push(`detail must be 'list' or 'by-key'`);
  const keys = { ...DEFAULT_SBA_KEYS, ...options.keys };
  if (detail === 'by-key') {
    for (const docType of docTypes) {
      if (!/^\(.*\{\w+\}.*\)$/.test(keys[docType] ?? ''))
        problems.push(`keys.${docType} must look like ({Member};{Member})`);
    }
  }
  const pageSize = options.pageSize ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    problems.push(`pageSize must be an integer ≥ 1, got ${pageSize}`);
  return {
    tenant: tenant.trim(),
    docTypes: [...new Set(docTypes)],
    resources,
    query,
    envelope,
    fields,
    detail,
    includeUnpostedJournals: options.includeUnpostedJournals ?? false,
    keys,
    pageSize,
  };
}

const DEFAULT_FIELDS: SbaFieldOptions = {
  'payables-invoice': PAYABLES_FIELDS,
  'purchase-order': PURCHASE_ORDER_FIELDS,
  'gl-journal': GL_JOURNAL_FIELDS,
  vendor: VENDOR_FIELDS,
};

function parseBaseUrl(text: string, problems: string[]): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push(`baseUrl '${text}' is not a URL`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`baseUrl must be http or https, got ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') {
    problems.push('credentials do not belong in baseUrl; they live in the vault');
  }
  if (url.search !== '' || url.hash !== '') problems.push('baseUrl must not have a query or fragment');
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}
