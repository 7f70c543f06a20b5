import type { SbaConvention } from './sba-convention';

/** A place in the list order (ModifiedDate, key parts). */
export interface ListPosition {
  /** DEX_ROW_TS, epoch ms. */
  readonly ts: number;
  readonly key: readonly string[];
}

/** What a list request asks for, whatever the dialect. */
export interface ListQuery {
  /** Lower bound on ModifiedDate, epoch ms (may carry sub-ms digits); -Infinity without a filter. */
  readonly sinceMs: number;
  /** `ge` (true) or `gt` (false). */
  readonly sinceInclusive: boolean;
  readonly top: number;
  /** Strictly after this position (from the continuation token). */
  readonly after: ListPosition | undefined;
}

export class SbaQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SbaQueryError';
  }
}

/** Names of the query parameters in each dialect. */
export const QUERY_PARAMS = {
  odata: { filter: '$filter', top: '$top', token: '$skiptoken' },
  params: { since: 'modifiedSince', top: 'pageSize', token: 'continuationToken' },
} as const;

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Reads a list request's query in the convention's dialect; throws
 * SbaQueryError (→ 400) for anything it does not understand, so a
 * misconfigured client hears about it instead of silently getting everything.
 */
export function readListQuery(params: URLSearchParams, convention: SbaConvention): ListQuery {
  const names = QUERY_PARAMS[convention.query];
  let sinceMs = Number.NEGATIVE_INFINITY;
  let sinceInclusive = true;
  if (convention.query === 'odata') {
    for (const name of params.keys()) {
      const known: readonly string[] = Object.values(QUERY_PARAMS.odata);
      if (name.startsWith('$') && !known.includes(name)) {
        throw new SbaQueryError(`The query option ${name} is not supported.`);
      }
    }
    const filter = single(params, QUERY_PARAMS.odata.filter);
    if (filter !== undefined) ({ sinceMs, sinceInclusive } = readFilter(filter));
  } else {
    const since = single(params, QUERY_PARAMS.params.since);
    if (since !== undefined) sinceMs = readInstant(since, QUERY_PARAMS.params.since);
  }
  const topText = single(params, names.top);
  let top = convention.defaultPageSize;
  if (topText !== undefined) {
    if (!/^\d{1,9}$/.test(topText) || Number(topText) < 1) {
      throw new SbaQueryError(`${names.top} must be a positive integer, got '${topText}'.`);
    }
    top = Math.min(Number(topText), convention.maxPageSize);
  }
  const token = single(params, names.token);
  return { sinceMs, sinceInclusive, top, after: token === undefined ? undefined : decodeToken(token) };
}

/** `ModifiedDate ge <instant>` or `gt`; the instant bare, quoted, or as OData v3 `datetime'…'`. */
function readFilter(filter: string): { sinceMs: number; sinceInclusive: boolean } {
  const match = /^\s*ModifiedDate\s+(ge|gt)\s+(?:datetime(?:offset)?)?'?([^']+?)'?\s*$/i.exec(filter);
  if (!match) {
    throw new SbaQueryError(
      `The filter '${filter}' is not supported; use 'ModifiedDate ge <ISO 8601 date and time>'.`,
    );
  }
  return { sinceMs: readInstant(match[2]!, '$filter'), sinceInclusive: match[1]!.toLowerCase() === 'ge' };
}

/** An ISO 8601 instant; no offset means UTC (GP stores UTC). Keeps sub-ms digits. */
export function readInstant(text: string, name: string): number {
  const match = INSTANT.exec(text.trim());
  const ms = match
    ? Date.parse(`${text.trim().slice(0, 19)}${match[8] ?? 'Z'}`) + Number(`0.${match[7] ?? '0'}`) * 1000
    : Number.NaN;
  if (!match || Number.isNaN(ms)) {
    throw new SbaQueryError(`${name}: '${text}' is not an ISO 8601 date and time.`);
  }
  return ms;
}

function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) throw new SbaQueryError(`${name} is given ${values.length} times.`);
  return values[0];
}

/** The continuation token: opaque to clients (base64url), a keyset position inside. */
export function encodeToken(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.ts, ...position.key]), 'utf8').toString('base64url');
}

function decodeToken(token: string): ListPosition {
  try {
    const parts = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(parts) &&
      parts.length >= 2 &&
      Number.isFinite(parts[0]) &&
      parts.slice(1).every((part) => typeof part === 'string')
    ) {
      return { ts: parts[0] as number, key: parts.slice(1) as string[] };
    }
  } catch {
    // falls through to the error below
  }
  throw new SbaQueryError('The continuation token is not valid.');
}

export function comparePosition(left: ListPosition, right: ListPosition): number {
  if (left.ts !== right.ts) return left.ts - right.ts;
  for (let at = 0; at < Math.max(left.key.length, right.key.length); at++) {
    const a = left.key[at] ?? '';
    const b = right.key[at] ?? '';
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}

/**
 * One page in (ModifiedDate, key) order from rows that arrive in ModifiedDate
 * order (ties in any order): ties are sorted by key group by group, so only
 * the rows up to the page end plus one tie group are ever looked at. `more`
 * is exact: true only when a row follows the page.
 */
export function selectPage<R>(
  rowsByTime: Iterable<R>,
  positionOf: (row: R) => ListPosition,
  query: ListQuery,
): { rows: R[]; more: boolean } {
  const picked: R[] = [];
  let group: { row: R; position: ListPosition }[] = [];
  const passes = (position: ListPosition) =>
    (query.sinceInclusive ? position.ts >= query.sinceMs : position.ts > query.sinceMs) &&
    (query.after === undefined || comparePosition(position, query.after) > 0);
  const flush = () => {
    group.sort((a, b) => comparePosition(a.position, b.position));
    for (const entry of group) if (passes(entry.position)) picked.push(entry.row);
    group = [];
  };
  for (const row of rowsByTime) {
    const position = positionOf(row);
    if (group.length > 0 && group[0]!.position.ts !== position.ts) {
      flush();
      if (picked.length > query.top) break;
    }
    group.push({ row, position });
  }
  if (picked.length <= query.top) flush();
  return { rows: picked.slice(0, query.top), more: picked.length > query.top };
}
