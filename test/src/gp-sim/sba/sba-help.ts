import type { DocType } from '@gprelay/shared';
import { escapeText } from '../soap/xml-writer';
import type { SbaConvention } from './sba-convention';
import { QUERY_PARAMS } from './sba-list-query';
import { SBA_RESOURCES } from './sba-resources';

/**
 * `/GPService/Tenants(DefaultTenant)/help`: the discovery page. MS calls it
 * "the discovery service" but never documents its format (gp-api.md §8.9);
 * this one lists what a field engineer compares with a real server's page:
 * resource paths, keys, verbs, the list query and the envelope.
 */
export function helpPage(convention: SbaConvention, origin: string): string {
  const names = QUERY_PARAMS[convention.query];
  const listQuery =
    convention.query === 'odata'
      ? `${QUERY_PARAMS.odata.filter}=ModifiedDate ge 2024-05-01T13:22:05.123Z&amp;${names.top}=100`
      : `${QUERY_PARAMS.params.since}=2024-05-01T13:22:05.123Z&amp;${names.top}=100`;
  const rows = (Object.entries(convention.resources) as [DocType, string][])
    .filter(([docType]) => SBA_RESOURCES[docType] !== undefined)
    .map(([docType, path]) => {
      const keys = SBA_RESOURCES[docType]!.keyNames.map((name) => `{${name}}`).join(';');
      return `<tr><td>${escapeText(docType)}</td><td>GET</td><td><code>Companies({CompanyName})/${escapeText(path)}?${listQuery}</code></td><td><code>Companies({CompanyName})/${escapeText(path)}(${keys})</code></td></tr>`;
    })
    .join('');
  const base = `${escapeText(origin)}/GPService/Tenants(DefaultTenant)/`;
  return `<!DOCTYPE html><html><head><title>Microsoft Dynamics GP Service (simulator)</title></head><body>
<h1>Microsoft Dynamics GP Service</h1>
<p>Base address: <code>${base}</code>. Companies are addressed by name, URL-encoded: <code>Companies(Fabrikam%2C%20Inc.)</code>. Composite keys are separated by <code>;</code>.</p>
<h2>Resources</h2>
<table><tr><th>Family</th><th>Verb</th><th>List</th><th>Item</th></tr>${rows}
<tr><td>companies</td><td>GET</td><td><code>Companies</code></td><td></td></tr></table>
<h2>Lists</h2>
<p>Filter: <code>${escapeText(convention.query === 'odata' ? `${QUERY_PARAMS.odata.filter}=ModifiedDate ge|gt <instant>` : `${QUERY_PARAMS.params.since}=<instant>`)}</code>, instants in ISO 8601, UTC when no offset is given. Page size: <code>${names.top}</code> (default ${convention.defaultPageSize}, at most ${convention.maxPageSize}). Order: ModifiedDate, then the key.</p>
<p>Envelope: <code>{ "${escapeText(convention.itemsField)}": [ ... ], "${escapeText(convention.nextField)}": ${convention.continuation === 'link' ? '"&lt;URL of the next page&gt;"' : `"&lt;token for ${names.token}&gt;"`} }</code>; the continuation is absent on the last page. Dates: ${convention.dateFormat === 'iso' ? 'ISO 8601 without offset (UTC)' : '<code>/Date(milliseconds)/</code>'}. Money: JSON numbers at the column scale (5 decimals).</p>
<p>Errors: <code>{ "Code": "...", "Message": "...", "CorrelationId": "..." }</code> with HTTP 400, 404, 405 or 500.</p>
</body></html>`;
}
