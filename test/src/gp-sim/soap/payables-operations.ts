import { GP_NS } from '../../wsdl/wsdl-file';
import type { XmlElement } from '../../wsdl/xml-tree';
import { sqlKey } from '../model/sql-types';
import { type PayablesDocumentRow, PmDocType, PmTable } from '../model/tables';
import { candidateRows, criteriaOf, keyMember, listResponse, requestKey } from './list-criteria';
import type { OperationEnv, OperationHandler } from './operation-env';
import { DOCUMENT_TYPE, payablesDocumentXml, summaryRenderer, TRANSACTION_STATE } from './payables-xml';
import type { RenderOptions } from './render-common';
import { type RequestContext, readContext } from './request-context';
import { readDateRestriction, readEnumRestriction, readStringRestriction } from './restrictions';

const TABLE_ORDER: Record<PmTable, number> = { [PmTable.work]: 0, [PmTable.open]: 1, [PmTable.history]: 2 };

const ALL_DOCUMENT_TYPES = [
  'Invoice',
  'Finance Charge',
  'Miscellaneous Charge',
  'Return',
  'Credit Memo',
  'Payment',
];

/** How each payables document type is named in the legacy endpoint. */
const PAYABLES_TYPES = {
  [PmDocType.invoice]: { object: 'PayablesInvoice', label: 'payables invoice' },
  [PmDocType.return]: { object: 'PayablesReturn', label: 'payables return' },
  [PmDocType.creditMemo]: { object: 'PayablesCreditMemo', label: 'payables credit memo' },
} as const;

/**
 * Get<Type>List: every document of one DOCTYPE (or, for
 * GetPayablesDocumentList, of the types its `Type` restriction names, each
 * summary saying its Type) in work, open and history that
 * matches the PayablesDocumentCriteriaBase members, as <Type>Summary. No
 * paging: GP's Criteria has no top/skip. [U] Order: work, open, history,
 * each by voucher (clustered key order); clients must not rely on it.
 */
function payablesList(docType: PmDocType | 'any'): OperationHandler {
  const object = docType === 'any' ? 'PayablesDocument' : PAYABLES_TYPES[docType].object;
  const operation = `Get${object}List`;
  return (payload, env) => {
    const context = readContext(payload, operation, env.companies, env.log, true);
    const company = context.company!;
    const member = criteriaOf(payload);
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
    // PayablesDocumentCriteria adds Type; the simulator keeps invoices, returns and credit memos only.
    const type =
      docType === 'any'
        ? readEnumRestriction(member('Type'), 'PayablesDocumentType', ALL_DOCUMENT_TYPES)
        : undefined;
    const render = renderOptions(env, context);
    const byModifiedDate =
      render.modifiedDateSource === 'modifdt'
        ? (row: PayablesDocumentRow) => row.modifiedDate
        : (row: PayablesDocumentRow) => row.dexRowTs;
    const matches: PayablesDocumentRow[] = [];
    const rows = candidateRows(
      modified,
      (from, to) => company.documentsModifiedBetween(from, to),
      () => company.documents(),
    );
    for (const row of rows) {
      if (
        docType === 'any' ? type !== undefined && !type(DOCUMENT_TYPE[row.docType]) : row.docType !== docType
      )
        continue;
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
    const summary = summaryRenderer(render);
    const renderRow =
      docType === 'any'
        ? (row: PayablesDocumentRow) => `${summary(row)}<Type>${DOCUMENT_TYPE[row.docType]}</Type>`
        : summary;
    return listResponse(operation, `${object}Summary`, matches, renderRow);
  };
}

/**
 * Get<Type>ByKey: the full document of that DOCTYPE with this voucher
 * number (GP keys payables on voucher + DOCTYPE). [U] An unknown voucher is a
 * system exception, logged with the reason.
 */
function payablesByKey(docType: PmDocType): OperationHandler {
  const { object, label } = PAYABLES_TYPES[docType];
  const operation = `Get${object}ByKey`;
  return (payload: XmlElement, env: OperationEnv) => {
    const context = readContext(payload, operation, env.companies, env.log, true);
    const id = keyMember(requestKey(payload), 'Id');
    if (id === undefined) throw env.log.systemException(operation, `The key of the ${label} is missing.`);
    const row = context.company!.documentOfType(id, docType);
    if (row === undefined) {
      throw env.log.systemException(operation, `Business object not found: ${object} '${sqlKey(id)}'.`);
    }
    const body = payablesDocumentXml(row, renderOptions(env, context));
    return `<${operation}Response xmlns="${GP_NS}"><${operation}Result>${body}</${operation}Result></${operation}Response>`;
  };
}

export const getPayablesDocumentList = payablesList('any');
export const getPayablesInvoiceList = payablesList(PmDocType.invoice);
export const getPayablesInvoiceByKey = payablesByKey(PmDocType.invoice);
export const getPayablesCreditMemoList = payablesList(PmDocType.creditMemo);
export const getPayablesCreditMemoByKey = payablesByKey(PmDocType.creditMemo);
export const getPayablesReturnList = payablesList(PmDocType.return);
export const getPayablesReturnByKey = payablesByKey(PmDocType.return);

export function renderOptions(env: OperationEnv, context: RequestContext): RenderOptions {
  const company = context.company!;
  return {
    companyId: company.company.id,
    currencyType: context.currencyType,
    charPadding: env.charPadding,
    modifiedDateSource: env.modifiedDateSource,
    vendor: (vendorId) => company.vendor(vendorId),
  };
}
