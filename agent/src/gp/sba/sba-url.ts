import type { DocType } from '@gprelay/shared';
import { AgentError, AgentErrorCode } from '../../errors';
import type { JsonRecord } from './json-record';
import type { ResolvedSbaOptions } from './sba-options';

/**
 * A value inside `Name(...)` of an SBA path: percent-encoded, parentheses and
 * quotes too, so `Transcontinental Capital Corp (Bermuda) LTD` or
 * `Fabrikam, Inc.` cannot end the segment early (gp-api.md §3.2 shows both
 * `%28…%29` and raw parentheses in field code).
 */
export function encodePathValue(value: string): string {
  return encodeURIComponent(value).replace(
    /[()'*!]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `<base>/Tenants(<tenant>)/Companies(<name>)/<resource path>` */
export function resourceUrl(options: ResolvedSbaOptions, docType: DocType): URL {
  const base = options.baseUrl;
  const path = options.resources[docType]
    .split('/')
    .map((segment) => encodeURI(segment))
    .join('/');
  return new URL(
    `${base.origin}${base.pathname}/Tenants(${encodePathValue(options.tenant)})/Companies(${encodePathValue(options.company)})/${path}`,
  );
}

/**
 * Expands a query template written as one reads it (`$filter=ModifiedDate ge
 * {since}&$top={pageSize}`): placeholders are replaced, then each name and
 * value is percent-encoded (`$` kept in names, which OData servers expect
 * literally). A template already percent-encoded is decoded first, so both
 * spellings work.
 */
export function expandQuery(template: string, values: Readonly<Record<string, string>>): string {
  return template
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      const name = at < 0 ? pair : pair.slice(0, at);
      const value = at < 0 ? undefined : pair.slice(at + 1);
      const encodedName = encodeURIComponent(fill(safeDecode(name), values)).replaceAll('%24', '$');
      return value === undefined
        ? encodedName
        : `${encodedName}=${encodeURIComponent(fill(safeDecode(value), values))}`;
    })
    .join('&');
}

/** URL of one list page: the resource with the expanded query (and the continuation token). */
export function listUrl(resource: URL, query: string): URL {
  const url = new URL(resource);
  url.search = query === '' ? '' : `?${query}`;
  return url;
}

/**
 * The URL a continuation points to, resolved against the request's; refused
 * unless it stays on GP's origin: the agent's Negotiate/NTLM credentials must
 * never be offered to a host a server response named.
 */
export function continuationUrl(link: string, requestUrl: URL): URL {
  let url: URL;
  try {
    url = new URL(link, requestUrl);
  } catch {
    throw new AgentError(AgentErrorCode.gpProtocol, `GP's continuation '${link.slice(0, 200)}' is not a URL`);
  }
  if (url.origin !== requestUrl.origin) {
    throw new AgentError(
      AgentErrorCode.gpProtocol,
      `GP's continuation points to ${url.origin}, not ${requestUrl.origin}; the agent does not follow it`,
    );
  }
  return url;
}

/** `<resource>(<k1>;<k2>)` from a key template and a list item's members. */
export function keyUrl(resource: URL, template: string, item: JsonRecord): URL {
  const key = template.replace(/\{(\w+)\}/g, (_, member: string) => encodePathValue(item.required(member)));
  const url = new URL(resource);
  // The template's own parentheses and separators stay literal; the values inside are encoded.
  url.pathname = `${url.pathname}${key}`;
  return url;
}

function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Placeholders a template may use; anything else in braces is a typo worth reporting at start. */
export function unknownPlaceholders(template: string, known: readonly string[]): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)]
    .map((match) => match[1]!)
    .filter((name) => !known.includes(name));
}
