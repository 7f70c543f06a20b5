import type { DocType } from '@gprelay/shared';

/**
 * How the simulated SBA surface spells things. Nothing of SBA's query options,
 * paging or JSON was ever captured from a real server (gp-api.md §3.7, §8), so
 * every member is a guess [U]; the default is one plausible, documented
 * convention (see README.md beside this file), and tests mount others to prove
 * the agent's adapter can be configured to meet a real server.
 */
export interface SbaConvention {
  /**
   * Resource path below `Companies(<name>)/`, per document family. [U] The
   * defaults follow the GP 2015 RTM module list (gp-api.md §3.4): payables as
   * `Purchasing/Payables/Transactions`, POs as `Purchasing/Transactions`;
   * vendors as `Purchasing/Vendors`. GL journals are not in that list at all.
   */
  readonly resources: Readonly<Record<DocType, string>>;
  /**
   * [U] Query dialect of a list request.
   * - `odata`: `$filter=ModifiedDate ge <instant>`, `$top=<n>`, `$skiptoken=<token>`.
   * - `params`: `modifiedSince=<instant>`, `pageSize=<n>`, `continuationToken=<token>`.
   */
  readonly query: 'odata' | 'params';
  /** [U] Envelope member holding the list (an array) or the single item (an object). Default `Payload`. */
  readonly itemsField: string;
  /** [U] Envelope member holding the continuation; absent on the last page. Default `NextLink`. */
  readonly nextField: string;
  /**
   * [U] `link`: the continuation is the next page's absolute URL (query and
   * token included). `token`: it is only the opaque token; the client sends it
   * back with its own query (`$skiptoken` or `continuationToken`).
   */
  readonly continuation: 'link' | 'token';
  /**
   * [U] Date and time values: `iso` = kind-less ISO 8601 (`2024-05-01T13:22:05.123`,
   * UTC by GP's convention, as Json.NET prints a SQL datetime); `wcf` =
   * `/Date(1714569725123)/`, as WCF's DataContractJsonSerializer prints it.
   */
  readonly dateFormat: 'iso' | 'wcf';
  /** Page size when the request names none. Default 100. */
  readonly defaultPageSize: number;
  /** Largest page served; a larger request is cut to it and continues. Default 1000. */
  readonly maxPageSize: number;
}

export const DEFAULT_SBA_CONVENTION: SbaConvention = Object.freeze({
  resources: Object.freeze({
    'payables-invoice': 'Purchasing/Payables/Transactions',
    'purchase-order': 'Purchasing/Transactions',
    'gl-journal': 'Financials/GeneralLedger/Transactions',
    vendor: 'Purchasing/Vendors',
  }),
  query: 'odata',
  itemsField: 'Payload',
  nextField: 'NextLink',
  continuation: 'link',
  dateFormat: 'iso',
  defaultPageSize: 100,
  maxPageSize: 1000,
});

/** The default convention with some members replaced (resources merge per family). */
export function sbaConvention(
  overrides: Partial<Omit<SbaConvention, 'resources'>> & {
    resources?: Partial<Record<DocType, string>>;
  } = {},
): SbaConvention {
  const resources = { ...DEFAULT_SBA_CONVENTION.resources, ...overrides.resources };
  for (const [docType, path] of Object.entries(resources)) {
    if (!/^[A-Za-z][\w-]*(\/[A-Za-z][\w-]*)*$/.test(path)) {
      throw new RangeError(`SBA resource path for ${docType} must be segments like 'Purchasing/Vendors'`);
    }
  }
  return Object.freeze({ ...DEFAULT_SBA_CONVENTION, ...overrides, resources: Object.freeze(resources) });
}
