import { GP_NS } from '../../wsdl/wsdl-file';
import { childElement, isNil, type XmlElement } from '../../wsdl/xml-tree';
import { sqlKey } from '../model/sql-types';
import { type PayablesDocumentRow, PmDocType, PmTable } from '../model/tables';
import type { OperationEnv } from './operation-env';
import { payablesInvoiceXml, type RenderOptions, summaryRenderer, TRANSACTION_STATE } from './payables-xml';
import { type RequestContext, readContext } from './request-context';
import { readDateRestriction, readEnumRestriction, readStringRestriction } from './restrictions';

const DAY_MS = 86_400_000;
const ROWS_PER_CHUNK = 200;
const TABLE_ORDER: Record<PmTable, number> = { [PmTable.work]: 0, [PmTable.open]: 1, [PmTable.history]: 2 };

/**
 * GetPayablesInvoiceList: every invoice (DOCTYPE 1) in work, open and
 * history that matches the criteria, as PayablesInvoiceSummary. No paging:
 * GP's Criteria has no top/skip. [U] Order: work, open, history, each by
 * voucher (clustered key order); clients must not rely on it.
 */
export function getPayablesInvoiceList(payload: XmlElement, env: OperationEnv): string | string[] {
  const context = readContext(payload, 'GetPayablesInvoiceList', env.companies, env.log, true);
  const company = context.company!;
  const criteria = childElement(payload, GP_NS, 'criteria');
  const member = (name: string) =>
    criteria === undefined || isNil(criteria) ? undefined : childElement(criteria, GP_NS, name);
  const modified = readDateRestriction(member('ModifiedDate'), env.serverUtcOffsetMinutes);
  const date = readDateRestriction(member('Date'), env.serverUtcOffsetMinutes);
  // [I] DocumentId is the document key, i.e. the voucher number.
  const documentId = readStringRestriction(member('DocumentId'));
  const vendorId = readStringRestriction(member('VendorId'));
  const batchId = readStringRestriction(member('BatchId'));
  const state = readEnumRestriction(
    member('TransactionState'),
    'PayablesTransactionState',
    Object.values(TRANSACTION_STATE),
  );
  const render = renderOptions(env, context);
  const byModifiedDate =
    render.modifiedDateSource === 'modifdt'
      ? (row: PayablesDocumentRow) => row.modifiedDate
      : (row: PayablesDocumentRow) => row.dexRowTs;

  // MODIFDT is the date of DEX_ROW_TS, never later, so a DEX_ROW_TS range
  // widened by a day at the top covers both ModifiedDate sources.
  const candidates =
    modified !== undefined &&
    (Number.isFinite(modified.lowerBoundMs) || Number.isFinite(modified.upperBoundMs))
      ? company.documentsModifiedBetween(modified.lowerBoundMs, modified.upperBoundMs + DAY_MS)
      : company.documents();
  const matches: PayablesDocumentRow[] = [];
  for (const row of candidates) {
    if (row.docType !== PmDocType.invoice) continue;
    if (modified && !modified.test(byModifiedDate(row))) continue;
    if (date && !date.test(row.documentDate)) continue;
    if (state && !state(TRANSACTION_STATE[row.table])) continue;
    if (documentId && !documentId(row.voucherNumber)) continue;
    if (vendorId && !vendorId(row.vendorId)) continue;
    if (batchId && !batchId(row.batchId)) continue;
    matches.push(row);
  }
  matches.sort(
    (a, b) =>
      TABLE_ORDER[a.table] - TABLE_ORDER[b.table] ||
      (a.voucherNumber < b.voucherNumber ? -1 : a.voucherNumber > b.voucherNumber ? 1 : 0),
  );
  if (matches.length === 0) {
    return `<GetPayablesInvoiceListResponse xmlns="${GP_NS}"><GetPayablesInvoiceListResult /></GetPayablesInvoiceListResponse>`;
  }
  // Chunks of a few hundred kB instead of one string: a 100,000-invoice answer
  // is ~145 MB, and one giant concatenation costs more than rendering it.
  const summary = summaryRenderer(render);
  const chunks = [`<GetPayablesInvoiceListResponse xmlns="${GP_NS}"><GetPayablesInvoiceListResult>`];
  for (let at = 0; at < matches.length; at += ROWS_PER_CHUNK) {
    let chunk = '';
    for (const row of matches.slice(at, at + ROWS_PER_CHUNK))
      chunk += `<PayablesInvoiceSummary>${summary(row)}</PayablesInvoiceSummary>`;
    chunks.push(chunk);
  }
  chunks.push('</GetPayablesInvoiceListResult></GetPayablesInvoiceListResponse>');
  return chunks;
}

/**
 * GetPayablesInvoiceByKey: the full PayablesInvoice. [U] An unknown voucher
 * (or one that is not an invoice) is a system exception, logged with the reason.
 */
export function getPayablesInvoiceByKey(payload: XmlElement, env: OperationEnv): string {
  const operation = 'GetPayablesInvoiceByKey';
  const context = readContext(payload, operation, env.companies, env.log, true);
  const key = childElement(payload, GP_NS, 'key');
  const id = key && !isNil(key) ? childElement(key, GP_NS, 'Id') : undefined;
  if (id === undefined || isNil(id) || id.text.trim() === '') {
    throw env.log.systemException(operation, 'The key of the payables invoice is missing.');
  }
  const row = context.company!.document(id.text);
  if (row === undefined || row.docType !== PmDocType.invoice) {
    throw env.log.systemException(
      operation,
      `Business object not found: PayablesInvoice '${sqlKey(id.text)}'.`,
    );
  }
  const body = payablesInvoiceXml(row, renderOptions(env, context));
  return `<GetPayablesInvoiceByKeyResponse xmlns="${GP_NS}"><GetPayablesInvoiceByKeyResult>${body}</GetPayablesInvoiceByKeyResult></GetPayablesInvoiceByKeyResponse>`;
}

function renderOptions(env: OperationEnv, context: RequestContext): RenderOptions {
  const company = context.company!;
  return {
    companyId: company.company.id,
    currencyType: context.currencyType,
    charPadding: env.charPadding,
    modifiedDateSource: env.modifiedDateSource,
    vendor: (vendorId) => company.vendor(vendorId),
  };
}
