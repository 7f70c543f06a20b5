/**
 * The SBA URL grammar (gp-api.md §3.2):
 *   /GPService/Tenants(<tenant>)/help
 *   /GPService/Tenants(<tenant>)/Companies
 *   /GPService/Tenants(<tenant>)/Companies(<company NAME>)/<Module>/.../<Resource>[(<k1>[;<k2>])]
 * Segment names are case-insensitive (one field client writes `gpservice`).
 * The company is its display NAME, URL-encoded, and may itself hold commas
 * and parentheses (`Transcontinental Capital Corp (Bermuda) LTD`), so a
 * segment's value runs from its first `(` to its last `)`.
 */
export type SbaPath =
  | { readonly kind: 'help'; readonly tenant: string }
  | { readonly kind: 'companies'; readonly tenant: string }
  | {
      readonly kind: 'resource';
      readonly tenant: string;
      readonly company: string;
      /** Segments below the company, key removed, as sent (case kept). */
      readonly resource: readonly string[];
      /** Key parts of `Resource(k1;k2)`, decoded, quotes removed; null for the collection. */
      readonly key: readonly string[] | null;
    };

export class SbaPathError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
    this.name = 'SbaPathError';
  }
}

const WITH_VALUE = /^([^()]+)\((.*)\)$/s;

/** Parses a request path under /GPService/; throws SbaPathError (400 malformed, 404 not SBA). */
export function parseSbaPath(pathname: string): SbaPath {
  const raw = pathname.split('/').slice(1);
  if (raw.at(-1) === '') raw.pop();
  let segments: string[];
  try {
    segments = raw.map((segment) => decodeURIComponent(segment));
  } catch {
    throw new SbaPathError(400, `the path ${pathname} is not validly percent-encoded`);
  }
  if (segments[0]?.toLowerCase() !== 'gpservice')
    throw new SbaPathError(404, `${pathname} is not under /GPService/`);
  const tenant = named(segments[1], 'tenants');
  if (tenant === undefined) {
    throw new SbaPathError(404, 'expected /GPService/Tenants(<tenant>)/...');
  }
  const rest = segments.slice(2);
  if (rest.length === 1 && rest[0]!.toLowerCase() === 'help') return { kind: 'help', tenant };
  if (rest.length === 1 && rest[0]!.toLowerCase() === 'companies') return { kind: 'companies', tenant };
  const company = named(rest[0], 'companies');
  if (company === undefined || rest.length < 2) {
    throw new SbaPathError(404, 'expected /GPService/Tenants(<tenant>)/Companies(<company name>)/<resource>');
  }
  const resource = rest.slice(1);
  // [U] Early GP 2015 material shows a `.json` suffix on resource URLs; accept it.
  resource[resource.length - 1] = resource.at(-1)!.replace(/\.json$/i, '');
  const last = resource.at(-1)!;
  const keyed = WITH_VALUE.exec(last);
  let key: string[] | null = null;
  if (keyed) {
    resource[resource.length - 1] = keyed[1]!;
    key = keyed[2]!.split(';').map(unquote);
    if (key.some((part) => part === ''))
      throw new SbaPathError(400, `the key (${keyed[2]}) has an empty part`);
  }
  if (resource.some((segment) => !/^[A-Za-z][\w-]*$/.test(segment))) {
    throw new SbaPathError(404, `no SBA resource ${resource.join('/')}`);
  }
  return { kind: 'resource', tenant, company: company.trim(), resource, key };
}

/** The value of `Name(value)` when the segment is that name (case-insensitive). */
function named(segment: string | undefined, name: string): string | undefined {
  if (segment === undefined) return undefined;
  const match = WITH_VALUE.exec(segment);
  if (!match || match[1]!.toLowerCase() !== name) return undefined;
  return match[2];
}

/** OData writes string keys quoted (`('ACETRAVE0001')`); GP's own samples do not. Accept both. */
function unquote(part: string): string {
  const trimmed = part.trim();
  return /^'.*'$/s.test(trimmed) ? trimmed.slice(1, -1).replaceAll("''", "'") : trimmed;
}
