import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DocType } from '@gprelay/shared';
import type { FaultQueue, InjectedFault } from '../http/fault-queue';
import type { SimStats } from '../http/sim-stats';
import type { CompanyDatabase } from '../model/company-database';
import { type JsonValue, jsonText } from './json-text';
import { DEFAULT_SBA_CONVENTION, type SbaConvention } from './sba-convention';
import { helpPage } from './sba-help';
import { encodeToken, QUERY_PARAMS, readListQuery, SbaQueryError, selectPage } from './sba-list-query';
import { parseSbaPath, SbaPathError } from './sba-path';
import { SBA_RESOURCES, type SbaResource } from './sba-resources';

export interface SbaSurfaceOptions {
  readonly companies: ReadonlyMap<number, CompanyDatabase>;
  readonly convention?: SbaConvention;
  /** [U] Blank-padded char(n) values (default) or trimmed ones; the same switch as SOAP's. */
  readonly charPadding: 'padded' | 'trimmed';
  readonly faults: FaultQueue;
  readonly stats: () => SimStats;
  /** The simulated GP server's clock: the HTTP `Date` header comes from it. */
  readonly now: () => number;
}

/** The only tenant of a single-tenant install (gp-api.md §3.2). */
export const DEFAULT_TENANT = 'DefaultTenant';

/** An HTTP status with GP-flavoured JSON: `{ Code, Message, CorrelationId }` [U]. */
class SbaHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const JSON_TYPE = 'application/json; charset=utf-8';
const IIS_500 =
  '<!DOCTYPE html><html><head><title>500 - Internal server error.</title></head><body><h2>500 - Internal server error.</h2></body></html>';

/**
 * The SBA REST surface of the simulator (`deps.sba` of SimServer), serving the
 * same company databases as the SOAP endpoint. The server has already applied
 * latency and authentication. GET only: lists with a modified-since filter and
 * keyset-continued pages in (ModifiedDate, key) order, single items by key,
 * `/Companies`, and the `/help` discovery page. Injected faults (FaultQueue)
 * apply with operation `sba:<resource path>` (or none).
 */
export function createSbaSurface(options: SbaSurfaceOptions) {
  const convention = options.convention ?? DEFAULT_SBA_CONVENTION;
  const byPath = new Map<string, SbaResource>();
  for (const [docType, path] of Object.entries(convention.resources) as [DocType, string][]) {
    const resource = SBA_RESOURCES[docType];
    if (resource !== undefined) byPath.set(path.toLowerCase(), resource);
  }

  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> => {
    const stats = options.stats();
    stats.requests++;
    let label = 'sba:(unknown)';
    const reply = (status: number, contentType: string, body: string) => {
      const bytes = Buffer.byteLength(body);
      stats.responseBytes += bytes;
      stats.responseBytesByOperation[label] = (stats.responseBytesByOperation[label] ?? 0) + bytes;
      stats.statusCodes[status] = (stats.statusCodes[status] ?? 0) + 1;
      if (response.destroyed) return true;
      response.writeHead(status, {
        'Content-Type': contentType,
        'Content-Length': bytes,
        'Cache-Control': 'private',
        Date: new Date(options.now()).toUTCString(),
      });
      response.end(body);
      return true;
    };
    const replyJson = (status: number, value: JsonValue) => reply(status, JSON_TYPE, jsonText(value));
    const replyError = (error: SbaHttpError) =>
      replyJson(error.status, { Code: error.code, Message: error.message, CorrelationId: randomUUID() });

    try {
      const path = parseSbaPath(url.pathname);
      const resource =
        path.kind === 'resource' ? byPath.get(path.resource.join('/').toLowerCase()) : undefined;
      label =
        path.kind === 'resource'
          ? `sba:${resource === undefined ? path.resource.join('/') : convention.resources[resource.docType]}${path.key ? '(key)' : ''}`
          : `sba:${path.kind}`;
      stats.requestsByOperation[label] = (stats.requestsByOperation[label] ?? 0) + 1;
      const fault = options.faults.take(label);
      if (fault !== undefined) {
        stats.faultsInjected++;
        if (!(await injectFault(fault, response, reply, replyError))) return true;
      }
      if (path.tenant.toLowerCase() !== DEFAULT_TENANT.toLowerCase()) {
        throw new SbaHttpError(404, 'NotFound', `Tenant '${path.tenant}' does not exist.`);
      }
      if (request.method !== 'GET') {
        response.setHeader('Allow', 'GET');
        throw new SbaHttpError(405, 'MethodNotAllowed', `${request.method} is not supported here.`);
      }
      if (path.kind === 'help') {
        return reply(200, 'text/html; charset=utf-8', helpPage(convention, hostBase(request, url)));
      }
      if (path.kind === 'companies') {
        const companies = [...options.companies.values()].map((db) => ({
          Id: db.company.id,
          Name: db.company.name,
        }));
        return replyJson(200, { [convention.itemsField]: companies });
      }
      const company = companyByName(options.companies, path.company);
      if (company === undefined) {
        throw new SbaHttpError(
          404,
          'NotFound',
          `Company '${path.company}' does not exist or you have no access to it.`,
        );
      }
      if (resource === undefined) {
        throw new SbaHttpError(404, 'NotFound', `There is no resource ${path.resource.join('/')}.`);
      }
      const render = {
        charPadding: options.charPadding,
        dateFormat: convention.dateFormat,
        vendor: (vendorId: string) => company.vendor(vendorId),
      };
      if (path.key !== null) {
        const row = resource.byKey(company, path.key);
        if (row === undefined) {
          throw new SbaHttpError(
            404,
            'NotFound',
            `No ${path.resource.at(-1)} with key (${path.key.join(';')}).`,
          );
        }
        return replyJson(200, { [convention.itemsField]: resource.json(row, render) });
      }
      return replyJson(200, listPage(resource, company, url, request, convention, render));
    } catch (error) {
      if (error instanceof SbaHttpError) return replyError(error);
      if (error instanceof SbaPathError) {
        return replyError(
          new SbaHttpError(error.status, error.status === 404 ? 'NotFound' : 'BadRequest', error.message),
        );
      }
      if (error instanceof SbaQueryError)
        return replyError(new SbaHttpError(400, 'BadRequest', error.message));
      // Like GP: a generic message, the detail only on the server, a correlation id to find it.
      return replyError(
        new SbaHttpError(
          500,
          'InternalServerError',
          'An unexpected error occurred. Contact your system administrator.',
        ),
      );
    }
  };
}

function listPage(
  resource: SbaResource,
  company: CompanyDatabase,
  url: URL,
  request: IncomingMessage,
  convention: SbaConvention,
  render: Parameters<SbaResource['json']>[1],
): JsonValue {
  const query = readListQuery(url.searchParams, convention);
  const fromMs = Math.max(query.sinceMs, query.after?.ts ?? Number.NEGATIVE_INFINITY);
  const { rows, more } = selectPage(
    resource.rowsSince(company, Math.floor(fromMs)),
    (row) => resource.positionOf(row),
    query,
  );
  const body: Record<string, JsonValue> = {
    [convention.itemsField]: rows.map((row) => resource.json(row, render)),
  };
  if (more) {
    const token = encodeToken(resource.positionOf(rows.at(-1)!));
    if (convention.continuation === 'token') body[convention.nextField] = token;
    else {
      const next = new URL(url.toString());
      next.searchParams.set(QUERY_PARAMS[convention.query].token, token);
      // The path exactly as the client sent it (encoding and case kept), the query with the token.
      body[convention.nextField] = `${hostBase(request, url)}${url.pathname}${next.search}`;
    }
  }
  return body;
}

/** The origin the client reached us at, as IIS would write it into links. */
function hostBase(request: IncomingMessage, url: URL): string {
  return `http://${request.headers.host ?? url.host}`;
}

function companyByName(
  companies: ReadonlyMap<number, CompanyDatabase>,
  name: string,
): CompanyDatabase | undefined {
  const wanted = name.trim().toLowerCase();
  for (const company of companies.values()) {
    if (company.company.name.trim().toLowerCase() === wanted) return company;
  }
  return undefined;
}

/** Applies an injected fault; true when the request should then be answered normally (after a stall). */
async function injectFault(
  fault: InjectedFault,
  response: ServerResponse,
  reply: (status: number, contentType: string, body: string) => boolean,
  replyError: (error: SbaHttpError) => boolean,
): Promise<boolean> {
  switch (fault.kind) {
    case 'stall':
      return new Promise((resolve) => {
        const timer =
          fault.ms === undefined ? undefined : setTimeout(() => resolve(!response.destroyed), fault.ms);
        response.once('close', () => {
          if (timer) clearTimeout(timer);
          resolve(false);
        });
      });
    case 'http-500':
      reply(500, 'text/html', IIS_500);
      return false;
    case 'http-401':
      response.setHeader('WWW-Authenticate', ['Negotiate', 'NTLM']);
      reply(401, 'text/html', '<!DOCTYPE html><html><body><h2>401 - Unauthorized.</h2></body></html>');
      return false;
    case 'malformed':
      reply(200, JSON_TYPE, '{"Payload":[{"VoucherNumber":"000');
      return false;
    case 'disconnect':
      response.socket?.destroy();
      return false;
    case 'soap-fault':
      // GP's own error for the SBA surface: JSON, generic text, a correlation id.
      replyError(
        new SbaHttpError(500, 'InternalServerError', fault.message ?? 'An unexpected error occurred.'),
      );
      return false;
  }
}
