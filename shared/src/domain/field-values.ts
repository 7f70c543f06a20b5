// The values record fields take on the wire. Kept apart from the TypeBox schemas that use them
// (payables-invoice.ts, purchase-order.ts, ...) so the agent can use them at run time without
// loading TypeBox: it checks frames with validators generated from the schemas (protocol/parse-frame.ts,
// protocol/frame-validators-codegen.ts).

export const DeltaOp = { upsert: 'upsert', delete: 'delete' } as const;
export type DeltaOp = (typeof DeltaOp)[keyof typeof DeltaOp];

/** GP payables document types the product relays (GP DOCTYPE 1, 4, 5). */
export const PayablesDocumentKind = {
  invoice: 'invoice',
  return: 'return',
  creditMemo: 'credit-memo',
} as const;
export type PayablesDocumentKind = (typeof PayablesDocumentKind)[keyof typeof PayablesDocumentKind];

/** Where GP keeps the document: work = unposted, open = posted, history = fully applied. */
export const PayablesTransactionState = { work: 'work', open: 'open', history: 'history' } as const;
export type PayablesTransactionState =
  (typeof PayablesTransactionState)[keyof typeof PayablesTransactionState];

/** GP POP10100.POSTATUS (1..6). */
export const PurchaseOrderStatus = {
  new: 'new',
  released: 'released',
  changeOrder: 'change-order',
  received: 'received',
  closed: 'closed',
  canceled: 'canceled',
} as const;
export type PurchaseOrderStatus = (typeof PurchaseOrderStatus)[keyof typeof PurchaseOrderStatus];

/** GP POP10100.POTYPE (1..4). */
export const PurchaseOrderType = {
  standard: 'standard',
  dropShip: 'drop-ship',
  blanket: 'blanket',
  dropShipBlanket: 'drop-ship-blanket',
} as const;

/** At most this many lines travel with a journal; the message shows the first few and the count. */
export const MAX_JOURNAL_LINES = 10;
