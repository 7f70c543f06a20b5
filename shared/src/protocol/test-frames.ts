// Valid frames of every type, and a delta of every document family, for the protocol's tests.
import type { Delta, GlJournalDelta, PurchaseOrderDelta, VendorDelta } from '../domain/delta';
import type { Money } from '../domain/money';
import type { VendorRecord } from '../domain/vendor';
import type { FrameType } from './frame-types';
import type { Frame } from './frames';
import { PROTOCOL_VERSION } from './version';

const usd = (value: string): Money => ({ value, currency: 'USD', decimalDigits: 2 });
const deltaFields = {
  company: 'Fabrikam, Inc.',
  op: 'upsert',
  modifiedAt: '2026-11-25T10:00:00.123Z',
} as const;

export const delta: Delta = {
  ...deltaFields,
  eventId: 'a'.repeat(64),
  docType: 'payables-invoice',
  key: '00000000000001550',
  version: '3f2a',
  state: 'unposted',
  record: {
    voucherNumber: '00000000000001550',
    kind: 'invoice',
    documentNumber: 'INV-1001',
    vendorId: 'ACETRAVE0001',
    vendorName: 'A Travel Company',
    amount: usd('1250.00'),
    documentDate: '2026-11-25',
    dueDate: '2026-12-25',
    batchId: 'APINV1125',
    transactionState: 'work',
    hold: null,
    voided: false,
    companyName: 'Fabrikam, Inc.',
  },
};

export const purchaseOrderDelta: PurchaseOrderDelta = {
  ...deltaFields,
  eventId: 'c'.repeat(64),
  docType: 'purchase-order',
  key: 'PO2001',
  version: '77aa',
  state: 'approved',
  record: {
    poNumber: 'PO2001',
    type: 'standard',
    status: 'released',
    vendorId: 'ACETRAVE0001',
    vendorName: 'A Travel Company',
    buyerId: null,
    lineCount: 3,
    total: usd('980.10'),
    remainingSubtotal: usd('980.10'),
    documentDate: '2026-11-24',
    promisedDate: null,
    requestedDate: '2026-12-01',
    onHold: false,
    approval: 'Approved',
    transactionState: 'work',
    companyName: 'Fabrikam, Inc.',
  },
};

export const glJournalDelta: GlJournalDelta = {
  ...deltaFields,
  eventId: 'd'.repeat(64),
  docType: 'gl-journal',
  key: '4411',
  version: '01',
  state: 'posted',
  record: {
    journalEntry: 4411,
    batchId: 'GLTRX1125',
    sourceDocument: 'GJ',
    reference: 'Month-end accrual',
    transactionDate: '2026-11-30',
    transactionState: 'open',
    debitTotal: usd('500.00'),
    creditTotal: usd('500.00'),
    lineCount: 2,
    lines: [
      { account: '000-6100-00', description: 'Accrual', debit: usd('500.00'), credit: usd('0.00') },
      { account: '000-2100-00', description: 'Accrual', debit: usd('0.00'), credit: usd('500.00') },
    ],
    voided: false,
    companyName: 'Fabrikam, Inc.',
  },
};

export const vendorRecord: VendorRecord = {
  vendorId: 'ACME0001',
  name: 'Acme Supplies',
  classId: 'USA-ILMO-T1',
  status: 'active',
  onHold: false,
  isOneTime: false,
  phone: null,
  currency: 'Z-US$',
  paymentTerms: 'Net 30',
  createdDate: '2020-01-15',
  companyName: 'Fabrikam, Inc.',
};

export const vendorDelta: VendorDelta = {
  ...deltaFields,
  eventId: 'b'.repeat(64),
  docType: 'vendor',
  key: 'ACME0001',
  version: '9c1d',
  state: 'on-hold',
  record: { ...vendorRecord, onHold: true },
};

export const oneOfEach: Record<FrameType, Frame> = {
  hello: {
    type: 'hello',
    protocolVersion: PROTOCOL_VERSION,
    agentVersion: '0.1.0',
    companies: ['Fabrikam, Inc.'],
    capabilities: ['gp-soap'],
  },
  welcome: {
    type: 'welcome',
    protocolVersion: PROTOCOL_VERSION,
    agentId: 'agt_1',
    tenantId: 'tnt_1',
    config: { pollIntervalMs: 15_000, docTypes: ['payables-invoice'], heartbeatIntervalMs: 20_000 },
  },
  deltas: { type: 'deltas', batchId: 'b1', items: [delta] },
  ack: { type: 'ack', batchId: 'b1', accepted: 1, duplicates: 0 },
  status: {
    type: 'status',
    sources: [
      {
        company: 'Fabrikam, Inc.',
        docType: 'payables-invoice',
        lastSuccessAt: '2026-11-25T10:00:00.000Z',
        lastError: null,
        cursorLagMs: 1200,
      },
    ],
    outboxDepth: 3,
    oldestOutboxAgeMs: 500,
    outboxDropped: 0,
  },
  alert: {
    type: 'alert',
    code: 'gp.auth_failed',
    message: 'GP refused svc-gp@CORP',
    details: { principal: 'svc-gp@CORP' },
  },
  command: { type: 'command', command: 'poll-now' },
  error: { type: 'error', code: 'PROTOCOL_INVALID_FRAME', message: 'bad', retryable: false },
};
