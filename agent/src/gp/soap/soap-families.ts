import { DocType, type PayablesDocumentKind } from '@gprelay/shared';
import { AgentError, AgentErrorCode } from '../../errors';
import type { ChangedDocument } from '../gp-source';
import {
  glTransactionByKeyXml,
  glTransactionListXml,
  type ModifiedWindow,
  payablesByKeyXml,
  payablesDocumentListXml,
  payablesTypeListXml,
  purchaseOrderByKeyXml,
  purchaseOrderListXml,
  vendorByKeyXml,
  vendorListXml,
} from './family-requests';
import {
  glJournalKey,
  glJournalStateOf,
  readGlTransaction,
  readGlTransactionSummary,
} from './gl-journal-mapper';
import type { GpSoapClient } from './gp-soap-client';
import type { Positioned } from './page-collector';
import {
  BY_KEY_OPERATION,
  docStateOf,
  type PayablesSummary,
  payablesKey,
  readPayablesDocument,
  readPayablesSummary,
} from './payables-invoice-mapper';
import type { GpCallContext } from './payables-requests';
import { purchaseOrderStateOf, readPurchaseOrder, readPurchaseOrderSummary } from './purchase-order-mapper';
import { readVendor, readVendorSummary, vendorStateOf } from './vendor-mapper';
import type { XmlNode } from './xml-reader';

/** A listed document: its key and GP's ModifiedDate, plus what its family needs to fetch it. */
export interface Listed extends Positioned {
  readonly modifiedAt: string;
}

/** One list request of a window and how to read its summaries (null: not ours, skip). */
export interface ListCall<S extends Listed> {
  readonly operation: string;
  readonly payload: string;
  read(item: XmlNode): S | null;
}

/** How the SOAP source reads one document family: list requests per window, one by-key call per document. */
export interface SoapFamily<S extends Listed = Listed> {
  readonly docType: DocType;
  /** Longest ModifiedDate window a list request may cover, ms; default a year (see change-windows.ts). */
  readonly maxWindowMs?: number;
  listCalls(window: ModifiedWindow): ListCall<S>[];
  /** The full document, mapped; null when GP answers an empty result. */
  fetch(summary: S, signal: AbortSignal): Promise<ChangedDocument | null>;
}

export interface FamilyDeps {
  readonly client: GpSoapClient;
  readonly context: GpCallContext;
  readonly company: string;
  /** GL: read unposted work (GL10000) too; default posted only. */
  readonly includeUnpostedJournals: boolean;
  /** Payables: one GetPayablesDocumentList per window, or the three per-type lists. */
  readonly payablesLists: 'combined' | 'per-type';
}

const listed = <T extends object>(key: string, modifiedAt: string, rest: T) => ({
  ...rest,
  key,
  modifiedAt,
  modifiedMs: Date.parse(modifiedAt),
});

function mismatch(operation: string, wanted: string, got: string): AgentError {
  return new AgentError(AgentErrorCode.gpProtocol, `${operation} for ${wanted} returned ${got}`);
}

type ListedPayables = PayablesSummary & Listed;

const PER_TYPE_LISTS = [
  ['GetPayablesInvoiceList', 'invoice'],
  ['GetPayablesReturnList', 'return'],
  ['GetPayablesCreditMemoList', 'credit-memo'],
] as const satisfies readonly (readonly [string, PayablesDocumentKind])[];

/** Invoices, returns and credit memos: one docType, `record.kind` tells them apart. */
function payablesFamily(deps: FamilyDeps): SoapFamily<ListedPayables> {
  const toListed = (summary: PayablesSummary | null): ListedPayables | null =>
    summary && listed(payablesKey(summary.voucherNumber, summary.kind), summary.modifiedAt, summary);
  return {
    docType: DocType.payablesInvoice,
    listCalls: (window) =>
      deps.payablesLists === 'combined'
        ? [
            {
              operation: 'GetPayablesDocumentList',
              payload: payablesDocumentListXml(window, deps.context),
              read: (item) => toListed(readPayablesSummary(item)),
            },
          ]
        : PER_TYPE_LISTS.map(([operation, kind]) => ({
            operation,
            payload: payablesTypeListXml(operation, window, deps.context),
            read: (item: XmlNode) => toListed(readPayablesSummary(item, kind)),
          })),
    async fetch(summary, signal) {
      const operation = BY_KEY_OPERATION[summary.kind];
      const response = await deps.client.call(
        operation,
        payablesByKeyXml(operation, summary.voucherNumber, deps.context),
        signal,
      );
      const record = readPayablesDocument(response, summary.kind, deps.company);
      if (record === null) return null;
      if (record.voucherNumber !== summary.voucherNumber)
        throw mismatch(operation, summary.voucherNumber, record.voucherNumber);
      return {
        docType: DocType.payablesInvoice,
        key: summary.key,
        modifiedAt: summary.modifiedAt,
        state: docStateOf(record.transactionState, record.voided, record.hold),
        record,
      };
    },
  };
}

function purchaseOrderFamily(deps: FamilyDeps): SoapFamily {
  return {
    docType: DocType.purchaseOrder,
    listCalls: (window) => [
      {
        operation: 'GetPurchaseOrderList',
        payload: purchaseOrderListXml(window, deps.context),
        read: (item) => {
          const summary = readPurchaseOrderSummary(item);
          return listed(summary.poNumber, summary.modifiedAt, {});
        },
      },
    ],
    async fetch(summary, signal) {
      const response = await deps.client.call(
        'GetPurchaseOrderByKey',
        purchaseOrderByKeyXml(summary.key, deps.context),
        signal,
      );
      const record = readPurchaseOrder(response, deps.company);
      if (record === null) return null;
      if (record.poNumber !== summary.key)
        throw mismatch('GetPurchaseOrderByKey', summary.key, record.poNumber);
      return {
        docType: DocType.purchaseOrder,
        key: summary.key,
        modifiedAt: summary.modifiedAt,
        state: purchaseOrderStateOf(record),
        record,
      };
    },
  };
}

type ListedJournal = Listed & { journalEntry: number; gpDate: string };

/** Posted journals (open and history years); unposted work only when the configuration asks for it. */
function glJournalFamily(deps: FamilyDeps): SoapFamily<ListedJournal> {
  const states = deps.includeUnpostedJournals
    ? (['Work', 'Open', 'History'] as const)
    : (['Open', 'History'] as const);
  return {
    docType: DocType.glJournal,
    listCalls: (window) => [
      {
        operation: 'GetGLTransactionList',
        payload: glTransactionListXml(window, states, deps.context),
        read: (item) => {
          const summary = readGlTransactionSummary(item);
          // Belt and braces: the criteria already leave work out unless it is wanted.
          if (summary.transactionState === 'work' && !deps.includeUnpostedJournals) return null;
          return listed(glJournalKey(summary.journalEntry, summary.date), summary.modifiedAt, {
            journalEntry: summary.journalEntry,
            gpDate: summary.gpDate,
          });
        },
      },
    ],
    async fetch(summary, signal) {
      const response = await deps.client.call(
        'GetGLTransactionByKey',
        glTransactionByKeyXml(summary.journalEntry, summary.gpDate, deps.context),
        signal,
      );
      const record = readGlTransaction(response, deps.company);
      if (record === null) return null;
      if (record.journalEntry !== summary.journalEntry)
        throw mismatch('GetGLTransactionByKey', String(summary.journalEntry), String(record.journalEntry));
      if (record.transactionState === 'work' && !deps.includeUnpostedJournals) return null;
      return {
        docType: DocType.glJournal,
        key: summary.key,
        modifiedAt: summary.modifiedAt,
        state: glJournalStateOf(record),
        record,
      };
    },
  };
}

type ListedVendor = Listed & { phone: string | null };

/**
 * Vendors are a master table of hundreds to a few thousand rows, touched now
 * and then over decades: read whole (from 1900) a century-long window holds
 * no more than a page or two, and yearly windows would cost a request per year.
 */
const VENDOR_MAX_WINDOW_MS = 150 * 366 * 86_400_000;

function vendorFamily(deps: FamilyDeps): SoapFamily<ListedVendor> {
  return {
    docType: DocType.vendor,
    maxWindowMs: VENDOR_MAX_WINDOW_MS,
    listCalls: (window) => [
      {
        operation: 'GetVendorList',
        payload: vendorListXml(window, deps.context),
        read: (item) => {
          const summary = readVendorSummary(item);
          return listed(summary.vendorId, summary.modifiedAt, { phone: summary.phone });
        },
      },
    ],
    async fetch(summary, signal) {
      const response = await deps.client.call(
        'GetVendorByKey',
        vendorByKeyXml(summary.key, deps.context),
        signal,
      );
      const record = readVendor(response, summary.phone, deps.company);
      if (record === null) return null;
      if (record.vendorId !== summary.key) throw mismatch('GetVendorByKey', summary.key, record.vendorId);
      return {
        docType: DocType.vendor,
        key: summary.key,
        modifiedAt: summary.modifiedAt,
        state: vendorStateOf(record),
        record,
      };
    },
  };
}

/** Every family the SOAP source can read, by docType. */
export function soapFamilies(deps: FamilyDeps): ReadonlyMap<DocType, SoapFamily> {
  const families: SoapFamily[] = [
    payablesFamily(deps) as unknown as SoapFamily,
    purchaseOrderFamily(deps),
    glJournalFamily(deps) as unknown as SoapFamily,
    vendorFamily(deps) as unknown as SoapFamily,
  ];
  return new Map(families.map((family) => [family.docType, family]));
}
