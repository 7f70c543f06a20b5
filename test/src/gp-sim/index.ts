export {
  FABRIKAM,
  type GpSimulator,
  type GpSimulatorOptions,
  type SimCompanyOptions,
  startGpSimulator,
} from './gp-simulator';
export { documentJson } from './http/control-api';
export { type FaultKind, FaultQueue, type InjectedFault } from './http/fault-queue';
export { type Authenticate, type AuthResult, SOAP_PATH } from './http/sim-server';
export type { SimStats, SoapExchange } from './http/sim-stats';
export { type CompanyData, CompanyDatabase, type CompanyInfo, GpSimError } from './model/company-database';
export type { JournalLineInput, NewJournal } from './model/general-ledger';
export { CHART_OF_ACCOUNTS, type GlJournalRow, type GlLineRow, GlTable } from './model/gl-tables';
export type { DocKind, InvoiceChanges, NewInvoice, SimDate } from './model/invoice-input';
export {
  PoStatus,
  PoTable,
  PoType,
  type PurchaseOrderLineRow,
  type PurchaseOrderRow,
  WorkflowStatus,
} from './model/po-tables';
export type { NewPurchaseOrder, PurchaseOrderChanges, PurchaseOrderLineInput } from './model/purchase-orders';
export { formatNumeric5, parseNumeric5, roundToSqlDatetime, SQL_EMPTY_DATE } from './model/sql-types';
export { type PayablesDocumentRow, PmDocType, PmTable, type VendorRow, VendorStatus } from './model/tables';
export type { NewVendor, VendorChanges } from './model/vendor-master';
export { TRICKY_VENDOR_NAMES } from './model/vendor-names';
export type { ScenarioEvent, ScenarioHandle, ScenarioOptions, ScenarioTimer } from './scenario';
export { type LoggedException, SYSTEM_EXCEPTION_MESSAGE } from './soap/soap-fault';
