import type { Numeric5 } from './sql-types';

/** PM DOCTYPE codes (gp-api.md §5.4); the simulator keeps invoices, returns and credit memos. */
export const PmDocType = { invoice: 1, return: 4, creditMemo: 5 } as const;
export type PmDocType = (typeof PmDocType)[keyof typeof PmDocType];

/** The payables tables a document lives in: work (unposted), open (posted), history (fully applied). */
export const PmTable = { work: 'PM10000', open: 'PM20000', history: 'PM30200' } as const;
export type PmTable = (typeof PmTable)[keyof typeof PmTable];

/** PM00200.VENDSTTS. */
export const VendorStatus = { active: 1, inactive: 2, temporary: 3 } as const;
export type VendorStatus = (typeof VendorStatus)[keyof typeof VendorStatus];

/** Column widths of the char(n) columns the simulator fills (GP DDL). */
export const CharWidth = {
  VENDORID: 15,
  VENDNAME: 65,
  VENDSHNM: 15,
  VNDCLSID: 11,
  CURNCYID: 15,
  PYMTRMID: 21,
  VCHRNMBR: 21,
  DOCNUMBR: 21,
  BACHNUMB: 15,
  BCHSOURC: 15,
  TRXDSCRN: 31,
  PORDNMBR: 21,
  USERID: 15,
  STATE: 29,
  PHNUMBR1: 21,
} as const;

/** PM00200, vendor master. Strings are stored blank-padded like char(n). */
export interface VendorRow {
  vendorId: string;
  name: string;
  shortName: string;
  classId: string;
  status: VendorStatus;
  currencyId: string;
  paymentTermsId: string;
  /** HOLD tinyint. */
  hold: boolean;
  /** STATE, char(29): the vendor's (primary address) state or province. */
  state: string;
  /**
   * PHNUMBR1, char(21): GP keeps 10 digits of number and 4 of extension,
   * unformatted (`31255501230000`); blank when unknown.
   */
  phone: string;
  /** Workflow_Approval_Status of vendor approval (gp-api.md §5.4 codes); 9 = Not Enabled. */
  workflowApprovalStatus: number;
  createdDate: number;
  /** MODIFDT, date-only. */
  modifiedDate: number;
  /** DEX_ROW_TS, UTC, datetime precision. */
  dexRowTs: number;
}

/**
 * One payables document, in whichever table holds it. Columns follow
 * PM10000 / PM20000 / PM30200 (EF scaffold in gp-api.md §5.2); `hold` and
 * `voided` do not exist in PM10000 and are null there. Posting moves the row
 * (same voucher) from work to open; it is never in two tables at once.
 */
export interface PayablesDocumentRow {
  table: PmTable;
  /** VCHRNMBR (VCHNUMWK in PM10000), char(21). */
  voucherNumber: string;
  docType: PmDocType;
  vendorId: string;
  /** DOCNUMBR: the vendor's own document number. */
  documentNumber: string;
  description: string;
  poNumber: string;
  batchId: string;
  batchSource: string;
  currencyId: string;
  paymentTermsId: string;
  /** Date-only columns: DOCDATE, PSTGDATE, DUEDATE, DISCDATE; 1900-01-01 when unset. */
  documentDate: number;
  postingDate: number;
  dueDate: number;
  discountDate: number;
  purchaseAmount: Numeric5;
  tradeDiscountAmount: Numeric5;
  freightAmount: Numeric5;
  miscAmount: Numeric5;
  taxAmount: Numeric5;
  /** DOCAMNT = PRCHAMNT − TRDISAMT + FRTAMNT + MSCCHAMT + TAXAMNT. */
  documentAmount: Numeric5;
  /** CURTRXAM: what is still open. */
  currentAmount: Numeric5;
  totalPayments: Numeric5;
  /** XCHGRATE, 7 decimals as text; '1.0000000' for the functional currency. */
  exchangeRate: string;
  hold: boolean | null;
  voided: boolean | null;
  postedDate: number;
  postedBy: string;
  /** DINVPDOF: date the invoice was paid off. */
  paidOffDate: number;
  voidDate: number;
  /** MODIFDT, date-only business date of the last change. */
  modifiedDate: number;
  modifiedBy: string;
  /** DEX_ROW_TS: UTC of insert or last update, datetime precision. */
  dexRowTs: number;
  /** DEX_ROW_ID identity: a fresh one on every insert, so a moved row gets a new id. */
  dexRowId: number;
}
