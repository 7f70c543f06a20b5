export { GL_JOURNAL_FIELDS, type GlJournalFields } from './gl-journal-json-mapper';
export { type JsonData, parseLosslessJson, plainDecimal } from './lossless-json';
export { PAYABLES_FIELDS, type PayablesFields } from './payables-json-mapper';
export { PURCHASE_ORDER_FIELDS, type PurchaseOrderFields } from './purchase-order-json-mapper';
export { SbaGpSource } from './sba-gp-source';
export {
  DEFAULT_SBA_ENVELOPE,
  DEFAULT_SBA_KEYS,
  DEFAULT_SBA_QUERY,
  DEFAULT_SBA_RESOURCES,
  SBA_READABLE,
  type SbaEnvelopeOptions,
  type SbaFieldOptions,
  type SbaGpSourceOptions,
  type SbaQueryOptions,
} from './sba-options';
export { VENDOR_FIELDS, type VendorFields } from './vendor-json-mapper';
