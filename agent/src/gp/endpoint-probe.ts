import type { SourceConfig } from '../config/agent-config';

/** A GET that tells whether a source's URL really is GP, for `agent doctor`. */
export interface EndpointProbe {
  url: URL;
  /** What a right answer is, for the report line. */
  what: string;
  isRight(status: number, body: string): boolean;
}

/**
 * Web Services serve their WSDL at `?wsdl`; the SBA GP Service answers its
 * discovery page at `/Tenants(<tenant>)/help` (gp-api.md §3.2).
 */
export function endpointProbe(source: SourceConfig): EndpointProbe {
  if (source.kind === 'gp-sba') {
    const tenant = source.sba.tenant ?? 'DefaultTenant';
    return {
      url: new URL(`${source.url.replace(/\/$/, '')}/Tenants(${encodeURIComponent(tenant)})/help`),
      what: 'the GP Service (SBA) discovery page',
      isRight: (status) => status === 200,
    };
  }
  return {
    url: new URL(`${source.url}?wsdl`),
    what: 'the GP Web Services WSDL',
    isRight: (status, body) => status === 200 && body.includes('GetPayablesInvoiceList'),
  };
}
