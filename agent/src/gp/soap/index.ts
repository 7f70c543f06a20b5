export { type CollectRequest, collectChangedPage, nextSpan, type WindowSpan } from './change-windows';
export { DetailCache } from './detail-cache';
export {
  glTransactionByKeyXml,
  glTransactionListXml,
  type ModifiedWindow,
  modifiedDateXml,
  payablesByKeyXml,
  payablesDocumentListXml,
  payablesTypeListXml,
  purchaseOrderByKeyXml,
  purchaseOrderListXml,
  vendorByKeyXml,
  vendorListXml,
} from './family-requests';
export {
  type GlTransactionSummary,
  glJournalKey,
  glJournalStateOf,
  readGlTransaction,
  readGlTransactionSummary,
} from './gl-journal-mapper';
export { DYNAMICS_NS, GP_NS, SOAP_ENV_NS, soapActionOf } from './gp-namespaces';
export { GpSoapClient, type GpSoapClientOptions } from './gp-soap-client';
export { gpDateOnly, gpDateTimeToIso, gpMoney, toGpDateTime } from './gp-values';
export {
  challengeSchemes,
  type HttpAuthenticator,
  type HttpAuthRequest,
  noAuthentication,
} from './http-authenticator';
export { PageCollector, type Positioned } from './page-collector';
export {
  docStateOf,
  type InvoiceSummary,
  type PayablesSummary,
  payablesKey,
  readInvoiceSummaries,
  readPayablesDocument,
  readPayablesInvoice,
  readPayablesSummary,
} from './payables-invoice-mapper';
export {
  contextXml,
  type GpCallContext,
  getPayablesInvoiceByKeyXml,
  getPayablesInvoiceListXml,
} from './payables-requests';
export { purchaseOrderStateOf, readPurchaseOrder, readPurchaseOrderSummary } from './purchase-order-mapper';
export { readSoapResponse, type SoapFaultInfo, type SoapResponse, soapEnvelope } from './soap-envelope';
export { GpAuthError, GpFaultError } from './soap-errors';
export { type FamilyDeps, type Listed, type SoapFamily, soapFamilies } from './soap-families';
export { SoapGpSource, type SoapGpSourceOptions } from './soap-gp-source';
export { SoapListStream, type SoapStreamOutcome } from './soap-list-stream';
export { readVendor, readVendorSummary, type VendorSummary, vendorStateOf } from './vendor-mapper';
